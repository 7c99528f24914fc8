package tp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.out.FiniteReport;
import tp.out.ProgressBar;

/** {@code tp run}: sample the program at finite width. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a program at finite width: sample every initial matrix and vector, compute every line.")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Option(names = "--width", paramLabel = "N", description = "The width n (default 1024).")
    Integer width;

    @Option(names = "--widths", split = ",", paramLabel = "N,N,…", description = "Several widths.")
    List<Integer> widths;

    @Option(names = "--seed", paramLabel = "S", description = "First seed (default 0).")
    long seed;

    @Option(names = "--seeds", paramLabel = "K", description = "Number of seeds: S, S+1, …, S+K-1 (default 1).")
    int seeds = 1;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the cores). Never changes a result.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    @Override
    public Integer call() {
        if (width != null && widths != null) throw new Main.UsageError("give --width or --widths, not both");
        Common.checkSeeds(seeds, 1);
        Common.checkThreads(threads);
        Format fmt = Format.parse(format);
        List<Integer> ws = new ArrayList<>();
        if (widths != null && widths.isEmpty()) throw new Main.UsageError("--widths needs at least one width, as in --widths 256,1024");
        if (widths != null) ws.addAll(widths);
        else ws.add(width == null ? 1024 : width);
        for (int w : ws) if (w < 1) throw new Main.UsageError("a width must be at least 1; got " + w);
        Program p = common.load(file, spec.commandLine().getErr());
        Common.checkWidths(p, ws);
        FiniteRun.Result r = FiniteRun.run(p, ws, seed, seeds, threads, ProgressBar.on(spec.commandLine().getErr()));
        String text = fmt == Format.JSON ? FiniteReport.json(r) : fmt == Format.CSV ? FiniteReport.csv(r) : FiniteReport.table(r);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
