package tp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.out.Reporter;
import tp.plot.Plots;
import tp.plot.SweepPlots;
import tp.sweep.ShardFile;
import tp.sweep.Sweep;
import tp.sweep.SweepResult;

/** {@code tp merge}: the shards of a sweep, combined into the report of the whole sweep. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Combine the shard files of `tp sweep --shard i/k` (all k of them) into the report of the whole sweep: "
                + "byte for byte what the unsharded run prints.")
final class MergeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SHARD", arity = "1..*", description = "The shard files.")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Option(names = "--plot", paramLabel = "FILE", description = "Write the objective against the swept param, one curve per width (.png or .svg).")
    String plot;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the plot.")
    String title;

    @Option(names = "--y-title", paramLabel = "TEXT", description = "Title of the plot's y axis (default: the objective's name).")
    String yTitle;

    @Option(names = "--debug", description = "Show Java stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        Reporter reporter = Reporter.parse(format);
        if (plot != null) Plots.checkTarget(plot);
        List<ShardFile.Contents> shards = new ArrayList<>();
        for (String f : files) shards.add(ShardFile.read(Path.of(f)));
        SweepResult r = Sweep.merge(shards);
        if (plot != null) SweepPlots.curves(r, plot, title, yTitle);
        spec.commandLine().getOut().print(reporter.sweep(r));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
