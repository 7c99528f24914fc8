package tp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.ir.Program;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.out.LimitReport;
import tp.out.ProgressBar;

/** {@code tp limit}: the Master Theorem. */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "The infinite-width limit of every output (the Master Theorem), with how each number was "
                + "obtained and its error; checks every `expect` (exit 1 when one fails).")
final class LimitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .tp file, or the name of a stdlib program.")
    String file;

    @Option(names = "--tol", paramLabel = "TOL", description = "Target error of each quadrature (default 1e-10).")
    double tol = 1e-10;

    @Option(names = "--method", paramLabel = "M",
            description = "auto, exact, quadrature or particles (default auto: exact where possible, then quadrature, then particles).")
    String method = "auto";

    @Option(names = "--particles", paramLabel = "N", description = "Particles in all (default 262144), when particles are used.")
    int particles = LimitOptions.DEFAULT_PARTICLES;

    @Option(names = "--replicates", paramLabel = "R", description = "Independent replicates for the standard error (default 16).")
    int replicates = LimitOptions.DEFAULT_REPLICATES;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the particles (default 0).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: the cores). Never changes a result.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    LimitOptions options() {
        if (particles < 32) throw new Main.UsageError("--particles must be at least 32");
        if (replicates < 2) throw new Main.UsageError("--replicates must be at least 2");
        Common.checkThreads(threads);
        return options(tol, method).withParticles(particles, replicates, seed).withThreads(threads)
                .withProgress(ProgressBar.on(spec.commandLine().getErr()));
    }

    static LimitOptions options(double tol, String method) {
        if (!(tol > 0)) throw new Main.UsageError("--tol must be positive");
        LimitOptions.Forced forced;
        switch (method) {
            case "auto": forced = LimitOptions.Forced.AUTO; break;
            case "exact": forced = LimitOptions.Forced.EXACT; break;
            case "quadrature": forced = LimitOptions.Forced.QUADRATURE; break;
            case "particles": forced = LimitOptions.Forced.PARTICLES; break;
            default: throw new Main.UsageError("--method must be auto, exact, quadrature or particles; got " + method);
        }
        return LimitOptions.defaults().withTol(tol).with(forced);
    }

    @Override
    public Integer call() {
        Format fmt = Format.parse(format);
        LimitOptions opts = options();
        PrintWriter err = spec.commandLine().getErr();
        Program p = common.load(file, err);
        LimitResult r = new LimitBackend(p, opts).run();
        String text = fmt == Format.JSON ? LimitReport.json(r) : fmt == Format.CSV ? LimitReport.csv(r) : LimitReport.table(r);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        int failed = 0;
        for (LimitResult.ExpectValue e : r.expects()) {
            if (e.passed()) continue;
            failed++;
            String where = e.expect().span().where();
            err.println(where + ": claim failed: " + e.expect().text() + " — the limit is " + LimitReport.num(e.left().value())
                    + (e.expect().op().equals("==") ? String.format(Locale.ROOT, ", off by %.3g (tolerance %.3g)",
                    Math.abs(e.left().value() - e.right().value()), e.tolerance()) : ""));
        }
        err.flush();
        return failed > 0 ? 1 : 0;
    }
}
