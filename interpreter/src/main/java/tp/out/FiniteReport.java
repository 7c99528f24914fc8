package tp.out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.numerics.Numbers;

/** {@code tp run} results as a table, CSV or JSON (docs/language.md, "Output contract"). */
public final class FiniteReport {
    private FiniteReport() {}

    public static String num(double v) {
        return Numbers.sample(v);
    }

    /** One table: a column per statistic at one width; with several widths, a column per width. */
    public static String table(FiniteRun.Result r) {
        if (r.widths().size() > 1) return tableByWidth(r);
        StringBuilder sb = new StringBuilder();
        for (FiniteRun.WidthResult w : r.widths()) {
            sb.append(String.format(Locale.ROOT, "program %s · finite width n = %d · %s%n", r.program().name(), w.width(),
                    r.seeds() == 1 ? "seed " + r.seed() : r.seeds() + " seeds (" + r.seed() + ".." + (r.seed() + r.seeds() - 1) + ")"));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"output", "kind", "mean", "± stderr"});
            for (FiniteRun.Stat s : w.outputs().values()) {
                Program.Output o = s.output();
                switch (o.kind()) {
                    case SCALAR:
                        rows.add(new String[] {o.name(), "scalar", num(s.mean()[0]), num(s.stderr()[0])});
                        break;
                    case VECTOR:
                        rows.add(new String[] {o.name(), "vector", "coordinate mean " + num(s.mean()[0]), num(s.stderr()[0])});
                        rows.add(new String[] {"", "", "coordinate var  " + num(s.mean()[1]), num(s.stderr()[1])});
                        break;
                    default: {
                        int k = o.size();
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                rows.add(new String[] {i == 0 && j == 0 ? o.name() : "", i == 0 && j == 0 ? "gram" : "",
                                        "[" + (i + 1) + "," + (j + 1) + "] " + num(s.mean()[i * k + j]), num(s.stderr()[i * k + j])});
                            }
                        }
                    }
                }
            }
            sb.append(align(rows));
        }
        return sb.toString();
    }

    private static String seedsText(FiniteRun.Result r) {
        return r.seeds() == 1 ? "seed " + r.seed() : r.seeds() + " seeds (" + r.seed() + ".." + (r.seed() + r.seeds() - 1) + ")";
    }

    private static String tableByWidth(FiniteRun.Result r) {
        StringBuilder sb = new StringBuilder();
        List<Integer> widths = new ArrayList<>();
        for (FiniteRun.WidthResult w : r.widths()) widths.add(w.width());
        sb.append(String.format(Locale.ROOT, "program %s · finite widths %s · %s%n", r.program().name(), widths, seedsText(r)));
        List<String> head = new ArrayList<>(List.of("output", "kind", "statistic"));
        for (int w : widths) head.add("n = " + w + " (mean ± s.e.)");
        List<String[]> rows = new ArrayList<>();
        rows.add(head.toArray(new String[0]));
        for (Program.Output o : r.program().outputs()) {
            String[] comps = components(o);
            for (int c = 0; c < comps.length; c++) {
                List<String> row = new ArrayList<>();
                row.add(c == 0 ? o.name() : "");
                row.add(c == 0 ? o.kind().name().toLowerCase(Locale.ROOT) : "");
                row.add(o.kind() == Program.OutputKind.VECTOR ? "coordinate " + comps[c] : comps[c]);
                for (FiniteRun.WidthResult w : r.widths()) {
                    FiniteRun.Stat s = w.outputs().get(o.name());
                    row.add(num(s.mean()[c]) + " ± " + num(s.stderr()[c]));
                }
                rows.add(row.toArray(new String[0]));
            }
        }
        sb.append(align(rows));
        return sb.toString();
    }

    public static String alignRows(List<String[]> rows) {
        return align(rows);
    }

    static String align(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(r[c]);
                if (c < cols - 1) line.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    public static String csv(FiniteRun.Result r) {
        Csv csv = new Csv("width", "output", "kind", "component", "mean", "stderr", "seeds");
        for (FiniteRun.WidthResult w : r.widths()) {
            for (FiniteRun.Stat s : w.outputs().values()) {
                Program.Output o = s.output();
                String[] comps = components(o);
                for (int c = 0; c < comps.length; c++) {
                    csv.row(w.width(), o.name(), o.kind().name().toLowerCase(Locale.ROOT), comps[c], s.mean()[c], s.stderr()[c], r.seeds());
                }
            }
        }
        return csv.toString();
    }

    /** The components of an output, named alike in every report: value; mean, variance; [i;j]. */
    static String[] components(Program.Output o) {
        switch (o.kind()) {
            case SCALAR: return new String[] {"value"};
            case VECTOR: return new String[] {"mean", "variance"};
            default: {
                int k = o.size();
                String[] out = new String[k * k];
                for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) out[i * k + j] = "[" + (i + 1) + ";" + (j + 1) + "]";
                return out;
            }
        }
    }

    public static String json(FiniteRun.Result r) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Json.VERSION);
        top.put("mode", "finite");
        top.put("program", r.program().name());
        // one shape whatever the number of widths: the first width's run at the top, every run in "runs"
        top.put("width", r.widths().get(0).width());
        top.put("seeds", r.seeds());
        top.put("seed", r.seed());
        top.put("outputs", outputs(r.widths().get(0)));
        List<Object> ws = new ArrayList<>();
        List<Object> runs = new ArrayList<>();
        for (FiniteRun.WidthResult w : r.widths()) {
            ws.add(w.width());
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("width", w.width());
            run.put("outputs", outputs(w));
            runs.add(run);
        }
        top.put("widths", ws);
        top.put("runs", runs);
        return Json.write(top) + "\n";
    }

    private static List<Object> outputs(FiniteRun.WidthResult w) {
        List<Object> out = new ArrayList<>();
        for (FiniteRun.Stat s : w.outputs().values()) {
            Program.Output o = s.output();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", o.name());
            m.put("kind", o.kind().name().toLowerCase(Locale.ROOT));
            switch (o.kind()) {
                case SCALAR: {
                    m.put("mean", s.mean()[0]);
                    m.put("stderr", s.stderr()[0]);
                    double[] values = new double[s.values().length];
                    for (int i = 0; i < values.length; i++) values[i] = s.values()[i][0];
                    m.put("values", values);
                    break;
                }
                case VECTOR: {
                    m.put("mean", s.mean()[0]);
                    m.put("stderr", s.stderr()[0]);
                    m.put("variance", s.mean()[1]);
                    m.put("variance_stderr", s.stderr()[1]);
                    break;
                }
                default: {
                    int k = o.size();
                    m.put("mean", square(s.mean(), k));
                    m.put("stderr", square(s.stderr(), k));
                    List<Object> values = new ArrayList<>();
                    for (double[] v : s.values()) values.add(square(v, k));
                    m.put("values", values);
                }
            }
            out.add(m);
        }
        return out;
    }

    private static List<Object> square(double[] flat, int k) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) rows.add(java.util.Arrays.copyOfRange(flat, i * k, i * k + k));
        return rows;
    }
}
