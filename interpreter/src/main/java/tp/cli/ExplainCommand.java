package tp.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.ir.Program;
import tp.ir.Relevant;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.pipeline.Pipeline;

/** {@code tp explain}: the derivation of the limit, step by step. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "The Master-Theorem derivation, step by step: the rule applied, Z in terms of Gaussian atoms, "
                + "each family's covariance, each Ż coefficient, and which tier produced each number.")
final class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Parameters(index = "1..*", paramLabel = "NAME", description = "Only the steps these values depend on.")
    List<String> names;

    @Option(names = "--tol", paramLabel = "TOL", description = "Target error of each quadrature (default 1e-10).")
    double tol = 1e-10;

    @Option(names = "--method", paramLabel = "M", description = "auto, exact or quadrature.")
    String method = "auto";

    @Mixin Common common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Program p = common.load(file, spec.commandLine().getErr());
        LimitResult r = Pipeline.limit(p, LimitOptions.defaults().withTol(Pipeline.tol(tol)).with(Pipeline.method(method)));
        Set<Integer> keep = names == null ? null
                : Relevant.closure(p, names, n -> new Main.UsageError("explain: no value or output named `" + n + "`"));
        out.println("program " + p.name() + " — the Master Theorem, step by step");
        out.println();
        out.print(r.derivation().render(keep));
        if (r.reruns() != null) {
            // each step above shows its own error; what the dynamics make of them is in the outputs' errors
            out.println();
            out.println("the steps' errors above are their own; the outputs' errors (tp limit) include "
                    + tp.out.LimitReport.reruns(r.reruns()).substring("errors include ".length()));
        }
        out.flush();
        return 0;
    }
}
