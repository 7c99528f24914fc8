package tp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.out.ProgressBar;
import tp.out.Reporter;
import tp.pipeline.Pipeline;
import tp.sweep.Grid;
import tp.sweep.Shard;
import tp.sweep.ShardFile;
import tp.sweep.Sweep;
import tp.sweep.SweepResult;
import tp.sweep.SweepSpec;

/** {@code tp sweep}: a grid of params × widths × seeds (and the limit); the best value per width and whether it transfers. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every point of a grid of params at every width × seed (and, with --limit, in the limit); report per "
                + "width the best value of the swept param (the first --grid, or --over) for an objective output, with a "
                + "bootstrap interval over seeds, and whether the optimum moves with width (a fitted exponent): learning-rate "
                + "transfer. Parallel and deterministic; --shard i/k and `tp merge` split it into jobs; --spark runs it on a cluster.")
final class SweepCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Option(names = "--grid", paramLabel = "NAME=VALUES", required = true,
            description = "A swept param (repeatable): FROM..TO:COUNT:log (log spacing), FROM..TO:COUNT, or V1,V2,…")
    List<String> grid = new ArrayList<>();

    @Option(names = "--over", paramLabel = "NAME", description = "The param whose best value is sought (default: the first --grid).")
    String over;

    @Option(names = "--widths", split = ",", paramLabel = "N,N,…", description = "Widths (default 128,512,2048).")
    List<Integer> widths = List.of(128, 512, 2048);

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds per cell (default 8).")
    int seeds = 8;

    @Option(names = "--seed", paramLabel = "S", description = "First seed (default 0); also seeds particles.")
    long seed;

    @Option(names = "--limit", description = "Also run every grid point in the infinite-width limit.")
    boolean limit;

    @Option(names = "--limit-only", description = "Run every grid point in the limit only (no finite widths).")
    boolean limitOnly;

    @Option(names = "--objective", paramLabel = "OUTPUT", description = "The scalar output to optimise (default: the last scalar output).")
    String objective;

    @Option(names = "--maximize", description = "Seek the largest objective (default: the smallest).")
    boolean maximize;

    @Option(names = "--minimize", description = "Seek the smallest objective (the default).")
    boolean minimize;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the cores). Never changes a result.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shard", paramLabel = "i/k", description = "Run only the i-th of k deterministic slices of the cells and write a shard file for `tp merge`.")
    String shard;

    @Option(names = "--out", paramLabel = "FILE", description = "The shard file (default sweep-i-of-k.shard).")
    String out;

    @Option(names = "--spark", paramLabel = "MASTER_URL",
            description = "Compute the cells on a Spark cluster (spark://host:7077); needs the optional tp-spark module (docs/sweep.md).")
    String spark;

    @Mixin SweepPlotFlags plots;

    @Mixin LimitFlags limitFlags;

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    @Override
    public Integer call() throws IOException {
        Reporter reporter = Reporter.parse(format);
        PrintWriter err = spec.commandLine().getErr();
        if (maximize && minimize) throw new Main.UsageError("--maximize and --minimize contradict each other");
        List<Grid> grids = new ArrayList<>();
        for (String g : grid) grids.add(Grid.parse(g));
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        if (shard == null && out != null) throw new Main.UsageError("--out names a shard file: give it with --shard i/k");
        if (shard != null && plots.plot != null) throw new Main.UsageError("--plot needs the whole sweep: plot after `tp merge`");
        plots.checkTarget();
        List<String> sets = new ArrayList<>();
        common.overrides(); // checks the values
        for (Map.Entry<String, String> e : common.sets.entrySet()) sets.add(e.getKey() + "=" + e.getValue());
        SweepSpec s = SweepSpec.of(Pipeline.source(file), sets, grids, over, limitOnly ? List.of() : widths, seeds, seed, limit || limitOnly, Pipeline.tol(limitFlags.tol),
                limitFlags.method, limitFlags.particles, objective, maximize, err);
        SweepResult r = Sweep.run(s, part, threads, spark, ProgressBar.on(err));
        if (shard != null) {
            Path target = Path.of(out != null ? out : "sweep-" + part.i() + "-of-" + part.k() + ".shard");
            ShardFile.write(r, target);
            long n = java.util.Arrays.stream(r.cells()).filter(java.util.Objects::nonNull).count();
            err.println("tp: shard " + part + ": " + n + " of " + s.cells() + " cells written to " + target
                    + "; combine the shards with `tp merge`");
            err.flush();
            return 0;
        }
        plots.write(r);
        spec.commandLine().getOut().print(reporter.sweep(r));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
