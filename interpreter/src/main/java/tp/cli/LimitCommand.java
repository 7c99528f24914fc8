package tp.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.ir.Program;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.out.LimitReport;
import tp.out.ProgressBar;
import tp.out.Reporter;
import tp.pipeline.Pipeline;

/** {@code tp limit}: the Master Theorem. */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "The infinite-width limit of every output (the Master Theorem), with how each number was "
                + "obtained and its error; checks every `expect` (exit 1 when one fails).")
final class LimitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Mixin LimitFlags limit;

    @Option(names = "--replicates", paramLabel = "R", description = "Independent replicates for the standard error (default 16).")
    int replicates = LimitOptions.DEFAULT_REPLICATES;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the particles (default 0).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the cores). Never changes a result.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    @Override
    public Integer call() {
        Reporter reporter = Reporter.parse(format);
        PrintWriter err = spec.commandLine().getErr();
        LimitOptions options = limit.options(replicates, seed, threads).withProgress(ProgressBar.on(err));
        Program p = common.load(file, err);
        LimitResult r = Pipeline.limit(p, options);
        spec.commandLine().getOut().print(reporter.limit(r));
        spec.commandLine().getOut().flush();
        List<String> failed = LimitReport.failedClaims(r);
        for (String line : failed) err.println(line);
        err.flush();
        return failed.isEmpty() ? 0 : 1;
    }
}
