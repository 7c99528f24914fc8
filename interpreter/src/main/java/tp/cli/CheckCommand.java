package tp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.convergence.ConvergenceCheck;
import tp.ir.Program;
import tp.limit.LimitOptions;
import tp.out.ProgressBar;
import tp.out.Reporter;
import tp.pipeline.CheckOptions;
import tp.pipeline.Pipeline;

/** {@code tp check}: watch finite widths converge to the limit at the predicted rate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compute the limit of every output, run a sweep of widths × seeds, fit the rate at which the seed "
                + "spread shrinks (n^-1/2 expected), and say whether the program behaves as the Master Theorem predicts. "
                + "Every `expect` is checked in the limit and at the largest width. Exit 1 when anything is inconsistent.")
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Option(names = "--widths", split = ",", paramLabel = "N,N,…", description = "Widths (default 256,512,1024,2048).")
    List<Integer> widths = CheckOptions.DEFAULT_WIDTHS;

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds per width (default " + CheckOptions.DEFAULT_SEEDS + ").")
    int seeds = CheckOptions.DEFAULT_SEEDS;

    @Option(names = "--seed", paramLabel = "S", description = "First seed (default 0); also seeds particles.")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the cores). Never changes a result.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin PlotFlags plots;

    @Mixin LimitFlags limit;

    @Option(names = "--finite-only", description = "Skip the limit: statistics, rates and plots of the widths alone "
            + "(for programs without a limit, such as SP's coordinate check).")
    boolean finiteOnly;

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    @Override
    public Integer call() throws IOException {
        Reporter reporter = Reporter.parse(format);
        PrintWriter err = spec.commandLine().getErr();
        CheckOptions options = new CheckOptions(widths, seeds, seed, threads,
                limit.options(LimitOptions.DEFAULT_REPLICATES, seed, threads).withProgress(ProgressBar.on(err)), finiteOnly);
        plots.checkTargets();
        Program p = common.load(file, err);
        ConvergenceCheck.Result r = Pipeline.check(p, options, ProgressBar.on(err));
        plots.write(r, err);
        spec.commandLine().getOut().print(reporter.check(r));
        spec.commandLine().getOut().flush();
        return r.ok() ? 0 : 1;
    }
}
