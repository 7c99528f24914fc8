package tp.out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tp.convergence.ConvergenceCheck;
import tp.convergence.Fit;
import tp.numerics.Numbers;

/** {@code tp check} results as a table, CSV or JSON. */
public final class CheckReport {
    private CheckReport() {}

    static String num(double v) {
        return Numbers.brief(v);
    }

    public static String table(ConvergenceCheck.Result r) {
        StringBuilder sb = new StringBuilder();
        List<ConvergenceCheck.Component> cs = r.components();
        List<Integer> widths = new ArrayList<>();
        if (!cs.isEmpty()) for (ConvergenceCheck.AtWidth w : cs.get(0).widths()) widths.add(w.width());
        sb.append("program ").append(r.program().name()).append(" · check: the limit against widths ")
                .append(widths).append(", ").append(r.seeds()).append(" seeds each\n");
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("output", "limit"));
        for (int w : widths) head.add("n = " + w + " (mean ± s.e.)");
        head.add("spread rate [±" + (int) Fit.Z + " s.e.]");
        rows.add(head.toArray(new String[0]));
        for (ConvergenceCheck.Component c : cs) {
            List<String> row = new ArrayList<>();
            row.add(c.name());
            row.add(num(c.limit().value()));
            for (ConvergenceCheck.AtWidth w : c.widths()) row.add(num(w.mean()) + " ± " + Numbers.twoDigits(w.stderr()));
            row.add(c.spread() == null ? "-" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", c.spread().slope(), c.spread().lo(),
                    c.spread().hi()));
            rows.add(row.toArray(new String[0]));
        }
        sb.append(FiniteReport.alignRows(rows));
        sb.append("verdicts\n");
        for (ConvergenceCheck.Component c : cs) sb.append("  ").append(c.name()).append(": ").append(c.verdict()).append('\n');
        if (!r.claims().isEmpty()) {
            sb.append("claims\n");
            for (ConvergenceCheck.Claim c : r.claims()) {
                sb.append("  ").append(c.limitPassed() && c.finitePassed() ? "ok      " : "FAILED  ").append(c.expect().text())
                        .append(": ").append(c.verdict()).append('\n');
            }
        }
        boolean finiteOnly = !cs.isEmpty() && Double.isNaN(cs.get(0).limit().value());
        if (!finiteOnly) {
            sb.append(r.consistent() ? "convergence: consistent with the Master Theorem\n"
                    : "convergence: NOT consistent with the Master Theorem\n");
        }
        if (!r.claims().isEmpty()) {
            int failed = r.failedClaims();
            sb.append(failed == 0 ? "claims: all " + r.claims().size() + " hold\n"
                    : "claims: " + failed + " of " + r.claims().size() + " FAILED (a claim of the program, not of the theory)\n");
        }
        return sb.toString();
    }

    public static String csv(ConvergenceCheck.Result r) {
        Csv csv = new Csv("output", "limit", "width", "mean", "stderr", "std", "rate", "rate_lo", "rate_hi", "consistent");
        for (ConvergenceCheck.Component c : r.components()) {
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                Fit f = c.spread();
                csv.row(c.name(), c.limit().value(), w.width(), w.mean(), w.stderr(), w.std(), f == null ? null : f.slope(),
                        f == null ? null : f.lo(), f == null ? null : f.hi(), c.consistent());
            }
        }
        return csv.toString();
    }

    public static String json(ConvergenceCheck.Result r) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Json.VERSION);
        top.put("mode", "check");
        top.put("program", r.program().name());
        top.put("seeds", r.seeds());
        List<Object> outs = new ArrayList<>();
        for (ConvergenceCheck.Component c : r.components()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("limit", c.limit().value());
            m.put("limit_method", c.limit().method().label());
            m.put("limit_error", c.limit().error() + c.limit().stderr());
            List<Object> ws = new ArrayList<>();
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("width", w.width());
                x.put("mean", w.mean());
                x.put("stderr", w.stderr());
                x.put("std", w.std());
                ws.add(x);
            }
            m.put("widths", ws);
            m.put("rate", c.spread() == null ? null : c.spread().slope());
            m.put("rate_ci", c.spread() == null ? null : List.of(c.spread().lo(), c.spread().hi()));
            m.put("gap_rate", c.gap() == null ? null : c.gap().slope());
            m.put("consistent", c.consistent());
            m.put("verdict", c.verdict());
            outs.add(m);
        }
        top.put("outputs", outs);
        List<Object> claims = new ArrayList<>();
        for (ConvergenceCheck.Claim c : r.claims()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", c.expect().text());
            m.put("passed", c.limitPassed() && c.finitePassed());
            m.put("limit", c.limitValue());
            m.put("limit_passed", c.limitPassed());
            m.put("width", c.width());
            m.put("mean", c.finiteMean());
            m.put("stderr", c.finiteStderr());
            m.put("finite_passed", c.finitePassed());
            claims.add(m);
        }
        top.put("expects", claims);
        top.put("consistent", r.consistent());
        top.put("claims_failed", r.failedClaims());
        return Json.write(top) + "\n";
    }
}
