package tp.e2e.diff;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A generated integrand: an expression over base variables (indices into a {@link Law}) built
 * from affine forms, numbers, the built-ins and + − * / min max pow. It knows where it is not
 * smooth: {@link #kinks()} returns affine forms whose zero sets cover every kink, jump and
 * singularity (the generator only builds expressions for which this is known).
 */
sealed interface Expr {
    /** c + Σ a_i v_i. */
    record Aff(double[] a, double c) implements Expr {}

    record Num(double v) implements Expr {}

    record Un(Fn1 f, Expr x) implements Expr {}

    enum Op { ADD, SUB, MUL, DIV, MIN, MAX }

    record Bin(Op op, Expr x, Expr y) implements Expr {}

    /** x^k for a small integer k (negative only in undefined cases). */
    record Pow(Expr x, int k) implements Expr {}

    // ---------------------------------------------------------------- rendering

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            String s = Long.toString((long) Math.abs(v));
            return v < 0 ? "(-" + s + ")" : s;
        }
        String s = BigDecimal.valueOf(Math.abs(v)).toPlainString();
        return v < 0 ? "(-" + s + ")" : s;
    }

    private static String mag(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) Math.abs(v));
        return BigDecimal.valueOf(Math.abs(v)).toPlainString();
    }

    default String render(String[] names) {
        if (this instanceof Aff f) {
            StringBuilder sb = new StringBuilder();
            int terms = 0;
            for (int i = 0; i < f.a().length; i++) {
                double a = f.a()[i];
                if (a == 0) continue;
                if (terms == 0) sb.append(a < 0 ? "-" : "");
                else sb.append(a < 0 ? " - " : " + ");
                if (Math.abs(a) != 1) sb.append(mag(a)).append('*');
                sb.append(names[i]);
                terms++;
            }
            if (f.c() != 0 || terms == 0) {
                if (terms == 0) return num(f.c());
                sb.append(f.c() < 0 ? " - " : " + ").append(mag(f.c()));
                terms++;
            }
            // a lone name stands bare; "0.95*x" is parenthesized, or "1 / 0.95*x" would read as (1/0.95)*x
            return terms == 1 && sb.charAt(0) != '-' && sb.indexOf("*") < 0 ? sb.toString() : "(" + sb + ")";
        }
        if (this instanceof Num n) return num(n.v());
        if (this instanceof Un u) return u.f().label + "(" + strip(u.x().render(names)) + ")";
        if (this instanceof Pow p) return "pow(" + strip(p.x().render(names)) + ", " + num(p.k()) + ")";
        Bin b = (Bin) this;
        String x = b.x().render(names);
        String y = b.y().render(names);
        switch (b.op()) {
            case ADD: return "(" + x + " + " + y + ")";
            case SUB: return "(" + x + " - " + y + ")";
            case MUL: return "(" + x + " * " + y + ")";
            case DIV: return "(" + x + " / " + y + ")";
            case MIN: return "min(" + strip(x) + ", " + strip(y) + ")";
            default: return "max(" + strip(x) + ", " + strip(y) + ")";
        }
    }

    /** Drops one pair of outer parentheses when they enclose the whole string. */
    static String strip(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') return s;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(') depth++;
            else if (ch == ')') depth--;
            if (depth == 0 && i < s.length() - 1) return s;
        }
        return s.substring(1, s.length() - 1);
    }

    // ---------------------------------------------------------------- structure

    default void vars(Set<Integer> out) {
        if (this instanceof Aff f) {
            for (int i = 0; i < f.a().length; i++) if (f.a()[i] != 0) out.add(i);
        } else if (this instanceof Un u) {
            u.x().vars(out);
        } else if (this instanceof Pow p) {
            p.x().vars(out);
        } else if (this instanceof Bin b) {
            b.x().vars(out);
            b.y().vars(out);
        }
    }

    default int size() {
        if (this instanceof Un u) return 1 + u.x().size();
        if (this instanceof Pow p) return 1 + p.x().size();
        if (this instanceof Bin b) return 1 + b.x().size() + b.y().size();
        return 1;
    }

    default boolean uses(Fn1 f) {
        if (this instanceof Un u) return u.f() == f || u.x().uses(f);
        if (this instanceof Pow p) return p.x().uses(f);
        if (this instanceof Bin b) return b.x().uses(f) || b.y().uses(f);
        return false;
    }

    /** Whether it may be singular (unbounded) somewhere: sqrt, log, division, a negative power. */
    default boolean singular() {
        if (this instanceof Un u) return u.f() == Fn1.SQRT || u.f() == Fn1.LOG || u.x().singular();
        if (this instanceof Pow p) return p.k() < 0 || p.x().singular();
        if (this instanceof Bin b) return b.op() == Op.DIV || b.x().singular() || b.y().singular();
        return false;
    }

    default boolean nonSmooth() {
        if (this instanceof Un u) return !u.f().smooth() || u.x().nonSmooth();
        if (this instanceof Pow p) return p.k() < 0 || p.x().nonSmooth();
        if (this instanceof Bin b) {
            return b.op() == Op.MIN || b.op() == Op.MAX || b.op() == Op.DIV || b.x().nonSmooth() || b.y().nonSmooth();
        }
        return false;
    }

    /** Replaces variable i by the affine form subst[i] (forms over a new set of variables). */
    default Expr substitute(Aff[] subst, int newSize) {
        if (this instanceof Aff f) {
            double[] a = new double[newSize];
            double c = f.c();
            for (int i = 0; i < f.a().length; i++) {
                if (f.a()[i] == 0) continue;
                for (int j = 0; j < newSize; j++) a[j] += f.a()[i] * subst[i].a()[j];
                c += f.a()[i] * subst[i].c();
            }
            return new Aff(a, c);
        }
        if (this instanceof Num) return this;
        if (this instanceof Un u) return new Un(u.f(), u.x().substitute(subst, newSize));
        if (this instanceof Pow p) return new Pow(p.x().substitute(subst, newSize), p.k());
        Bin b = (Bin) this;
        return new Bin(b.op(), b.x().substitute(subst, newSize), b.y().substitute(subst, newSize));
    }

    // ---------------------------------------------------------------- where it is not smooth

    int MAX_PIECES = 24;

    /**
     * For a piecewise-affine expression, affine forms such that on every cell cut by
     * {@link #kinks()} it equals one of them; null when not piecewise affine (or too many).
     */
    default List<Aff> pieces(int nVars) {
        if (this instanceof Aff f) return List.of(f);
        if (this instanceof Num n) return List.of(new Aff(new double[nVars], n.v()));
        if (this instanceof Un u) {
            List<Aff> x = u.x().pieces(nVars);
            if (x == null) return null;
            switch (u.f()) {
                case ID: return x;
                case RELU: {
                    List<Aff> out = new ArrayList<>(x);
                    out.add(new Aff(new double[nVars], 0));
                    return dedupeExact(out);
                }
                case ABS: {
                    List<Aff> out = new ArrayList<>(x);
                    for (Aff p : x) out.add(scale(p, -1));
                    return dedupeExact(out);
                }
                default: return null;
            }
        }
        if (this instanceof Bin b) {
            List<Aff> x = b.x().pieces(nVars);
            List<Aff> y = b.y().pieces(nVars);
            if (x == null || y == null) return null;
            switch (b.op()) {
                case ADD: case SUB: {
                    if (x.size() * y.size() > MAX_PIECES) return null;
                    List<Aff> out = new ArrayList<>();
                    for (Aff p : x) for (Aff q : y) out.add(combine(p, b.op() == Op.ADD ? 1 : -1, q));
                    return dedupeExact(out);
                }
                case MUL: {
                    if (b.x() instanceof Num n) return y.stream().map(p -> scale(p, n.v())).toList();
                    if (b.y() instanceof Num n) return x.stream().map(p -> scale(p, n.v())).toList();
                    return null;
                }
                case MIN: case MAX: {
                    List<Aff> out = new ArrayList<>(x);
                    out.addAll(y);
                    return out.size() > MAX_PIECES ? null : dedupeExact(out);
                }
                default: return null;
            }
        }
        return null;
    }

    /**
     * Affine forms whose zero sets, together with {@link #kinks()}, cut space into cells on each of
     * which this expression is either > 0, < 0 or = 0 throughout; null when unknown.
     */
    default List<Aff> signCover(int nVars) {
        List<Aff> pl = pieces(nVars);
        if (pl != null) return pl;
        if (this instanceof Un u) {
            switch (u.f().sign) {
                case PRESERVING: return u.x().signCover(nVars);
                case POSITIVE: return List.of();
                default: return null;
            }
        }
        if (this instanceof Pow p) return p.x().signCover(nVars);
        if (this instanceof Bin b && (b.op() == Op.MUL || b.op() == Op.DIV)) {
            List<Aff> x = b.x().signCover(nVars);
            List<Aff> y = b.y().signCover(nVars);
            if (x == null || y == null) return null;
            List<Aff> out = new ArrayList<>(x);
            out.addAll(y);
            return dedupe(out);
        }
        if (this instanceof Bin b && (b.op() == Op.SUB || b.op() == Op.ADD)) return differenceCover(b, nVars);
        return null;
    }

    /** x − y (or x + y) for images of one increasing function: their sign is that of the arguments' difference. */
    private static List<Aff> differenceCover(Bin b, int nVars) {
        if (b.x() instanceof Un ux && b.y() instanceof Un uy && ux.f() == uy.f() && ux.f().increasing()
                && b.op() == Op.SUB) {
            return new Bin(Op.SUB, ux.x(), uy.x()).signCover(nVars);
        }
        return null;
    }

    /** Affine forms whose zero sets cover every point where this is not smooth; null when unknown. */
    default List<Aff> kinks(int nVars) {
        if (this instanceof Aff || this instanceof Num) return List.of();
        if (this instanceof Un u) {
            List<Aff> k = u.x().kinks(nVars);
            if (k == null) return null;
            if (u.f().smooth()) return k;
            List<Aff> cover = u.x().signCover(nVars);
            if (cover == null) return null;
            List<Aff> out = new ArrayList<>(k);
            out.addAll(cover);
            return dedupe(out);
        }
        if (this instanceof Pow p) {
            List<Aff> k = p.x().kinks(nVars);
            if (k == null || p.k() >= 0) return k;
            List<Aff> cover = p.x().signCover(nVars);
            if (cover == null) return null;
            List<Aff> out = new ArrayList<>(k);
            out.addAll(cover);
            return dedupe(out);
        }
        Bin b = (Bin) this;
        List<Aff> x = b.x().kinks(nVars);
        List<Aff> y = b.y().kinks(nVars);
        if (x == null || y == null) return null;
        List<Aff> out = new ArrayList<>(x);
        out.addAll(y);
        if (b.op() == Op.MIN || b.op() == Op.MAX) {
            List<Aff> tie = new Bin(Op.SUB, b.x(), b.y()).signCover(nVars);
            if (tie == null) return null;
            out.addAll(tie);
        } else if (b.op() == Op.DIV) {
            List<Aff> zeros = b.y().signCover(nVars);
            if (zeros == null) return null;
            out.addAll(zeros);
        }
        return dedupe(out);
    }

    static Aff scale(Aff p, double k) {
        double[] a = p.a().clone();
        for (int i = 0; i < a.length; i++) a[i] *= k;
        return new Aff(a, k * p.c());
    }

    static Aff combine(Aff p, double k, Aff q) {
        double[] a = p.a().clone();
        for (int i = 0; i < a.length; i++) a[i] += k * q.a()[i];
        return new Aff(a, p.c() + k * q.c());
    }

    /** Without exact repeats (pieces: a form and its negative are different pieces). */
    static List<Aff> dedupeExact(List<Aff> in) {
        List<Aff> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Aff p : in) if (seen.add(Arrays.toString(p.a()) + p.c())) out.add(p);
        return out;
    }

    /** Zero sets without repeats (a form and any nonzero multiple of it have the same zero set). */
    static List<Aff> dedupe(List<Aff> in) {
        List<Aff> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Aff p : in) {
            double norm = 0;
            for (double v : p.a()) norm = Math.max(norm, Math.abs(v));
            if (norm == 0) {
                out.add(p);   // a constant: kept (zero-variance handling is the reference's business)
                continue;
            }
            double s = 0;
            for (double v : p.a()) if (v != 0) { s = v; break; }
            double[] key = new double[p.a().length + 1];
            for (int i = 0; i < p.a().length; i++) key[i] = p.a()[i] / s;
            key[p.a().length] = p.c() / s;
            if (seen.add(Arrays.toString(key))) out.add(p);
        }
        return out;
    }
}
