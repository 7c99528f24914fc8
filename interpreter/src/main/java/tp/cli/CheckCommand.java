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
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.out.CheckReport;
import tp.out.ProgressBar;
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
    List<Integer> widths = List.of(256, 512, 1024, 2048);

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds per width (default 16).")
    int seeds = 16;

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

    @Option(names = "--method", paramLabel = "M", description = "Tier for the limit: auto, exact, quadrature or particles.")
    String method = "auto";

    @Option(names = "--tol", paramLabel = "TOL", description = "Target error of each quadrature (default 1e-10).")
    double tol = 1e-10;

    @Option(names = "--particles", paramLabel = "N", description = "Particles in all, when particles are used.")
    int particles = LimitOptions.DEFAULT_PARTICLES;

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
        Format fmt = Format.parse(format);
        Common.checkSeeds(seeds, 2);
        if (widths.size() < 2) throw new Main.UsageError("--widths needs at least two widths");
        for (int w : widths) if (w < 1) throw new Main.UsageError("a width must be at least 1; got " + w);
        Common.checkThreads(threads);
        for (String f : new String[] {plot, plotValues}) {
            if (f != null && !f.toLowerCase().endsWith(".png") && !f.toLowerCase().endsWith(".svg")) {
                throw new Main.UsageError("a plot is written as .png or .svg; got " + f);
            }
            if (f != null) writable(f);
        }
        List<Integer> sorted = widths.stream().sorted().distinct().toList();
        PrintWriter err = spec.commandLine().getErr();
        Program p = common.load(file, err);
        Common.checkWidths(p, sorted);
        LimitOptions opts = LimitCommand.options(tol, method).withParticles(particles, LimitOptions.DEFAULT_REPLICATES, seed)
                .withThreads(threads).withProgress(ProgressBar.on(err));
        LimitResult limit = finiteOnly ? null : new LimitBackend(p, opts).run();
        FiniteRun.Result finite;
        int tasks = sorted.size() * seeds;
        try (ProgressBar bar = new ProgressBar(err, "tp: check, runs", tasks)) {
            finite = FiniteRun.sweep(p, sorted, seed, seeds, threads, bar::step);
        }
        ConvergenceCheck.Result r = ConvergenceCheck.of(limit, finite, p);
        if (plot != null) Plots.convergence(r, plot);
        if (plotValues != null) Plots.values(r, plotValues, title);
        String text = fmt == Format.JSON ? CheckReport.json(r) : fmt == Format.CSV ? CheckReport.csv(r) : CheckReport.table(r);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return r.ok() ? 0 : 1;
    }
}
