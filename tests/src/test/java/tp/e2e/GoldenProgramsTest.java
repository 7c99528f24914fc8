package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program in programs/ beside its golden finite-width output ({@code X.out}): width 128,
 * seeds 0..2. Regenerate with {@code mvn verify -Dtp.regenerate=true}.
 */
class GoldenProgramsTest {
    static final String[] ARGS = {"--width", "128", "--seeds", "3", "--seed", "0"};

    @TestFactory
    Stream<DynamicTest> programs() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Cli.ROOT.resolve("programs"))) {
            files = s.filter(p -> p.toString().endsWith(".tp")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 5, "programs/ should hold at least five programs");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path tp) throws IOException {
        String[] args = new String[ARGS.length + 2];
        args[0] = "run";
        args[1] = tp.toString();
        System.arraycopy(ARGS, 0, args, 2, ARGS.length);
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        Path golden = Path.of(tp.toString().replaceAll("\\.tp$", ".out"));
        if (Cli.regenerate() || !Files.exists(golden)) {
            Files.writeString(golden, r.out());
            if (!Cli.regenerate()) throw new AssertionError("no golden file; wrote " + golden + ": check it and commit it");
        }
        assertEquals(Files.readString(golden), r.out(), "output of " + tp.getFileName() + " changed");
    }
}
