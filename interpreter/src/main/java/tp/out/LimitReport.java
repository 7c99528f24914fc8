package tp.out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tp.ir.Comparison;
import tp.limit.Estimate;
import tp.limit.LimitResult;
import tp.numerics.Numbers;

/** {@code tp limit} results as a table, CSV or JSON (docs/language.md, "Output contract"). */
public final class LimitReport {
    private LimitReport() {}

    public static String num(double v) {
        return Numbers.limit(v);
    }

    static String err(Estimate e) {
        if (e.method() == Estimate.Method.PARTICLES) {
            return "± " + Numbers.twoDigits(e.stderr()) + " (s.e.)" + (e.error() > 0 ? ", bias ≤ " + Numbers.twoDigits(e.error()) : "");
        }
        return "≤ " + Numbers.bound(e.error());
    }

    public static String table(LimitResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("program ").append(r.program().name()).append(" · infinite width (Master Theorem)\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"output", "kind", "limit", "method", "error"});
        for (LimitResult.OutputValue o : r.outputs()) {
            String name = o.output().name();
            switch (o.output().kind()) {
                case SCALAR: {
                    Estimate e = o.values().get(0);
                    rows.add(new String[] {name, "scalar", num(e.value()), e.method().label(), err(e)});
                    break;
                }
                case VECTOR: {
                    Estimate m = o.values().get(0);
                    Estimate v = o.values().get(1);
                    if (o.gaussian()) {
                        rows.add(new String[] {name, "vector", "Z ~ N(" + num(m.value()) + ", " + num(v.value()) + ")",
                                v.method().label(), err(v)});
                    } else {
                        rows.add(new String[] {name, "vector", "E Z = " + num(m.value()), m.method().label(), err(m)});
                        rows.add(new String[] {"", "", "Var Z = " + num(v.value()), v.method().label(), err(v)});
                    }
                    break;
                }
                default: {
                    int k = o.output().size();
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            Estimate e = o.values().get(i * k + j);
                            rows.add(new String[] {i + j == 0 ? name : "", i + j == 0 ? "gram" : "",
                                    "[" + (i + 1) + "," + (j + 1) + "] " + num(e.value()), e.method().label(), err(e)});
                        }
                    }
                }
            }
        }
        sb.append(FiniteReport.align(rows));
        if (r.reruns() != null) sb.append(reruns(r.reruns())).append('\n');
        if (!r.expects().isEmpty()) {
            sb.append("claims\n");
            for (LimitResult.ExpectValue e : r.expects()) {
                sb.append(e.passed() ? "  ok      " : "  FAILED  ").append(e.expect().text()).append("    (limit ")
                        .append(num(e.left().value()));
                if (e.expect().comparison() == Comparison.EQ) {
                    sb.append(", off by ").append(Numbers.twoDigits(Math.abs(e.left().value() - e.right().value())))
                            .append(", tolerance ").append(Numbers.twoDigits(e.tolerance()));
                }
                sb.append(")\n");
            }
        }
        return sb.toString();
    }

    /**
     * The line under the table saying how far the program carries its steps' own errors: the
     * re-runs, each step's result moved at random within its own error, and the most they moved a
     * value (each value's error includes MARGIN times its own move).
     */
    public static String reruns(LimitResult.Reruns x) {
        return "errors include " + (int) LimitResult.MARGIN + "× the most a value moved in " + x.runs()
                + " re-runs with each step's result moved at random within its own error (rounding, quadrature): at most "
                + Numbers.bound(x.largest()) + " here";
    }

    /** One line per failed claim, {@code file:line:col: claim failed: …}, for the error stream. */
    public static java.util.List<String> failedClaims(LimitResult r) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (LimitResult.ExpectValue e : r.expects()) {
            if (e.passed()) continue;
            lines.add(e.expect().span().where() + ": claim failed: " + e.expect().text() + " — the limit is " + num(e.left().value())
                    + (e.expect().comparison() == Comparison.EQ ? String.format(Locale.ROOT, ", off by %.3g (tolerance %.3g)",
                    Math.abs(e.left().value() - e.right().value()), e.tolerance()) : ""));
        }
        return lines;
    }

    public static String csv(LimitResult r) {
        Csv csv = new Csv("output", "kind", "component", "value", "method", "error", "stderr");
        for (LimitResult.OutputValue o : r.outputs()) {
            String[] comps = FiniteReport.components(o.output());
            for (int c = 0; c < o.values().size(); c++) {
                Estimate e = o.values().get(c);
                csv.row(o.output().name(), o.output().kind().name().toLowerCase(Locale.ROOT), comps[c], e.value(),
                        e.method().label(), e.error(), e.stderr());
            }
        }
        return csv.toString();
    }

    public static String json(LimitResult r) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Json.VERSION);
        top.put("mode", "limit");
        top.put("program", r.program().name());
        List<Object> outs = new ArrayList<>();
        for (LimitResult.OutputValue o : r.outputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.output().name());
            m.put("kind", o.output().kind().name().toLowerCase(Locale.ROOT));
            switch (o.output().kind()) {
                case SCALAR: {
                    Estimate e = o.values().get(0);
                    m.put("value", e.value());
                    m.put("stderr", e.stderr());
                    m.put("method", e.method().label());
                    m.put("error", e.error());
                    break;
                }
                case VECTOR: {
                    Estimate mean = o.values().get(0);
                    Estimate var = o.values().get(1);
                    m.put("gaussian", o.gaussian());
                    m.put("mean", mean.value());
                    m.put("variance", var.value());
                    m.put("stderr", Math.max(mean.stderr(), var.stderr()));
                    m.put("method", mean.method().compareTo(var.method()) >= 0 ? mean.method().label() : var.method().label());
                    m.put("error", Math.max(mean.error(), var.error()));
                    break;
                }
                default: {
                    int k = o.output().size();
                    List<Object> rows = new ArrayList<>();
                    Estimate.Method worst = Estimate.Method.EXACT;
                    double error = 0;
                    for (int i = 0; i < k; i++) {
                        double[] row = new double[k];
                        for (int j = 0; j < k; j++) {
                            Estimate e = o.values().get(i * k + j);
                            row[j] = e.value();
                            if (e.method().compareTo(worst) > 0) worst = e.method();
                            error = Math.max(error, e.error());
                        }
                        rows.add(row);
                    }
                    m.put("value", rows);
                    m.put("stderr", 0.0);
                    m.put("method", worst.label());
                    m.put("error", error);
                }
            }
            outs.add(m);
        }
        top.put("outputs", outs);
        List<Object> expects = new ArrayList<>();
        for (LimitResult.ExpectValue e : r.expects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", e.expect().text());
            m.put("passed", e.passed());
            m.put("value", e.left().value());
            m.put("tolerance", e.tolerance());
            expects.add(m);
        }
        top.put("expects", expects);
        if (r.reruns() != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("runs", r.reruns().runs());
            x.put("largest_move", r.reruns().largest());
            x.put("margin", LimitResult.MARGIN);
            top.put("reruns", x);
        }
        return Json.write(top) + "\n";
    }
}
