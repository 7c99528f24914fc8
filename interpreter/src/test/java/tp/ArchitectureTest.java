package tp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages point one way, from the shells down to the syntax, so that each layer can be read,
 * tested and changed without the ones above it: a backend that drew its own progress bar or a
 * REPL that borrowed from the command line would tie the layers back together, and the compiler
 * alone would not notice. Read from the compiled classes.
 */
class ArchitectureTest {
    /**
     * From the bottom up. A package may use the tiers below its own and nothing else of tp: not
     * the tiers above, nor its siblings (the two backends know nothing of each other or of the
     * checker; the reports know nothing of the plots). A new package takes its place here.
     */
    private static final List<List<String>> TIERS = List.of(
            List.of("grammar"),
            List.of("syntax", "numerics"),
            List.of("fn"),
            List.of("ir"),
            List.of("check", "finite", "limit"),
            List.of("convergence"),
            List.of("pipeline"),
            List.of("sweep"),
            List.of("out", "plot"),
            List.of("repl"),
            List.of("cli"));

    private static final JavaClasses CLASSES =
            new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("tp");

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("tp.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachPackageUsesOnlyTheTiersBelowIt() {
        List<ArchRule> rules = new ArrayList<>();
        for (int t = 0; t < TIERS.size(); t++) {
            for (String pkg : TIERS.get(t)) {
                List<String> notBelow = new ArrayList<>();
                for (List<String> tier : TIERS.subList(t, TIERS.size())) {
                    for (String other : tier) if (!other.equals(pkg)) notBelow.add("tp." + other + "..");
                }
                if (notBelow.isEmpty()) continue;
                rules.add(noClasses().that().resideInAPackage("tp." + pkg + "..").should().dependOnClassesThat()
                        .resideInAnyPackage(notBelow.toArray(new String[0])));
            }
        }
        CompositeArchRule.of(rules).check(CLASSES);
    }
}
