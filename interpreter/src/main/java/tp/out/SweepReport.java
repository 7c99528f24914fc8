package tp.out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tp.numerics.Numbers;
import tp.sweep.Grid;
import tp.sweep.SweepResult;
import tp.sweep.SweepSpec;

/** {@code tp sweep} and {@code tp merge} results as a table, CSV or JSON. */
public final class SweepReport {
    private SweepReport() {}

    /** How the best value and its interval are obtained, in words: printed by every format. */
    public static String method(SweepSpec s) {
        Grid g = s.overGrid();
        return "best " + s.over() + ": the vertex of the parabola through the best grid point and its two neighbours (in "
                + (g.log() && g.positive() ? "log " + s.over() : s.over()) + " and, for a positive objective, log objective); "
                + (s.widths().isEmpty() ? "" : s.seeds() > 1 ? "interval: 95% bootstrap over the " + s.seeds() + " seeds ("
                + SweepResult.RESAMPLES + " resamples)" : "no interval (one seed)")
                + (s.limit() ? (s.widths().isEmpty() ? "" : "; ") + "the limit has no seeds and no interval" : "");
    }

    static String header(SweepSpec s) {
        StringBuilder sb = new StringBuilder("program ").append(s.programName()).append(" · sweep of ");
        List<String> axes = new ArrayList<>();
        for (Grid g : s.grids()) {
            axes.add(g.name() + " (" + g.size() + " values, " + Numbers.three(g.values().get(0)) + " … "
                    + Numbers.three(g.values().get(g.size() - 1)) + (g.log() ? ", log" : "") + ")");
        }
        sb.append(String.join(" × ", axes));
        if (!s.widths().isEmpty()) {
            sb.append(" · widths ").append(String.join(", ", s.widths().stream().map(String::valueOf).toList())).append(" × ")
                    .append(s.seeds()).append(s.seeds() == 1 ? " seed" : " seeds").append(" (").append(s.seed())
                    .append(s.seeds() > 1 ? ".." + (s.seed() + s.seeds() - 1) : "").append(")");
        }
        if (s.limit()) sb.append(s.widths().isEmpty() ? " · the limit" : " · and the limit");
        sb.append('\n');
        sb.append("objective ").append(s.objective()).append(s.maximize() ? ", maximised" : ", minimised").append('\n');
        sb.append(method(s)).append('\n');
        return sb.toString();
    }

    static String width(int w) {
        return w == 0 ? "limit" : String.valueOf(w);
    }

    public static String table(SweepResult r) {
        SweepSpec s = r.spec();
        StringBuilder sb = new StringBuilder(header(s));
        List<Grid> others = r.others();
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        for (Grid g : others) head.add(g.name());
        head.addAll(List.of("width", "best " + s.over(), "95% interval", s.objective() + " at the best grid " + s.over()));
        rows.add(head.toArray(new String[0]));
        for (SweepResult.Curve c : r.curves()) {
            List<String> row = new ArrayList<>();
            for (double f : c.fixed()) row.add(Numbers.three(f));
            row.add(width(c.width()));
            row.add(Numbers.three(c.best()) + (c.edge() ? " (edge)" : ""));
            row.add(Double.isNaN(c.lo()) ? "-" : "[" + Numbers.three(c.lo()) + ", " + Numbers.three(c.hi()) + "]");
            String v = Numbers.sample(c.value());
            if (c.limit()) v += c.bestIndex() < 0 ? "" : " (error ≤ " + Numbers.twoDigits(c.valueStderr()) + ")";
            else if (!Double.isNaN(c.valueStderr())) v += " ± " + Numbers.twoDigits(c.valueStderr());
            row.add(v);
            rows.add(row.toArray(new String[0]));
        }
        sb.append(FiniteReport.alignRows(rows));
        List<SweepResult.Transfer> ts = r.transfers();
        if (!ts.isEmpty()) {
            sb.append("transfer of the best ").append(s.over()).append(" (under this program's parametrisation)\n");
            for (SweepResult.Transfer t : ts) sb.append("  ").append(where(r, t)).append(": ").append(t.verdict()).append('\n');
        }
        return sb.toString();
    }

    /** "across width, L = 4" or "across L, n = 512". */
    static String where(SweepResult r, SweepResult.Transfer t) {
        List<String> at = new ArrayList<>();
        List<Grid> others = r.others();
        for (int a = 0; a < others.size(); a++) {
            if (!Double.isNaN(t.fixed().get(a))) at.add(others.get(a).name() + " = " + Numbers.three(t.fixed().get(a)));
        }
        if (!t.across().equals("width")) at.add(t.width() == 0 ? "the limit" : "n = " + t.width());
        return "across " + t.across() + (at.isEmpty() ? "" : ", " + String.join(", ", at));
    }

    public static String csv(SweepResult r) {
        SweepSpec s = r.spec();
        List<String> head = new ArrayList<>();
        List<Grid> others = r.others();
        for (Grid g : others) head.add(g.name());
        head.addAll(List.of("width", s.over(), "objective", "mean", "stderr", "best_" + s.over(), "best_lo", "best_hi", "best_value", "edge"));
        Csv csv = new Csv(head.toArray(new String[0]));
        for (SweepResult.Curve c : r.curves()) {
            for (int j = 0; j < c.xs().length; j++) {
                List<Object> row = new ArrayList<>();
                for (double f : c.fixed()) row.add(f);
                row.add(width(c.width()));
                row.add(c.xs()[j]);
                row.add(s.objective());
                row.add(c.mean()[j]);
                row.add(c.stderr()[j]);
                row.add(c.best());
                row.add(c.lo());
                row.add(c.hi());
                row.add(c.value());
                row.add(c.edge());
                csv.row(row);
            }
        }
        return csv.toString();
    }

    public static String json(SweepResult r) {
        SweepSpec s = r.spec();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Json.VERSION);
        top.put("mode", "sweep");
        top.put("program", s.programName());
        List<Object> grid = new ArrayList<>();
        for (Grid g : s.grids()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("spec", g.spec());
            m.put("log", g.log());
            m.put("values", g.values());
            grid.add(m);
        }
        top.put("grid", grid);
        top.put("over", s.over());
        top.put("widths", s.widths());
        top.put("seeds", s.seeds());
        top.put("seed", s.seed());
        top.put("limit", s.limit());
        top.put("objective", s.objective());
        top.put("goal", s.maximize() ? "maximize" : "minimize");
        top.put("method", method(s));
        List<Object> curves = new ArrayList<>();
        List<Grid> others = r.others();
        for (SweepResult.Curve c : r.curves()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> fixed = new LinkedHashMap<>();
            for (int a = 0; a < others.size(); a++) fixed.put(others.get(a).name(), c.fixed().get(a));
            m.put("fixed", fixed);
            m.put("width", c.limit() ? "limit" : c.width());
            m.put("x", c.xs());
            m.put("mean", c.mean());
            m.put(c.limit() ? "error" : "stderr", c.stderr());
            m.put("best", c.best());
            m.put("best_ci", Double.isNaN(c.lo()) ? null : List.of(c.lo(), c.hi()));
            m.put("best_grid", c.bestIndex() < 0 ? null : c.xs()[c.bestIndex()]);
            m.put("value", c.value());
            m.put("edge", c.edge());
            curves.add(m);
        }
        top.put("curves", curves);
        List<Object> ts = new ArrayList<>();
        for (SweepResult.Transfer t : r.transfers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("across", t.across());
            Map<String, Object> fixed = new LinkedHashMap<>();
            for (int a = 0; a < others.size(); a++) if (!Double.isNaN(t.fixed().get(a))) fixed.put(others.get(a).name(), t.fixed().get(a));
            m.put("fixed", fixed);
            if (!t.across().equals("width")) m.put("width", t.width() == 0 ? "limit" : t.width());
            m.put("points", t.points());
            m.put("exponent", t.slope());
            m.put("stderr", t.stderr());
            m.put("ci", Double.isNaN(t.slope()) ? null : List.of(t.lo(), t.hi()));
            m.put("transfers", t.transfers());
            m.put("verdict", t.verdict());
            ts.add(m);
        }
        top.put("transfers", ts);
        return Json.write(top) + "\n";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
