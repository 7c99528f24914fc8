package tp.check;

import java.util.ArrayList;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.numerics.SymmetricEigen;
import tp.syntax.Expr;
import tp.syntax.Span;
import tp.syntax.Stmt;

/** {@code matrix … ~ N(0, c/n)} and {@code vector … ~ N(μ, Σ)}, with their checks. */
final class Declarations {
    private Declarations() {}

    /** A declared name, expanded: {@code V[1..2]} gives V[1], V[2] and how to rebuild the array. */
    private record Slot(String name, List<Integer> path, Stmt.Target target) {}

    static void matrix(Stmt.MatrixDecl m, Checker checker, Scope scope, Expressions ex, ProgramBuilder out) {
        Value mean = ex.eval(m.mean(), scope);
        if (!(mean instanceof Value.Num z) || z.value() != 0) {
            Expressions.poisonCheck(mean);
            throw new CheckError(m.mean().span(), "an initial matrix has mean 0; got `" + m.mean().text() + "`");
        }
        double c = matrixVariance(m.variance(), ex.eval(m.variance(), scope));
        List<Slot> slots = slots(m.targets(), checker, scope, ex);
        for (Slot s : slots) {
            int id = out.matrix(s.name(), c, s.target().span());
            Value.Mat mat = new Value.Mat(List.of(new Value.Term(Fns.ONE, id, false)), List.of());
            bind(scope, s, checker.grads().tag(mat));
        }
    }

    /** The c of a variance c/n; anything else is an error that says what it is. */
    private static double matrixVariance(Expr e, Value v) {
        Expressions.poisonCheck(v);
        String rule = "a matrix's variance must be c/n with a constant c > 0 (such as `2/n`); ";
        if (v instanceof Value.Num n) {
            String value = e.text().equals(Fns.formatConst(n.value())) ? "" : " = " + Fns.formatConst(n.value());
            throw new CheckError(e.span(), rule + "`" + e.text() + "`" + value + " does not shrink with n (write `" + Fns.formatConst(n.value()) + "/n`)");
        }
        if (!(v instanceof Value.Sca s)) {
            throw new CheckError(e.span(), rule + "`" + e.text() + "` is " + Value.kindName(v));
        }
        java.util.Set<Integer> refs = new java.util.HashSet<>();
        s.fn().refs(refs);
        if (!refs.isEmpty()) {
            throw new CheckError(e.span(), rule + "`" + e.text() + "` depends on values the program computes");
        }
        double[] widths = {1, 3, 17, 1000, 1e6};
        double c = Fns.eval(s.fn(), id -> Double.NaN, widths[0]) * widths[0];
        for (double w : widths) {
            double cw = Fns.eval(s.fn(), id -> Double.NaN, w) * w;
            if (!(Math.abs(cw - c) <= 1e-12 * Math.max(1, Math.abs(c)))) {
                throw new CheckError(e.span(), rule + "`" + e.text() + "` is not of that form");
            }
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new CheckError(e.span(), rule + "here c = " + Fns.formatConst(c));
        }
        return c;
    }

    static void vector(Stmt.VectorDecl d, Checker checker, Scope scope, Expressions ex, ProgramBuilder out) {
        List<Slot> slots = slots(d.targets(), checker, scope, ex);
        int k = slots.size();
        double[] mean = listOrNumber(d.mean(), k, scope, ex, "mean");
        double[][] cov;
        Value computed = d.covariance() instanceof Expr.ListLit ? null : ex.eval(d.covariance(), scope);
        boolean diagonal = computed != null && !(computed instanceof Value.Arr);
        if (diagonal) {
            double var = Expressions.number(d.covariance(), computed, "a vector's variance");
            if (var < 0 || !Double.isFinite(var)) {
                throw new CheckError(d.covariance().span(), "a variance must be ≥ 0; got " + Fns.formatConst(var));
            }
            cov = new double[k][k];
            for (int i = 0; i < k; i++) cov[i][i] = var;
        } else if (computed == null) {
            cov = covariance((Expr.ListLit) d.covariance(), k, scope, ex);
        } else {
            cov = computedCovariance(d.covariance(), (Value.Arr) computed, k);
        }
        if (diagonal) {
            for (int i = 0; i < k; i++) {
                List<Integer> ids = out.vectors(List.of(slots.get(i).name()), new double[] {mean[i]},
                        new double[][] {{cov[i][i]}}, slots.get(i).target().span());
                bind(scope, slots.get(i), new Value.Vec(new Fn.Ref(ids.get(0), Fn.Kind.VECTOR)));
            }
        } else {
            List<String> names = new ArrayList<>();
            for (Slot s : slots) names.add(s.name());
            List<Integer> ids = out.vectors(names, mean, cov, d.span());
            for (int i = 0; i < k; i++) bind(scope, slots.get(i), new Value.Vec(new Fn.Ref(ids.get(i), Fn.Kind.VECTOR)));
        }
    }

    private static double[] listOrNumber(Expr e, int k, Scope scope, Expressions ex, String what) {
        double[] out = new double[k];
        if (e instanceof Expr.ListLit l) {
            if (l.items().size() != k) {
                throw new CheckError(e.span(), "the " + what + " lists " + l.items().size() + " entries for " + k + " vectors");
            }
            for (int i = 0; i < k; i++) out[i] = ex.number(l.items().get(i), scope, "a " + what + " entry");
            return out;
        }
        Value v = ex.eval(e, scope);
        if (v instanceof Value.Arr a) {
            double[] values = NumArrays.vector(a);
            if (values == null || values.length != k) {
                throw new CheckError(e.span(), "the " + what + " must list " + k + " number" + (k == 1 ? "" : "s")
                        + ", one for each vector; `" + e.text() + "` has " + NumArrays.range(a));
            }
            return values;
        }
        java.util.Arrays.fill(out, Expressions.number(e, v, "a vector's " + what));
        return out;
    }

    /** A covariance computed by an expression ({@code X @ X.T / d}): a k×k array of numbers, checked like a literal. */
    private static double[][] computedCovariance(Expr e, Value.Arr a, int k) {
        double[][] cov = NumArrays.matrix(a);
        if (cov == null || cov.length != k || cov[0].length != k) {
            throw new CheckError(e.span(), "the covariance must be a " + k + "×" + k + " array of numbers for " + k + " vector"
                    + (k == 1 ? "" : "s") + "; `" + e.text() + "` is " + (cov == null ? "not a table of numbers"
                    : cov.length + "×" + (cov.length == 0 ? 0 : cov[0].length)));
        }
        symmetric(cov, (i, j) -> e.span());
        positiveSemiDefinite(cov, e.span());
        return cov;
    }

    private static double[][] covariance(Expr.ListLit l, int k, Scope scope, Expressions ex) {
        if (l.items().size() != k) {
            throw new CheckError(l.span(), "the covariance has " + l.items().size() + " rows for " + k + " vector"
                    + (k == 1 ? "" : "s") + "; it must be " + k + "×" + k);
        }
        double[][] cov = new double[k][k];
        for (int i = 0; i < k; i++) {
            if (!(l.items().get(i) instanceof Expr.ListLit row) || row.items().size() != k) {
                throw new CheckError(l.items().get(i).span(), "row " + (i + 1) + " of the covariance must list " + k + " entries");
            }
            for (int j = 0; j < k; j++) cov[i][j] = ex.number(row.items().get(j), scope, "a covariance entry");
        }
        symmetric(cov, (i, j) -> ((Expr.ListLit) l.items().get(i)).items().get(j).span());
        positiveSemiDefinite(cov, l.span());
        return cov;
    }

    /** Where entry (i, j) of a covariance is written (0-based). */
    private interface EntrySpan {
        tp.syntax.Span of(int i, int j);
    }

    private static void symmetric(double[][] cov, EntrySpan at) {
        for (int i = 0; i < cov.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(cov[i][j] - cov[j][i]) > 1e-12 * Math.max(1, Math.abs(cov[i][j]))) {
                    throw new CheckError(at.of(i, j), "the covariance is not symmetric: entry (" + (i + 1) + ","
                            + (j + 1) + ") = " + Fns.formatConst(cov[i][j]) + " but (" + (j + 1) + "," + (i + 1) + ") = "
                            + Fns.formatConst(cov[j][i]));
                }
            }
        }
    }

    private static void positiveSemiDefinite(double[][] cov, tp.syntax.Span at) {
        double[] eigenvalues;
        try {
            eigenvalues = SymmetricEigen.values(cov);
        } catch (IllegalArgumentException e) {
            throw new CheckError(at, "cannot decompose the covariance");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double lambda : eigenvalues) {
            min = Math.min(min, lambda);
            max = Math.max(max, Math.abs(lambda));
        }
        if (min < -1e-12 * Math.max(1, max)) {
            throw new CheckError(at, "the covariance is not positive semi-definite: it has eigenvalue "
                    + String.format("%.6g", min));
        }
    }

    private static List<Slot> slots(List<Stmt.Target> targets, Checker checker, Scope scope, Expressions ex) {
        List<Slot> out = new ArrayList<>();
        for (Stmt.Target t : targets) {
            checker.checkNewName(t.name(), t.span(), scope);
            for (Slot s : out) {
                if (s.target().name().equals(t.name())) {
                    throw new CheckError(t.span(), "`" + t.name() + "` is declared twice in this statement");
                }
            }
            List<int[]> ranges = new ArrayList<>();
            long elements = 1;
            for (Expr[] r : t.ranges()) {
                int lo = ex.integer(r[0], scope, "an array bound");
                int hi = ex.integer(r[1], scope, "an array bound");
                if (hi < lo) throw new CheckError(r[0].span(), "empty array range " + lo + ".." + hi);
                if ((long) hi - lo > 100_000) throw new CheckError(r[0].span(), "array range " + lo + ".." + hi + " is too large");
                ranges.add(new int[] {lo, hi});
                elements *= (long) hi - lo + 1;
                if (elements > Budget.MAX_ELEMENTS) {
                    throw new Budget.Exceeded(t.span(), "`" + t.name() + "` would declare more than " + Budget.count(Budget.MAX_ELEMENTS)
                            + " elements; the limit is " + Budget.count(Budget.MAX_ELEMENTS) + " elements in one declaration"
                            + " (see \"Limits\" in docs/language.md)");
                }
            }
            expand(t, ranges, 0, new ArrayList<>(), out);
        }
        return out;
    }

    private static void expand(Stmt.Target t, List<int[]> ranges, int depth, List<Integer> path, List<Slot> out) {
        if (depth == ranges.size()) {
            StringBuilder name = new StringBuilder(t.name());
            for (int i : path) name.append('[').append(i).append(']');
            out.add(new Slot(name.toString(), List.copyOf(path), t));
            return;
        }
        for (int i = ranges.get(depth)[0]; i <= ranges.get(depth)[1]; i++) {
            path.add(i);
            expand(t, ranges, depth + 1, path, out);
            path.remove(path.size() - 1);
        }
    }

    private static void bind(Scope scope, Slot s, Value v) {
        if (s.path().isEmpty()) {
            scope.define(s.name(), v, s.target().span());
            return;
        }
        Scope.Binding b = scope.clash(s.target().name());
        Value.Arr arr;
        if (b == null) {
            arr = new Value.Arr(s.target().name());
            scope.define(s.target().name(), arr, s.target().span());
        } else {
            arr = (Value.Arr) b.value();
        }
        StringBuilder name = new StringBuilder(s.target().name());
        for (int k = 0; k < s.path().size() - 1; k++) {
            int i = s.path().get(k);
            name.append('[').append(i).append(']');
            arr = (Value.Arr) arr.elements().computeIfAbsent(i, x -> new Value.Arr(name.toString()));
        }
        arr.elements().put(s.path().get(s.path().size() - 1), v);
    }
}
