package tp.limit;

import java.util.ArrayList;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.ir.Program;
import tp.ir.Step;
import tp.numerics.Numbers;

/**
 * The derivation of a limit as a reader of the papers would write it: per step, the rule
 * applied, Z in terms of atoms, each family's covariance entries, each Ż coefficient, and which
 * tier produced each number. {@code tp explain} prints it.
 */
public final class Derivation {
    /** One step: the value it defines (-1 for declarations), a heading and indented detail lines. */
    public record Entry(int id, String heading, String rule, List<String> lines) {}

    private static final int MAX_SHOWN = 160;

    private final Program program;
    private final Atoms atoms;
    /** Entries are formatted only when asked for: a derivation is recorded on every limit (about one a step). */
    private final List<java.util.function.Supplier<Entry>> entries;

    /** Indexes the program's steps, so it is made on the first label asked for, not on every limit. */
    private java.util.function.IntFunction<String> describe;

    Derivation(Program program, Atoms atoms) {
        this.program = program;
        this.atoms = atoms;
        this.entries = new ArrayList<>(program.steps().size());
    }

    /** A value in the user's terms: its name, or the expression that defines a temporary. */
    String label(int id) {
        Program.Value v = program.value(id);
        if (!v.temporary()) return v.name();
        if (describe == null) describe = program.describer();
        return "{" + describe.apply(id) + "}";
    }

    /** The left side of a step's heading: "name = ", or nothing for a temporary. */
    private String defines(int id) {
        Program.Value v = program.value(id);
        return v.temporary() ? "" : v.name() + " = ";
    }

    private String shown(Fn f) {
        return Fns.show(f, this::label);
    }

    /**
     * The derivation as printed by {@code tp explain}: a line per step with its rule, then its
     * detail; only the steps defining {@code keep} (all, when null), declarations included when all.
     */
    public String render(java.util.Set<Integer> keep) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries()) {
            if (keep != null && (e.id() < 0 || !keep.contains(e.id()))) continue;
            sb.append(String.format("%-11s %s%n", e.rule(), e.heading()));
            for (String line : e.lines()) sb.append("            ").append(line).append('\n');
        }
        return sb.toString();
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (java.util.function.Supplier<Entry> e : entries) out.add(e.get());
        return out;
    }

    private String atom(int id) {
        return atoms.atom(id).label();
    }

    String show(Fn f) {
        String s = Fns.show(f, this::atom, MAX_SHOWN + 16);
        return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + " …" : s;
    }

    static String num(double v) {
        return Numbers.derivation(v);
    }

    static String how(Estimate e) {
        if (e.method() == Estimate.Method.EXACT) return "[exact]";
        if (e.method() == Estimate.Method.PARTICLES) return "[particles ± " + Numbers.twoDigits(e.stderr()) + "]";
        return "[quadrature, error ≤ " + Numbers.twoDigits(e.error()) + "]";
    }

    void matrix(Step.InitMatrix m, Program.Matrix info) {
        entries.add(() -> {
            return new Entry(-1, info.name() + " ~ N(0, " + num(info.variance()) + "/n)", "InitMatrix",
                    List.of("families " + info.name() + " (W x) and " + info.name() + "ᵀ (Wᵀ y): Gaussian, mutually independent"));
        });
    }

    void vectors(Step.InitVectors v) {
        entries.add(() -> {
            List<String> names = new ArrayList<>();
            for (int id : v.ids()) names.add(program.value(id).name());
            List<String> lines = new ArrayList<>();
            StringBuilder cov = new StringBuilder("[");
            for (int i = 0; i < v.cov().length; i++) {
                List<String> row = new ArrayList<>();
                for (double c : v.cov()[i]) row.add(num(c));
                cov.append(i > 0 ? ", " : "").append("[").append(String.join(", ", row)).append("]");
            }
            cov.append("]");
            List<String> means = new ArrayList<>();
            for (double m : v.mean()) means.add(num(m));
            lines.add("Z^{" + String.join(", ", names) + "} ~ N([" + String.join(", ", means) + "], " + cov + ")");
            String law = names.size() == 1 ? "N(" + means.get(0) + ", " + num(v.cov()[0][0]) + ")"
                    : names.size() <= 3 ? "N([" + String.join(", ", means) + "], " + cov + ")" : "N(…)";
            return new Entry(-1, String.join(", ", names) + " ~ " + law, "InitVectors", lines);
        });
    }

    void nonlin(Step.Nonlin x, java.util.function.Supplier<Fn> z) {
        entries.add(() -> {
            return new Entry(x.id(), defines(x.id()) + shown(x.fn()), "Nonlin",
                    List.of("Z^" + label(x.id()) + " = " + show(z.get())));
        });
    }

    void matmul(Step.MatMul m, Program.Matrix info, int atom, Estimate[] row, List<int[]> opposite, List<Estimate> coefs,
                ZDotForm form, java.util.function.Supplier<Fn> z) {
        List<int[]> oppositeThen = List.copyOf(opposite);
        entries.add(() -> {
            String name = label(m.id());
            String w = info.name() + (m.transposed() ? ".T" : "");
            String x = label(m.input());
            List<String> lines = new ArrayList<>();
            String family = info.name() + (m.transposed() ? "ᵀ" : "");
            lines.add("ZHat: Ẑ = " + atom(atom) + " joins family " + family + ": Var = " + num(info.variance()) + "·E[(Z^" + x
                    + ")²] = " + num(row[row.length - 1].value()) + " " + how(row[row.length - 1]));
            List<Integer> members = atoms.members(atoms.atom(atom).family());
            for (int i = 0; i + 1 < row.length; i++) {
                if (row[i].value() == 0) continue;
                lines.add("      Cov(" + atom(atom) + ", " + atom(members.get(i)) + ") = " + num(row[i].value()) + " " + how(row[i]));
            }
            if (form == ZDotForm.NONE) {
                lines.add("ZDot: 0 (" + info.name() + " is not used " + (m.transposed() ? "forward" : "transposed") + " before this line)");
            } else if (form == ZDotForm.DROPPED) {
                lines.add("ZDot: dropped on request (the limit is then wrong in general)");
            } else {
                lines.add("ZDot (" + form.label() + " form): Ż = Σ_i c_i Z^{y_i} over the " + (m.transposed() ? "forward" : "transposed")
                        + " MatMuls of " + info.name() + " so far");
                for (int i = 0; i < oppositeThen.size(); i++) {
                    Estimate c = coefs.get(i);
                    lines.add("      c for " + label(oppositeThen.get(i)[0]) + " (" + atom(oppositeThen.get(i)[1]) + ") = "
                            + num(c.value()) + " " + how(c));
                }
            }
            lines.add("Z^" + name + " = " + show(z.get()));
            return new Entry(m.id(), defines(m.id()) + w + " @ " + x, "MatMul", lines);
        });
    }

    /** A Moment's entry; {@code integrand} gives E's argument from the step's function when the entry is shown. */
    void moment(Step.Moment x, java.util.function.UnaryOperator<Fn> integrand, Estimate total, Estimate own) {
        entries.add(() -> {
            return new Entry(x.id(), defines(x.id()) + "mean(" + shown(x.fn()) + ")", "Moment",
                    List.of("E[" + show(integrand.apply(x.fn())) + "] = " + num(total.value()) + " " + how(own)
                            + (total.error() > own.error() ? " (with inputs' error: ≤ " + Numbers.twoDigits(total.error()) + ")" : "")));
        });
    }

    void particles(Step s, Estimate e) {
        int id = s.id();
        entries.add(() -> {
            String what = s instanceof Step.Moment m ? defines(id) + "mean(" + shown(m.fn()) + ")"
                    : defines(id) + shown(((Step.Scalar) s).fn());
            return new Entry(id, what, s instanceof Step.Moment ? "Moment" : "Scalar",
                    List.of("on particles (every atom sampled jointly; Ż in the Stein form): " + num(e.value()) + " " + how(e)));
        });
    }

    void scalar(Step.Scalar x, Estimate e) {
        // a claim's constant is not a step of the user's
        if (x.fn() instanceof Fn.Const && program.value(x.id()).temporary()) return;
        entries.add(() -> {
            return new Entry(x.id(), defines(x.id()) + shown(x.fn()), "Scalar",
                    List.of("limit n → ∞: " + num(e.value()) + " " + how(e)));
        });
    }
}
