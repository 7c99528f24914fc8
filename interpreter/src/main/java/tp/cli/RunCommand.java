package tp.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.ir.Program;
import tp.out.ProgressBar;
import tp.out.Reporter;
import tp.pipeline.Pipeline;
import tp.pipeline.RunOptions;

/** {@code tp run}: sample the program at finite width. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a program at finite width: sample every initial matrix and vector, compute every line.")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Option(names = "--width", paramLabel = "N", description = "The width n (default " + RunOptions.DEFAULT_WIDTH + ").")
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
        Reporter reporter = Reporter.parse(format);
        RunOptions options = new RunOptions(widths != null ? widths : List.of(width == null ? RunOptions.DEFAULT_WIDTH : width),
                seed, seeds, threads);
        Program p = common.load(file, spec.commandLine().getErr());
        spec.commandLine().getOut().print(reporter.finite(Pipeline.run(p, options, ProgressBar.on(spec.commandLine().getErr()))));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
