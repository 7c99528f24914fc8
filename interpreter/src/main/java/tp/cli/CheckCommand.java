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
import tp.out.Progress;
import tp.out.Reporter;
import tp.pipeline.CheckOptions;
import tp.pipeline.Pipeline;
import tp.plot.Plots;

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

    @Option(names = "--plot", paramLabel = "FILE", description = "Write the convergence plot (.png or .svg).")
    String plot;

    @Option(names = "--plot-values", paramLabel = "FILE",
            description = "Write each output's mean against width (.png or .svg): a coordinate check.")
    String plotValues;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the values plot.")
    String title;

    @Mixin LimitFlags limit;

    @Option(names = "--finite-only", description = "Skip the limit: statistics, rates and plots of the widths alone "
            + "(for programs without a limit, such as SP's coordinate check).")
    boolean finiteOnly;

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    /** A plot's file can be written: checked before the computation, not after it. */
    static void writable(String file) {
        java.nio.file.Path p = java.nio.file.Path.of(file).toAbsolutePath();
        java.nio.file.Path folder = p.getParent();
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            throw new Main.UsageError("cannot write " + file + ": the folder " + folder + " does not exist");
        }
        if (java.nio.file.Files.isDirectory(p)) throw new Main.UsageError("cannot write " + file + ": it is a folder");
        if (!java.nio.file.Files.isWritable(folder) || (java.nio.file.Files.exists(p) && !java.nio.file.Files.isWritable(p))) {
            throw new Main.UsageError("cannot write " + file + ": permission denied");
        }
    }

    @Override
    public Integer call() throws IOException {
        Reporter reporter = Reporter.parse(format);
        PrintWriter err = spec.commandLine().getErr();
        CheckOptions options = new CheckOptions(widths, seeds, seed, threads,
                limit.options(LimitOptions.DEFAULT_REPLICATES, seed, threads).withProgress(err), finiteOnly);
        for (String f : new String[] {plot, plotValues}) {
            if (f != null && !f.toLowerCase().endsWith(".png") && !f.toLowerCase().endsWith(".svg")) {
                throw new Main.UsageError("a plot is written as .png or .svg; got " + f);
            }
            if (f != null) writable(f);
        }
        Program p = common.load(file, err);
        ConvergenceCheck.Result r;
        try (Progress bar = new Progress(err, "tp: check, runs", Pipeline.runs(options))) {
            r = Pipeline.check(p, options, bar::step);
        }
        if (plot != null) Plots.convergence(r, plot);
        if (plotValues != null) Plots.values(r, plotValues, title);
        spec.commandLine().getOut().print(reporter.check(r));
        spec.commandLine().getOut().flush();
        return r.ok() ? 0 : 1;
    }
}
