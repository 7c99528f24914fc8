package tp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tp.out.Reporter;
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

    @Mixin SweepPlotFlags plots;

    @Option(names = "--debug", description = "Show Java stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        Reporter reporter = Reporter.parse(format);
        plots.checkTarget();
        List<ShardFile.Contents> shards = new ArrayList<>();
        for (String f : files) shards.add(ShardFile.read(Path.of(f)));
        SweepResult r = Sweep.merge(shards);
        plots.write(r);
        spec.commandLine().getOut().print(reporter.sweep(r));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
