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

    @Option(names = "--method", paramLabel = "M", description = "auto, exact or quadrature (default auto: exact where possible).")
    String method = "auto";

    @Option(names = "--format", paramLabel = "FMT", description = "table, csv or json (default table).")
    String format = "table";

    @Mixin Common common;

    static LimitOptions options(double tol, String method) {
        if (!(tol > 0)) throw new Main.UsageError("--tol must be positive");
        LimitOptions.Forced forced;
        switch (method) {
            case "auto": forced = LimitOptions.Forced.AUTO; break;
            case "exact": forced = LimitOptions.Forced.EXACT; break;
            case "quadrature": forced = LimitOptions.Forced.QUADRATURE; break;
            case "particles": throw new Main.UsageError("--method particles: the particle tier is not available yet");
            default: throw new Main.UsageError("--method must be auto, exact or quadrature; got " + method);
        }
        return new LimitOptions(tol, forced, LimitOptions.ZDot.AUTO);
    }

    @Override
    public Integer call() {
        Format fmt = Format.parse(format);
        LimitOptions opts = options(tol, method);
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
