package tp.limit;

import java.util.Arrays;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;

/**
 * A vector's Z when it is affine in the atoms, {@code c + Σ a_i atom_i}, kept as sorted primitive
 * arrays instead of a tree of additions: a deep linear network trained for T steps has vectors
 * with thousands of atoms, and re-deriving each one's form from a tree (or holding the tree) is
 * what made such programs quadratic in time and memory. The arithmetic is {@link Linear}'s,
 * operation for operation (terms merged in atom order, zero terms dropped), so a form built here
 * has the bits the tree would give.
 *
 * <p>Covariances {@code Cov(x, y) = Σ x_a Σ_ab y_b} are read through {@link #sigma}, the vector
 * {@code Σ y} over the atoms of y's families, computed once per vector and kept: a vector met by
 * many moments (every later input of a training run is paired with every earlier one) then costs
 * one pass over its atoms per moment.
 */
final class Affine {
    final double constant;
    /** Atom ids, increasing. */
    final int[] atoms;
    final double[] coefs;
    /** Σ·coefs over the atoms existing when first asked for (entries outside this form's families are 0). */
    private double[][] sigma;
    /** The number of atoms there were when {@link #sigma} was computed: it reaches every atom below. */
    private int reach;

    Affine(double constant, int[] atoms, double[] coefs) {
        this.constant = constant;
        this.atoms = atoms;
        this.coefs = coefs;
    }

    static Affine constant(double c) {
        return new Affine(c, new int[0], new double[0]);
    }

    /** The same form as {@link Linear}'s. */
    static Affine of(Linear l) {
        int[] ids = new int[l.coefs().size()];
        double[] v = new double[ids.length];
        int n = 0;
        for (java.util.Map.Entry<Integer, Double> e : l.coefs().entrySet()) {
            ids[n] = e.getKey();
            v[n++] = e.getValue();
        }
        return new Affine(l.constant(), ids, v);
    }

    static Affine atom(int id) {
        return new Affine(0, new int[] {id}, new double[] {1.0});
    }

    int size() {
        return atoms.length;
    }

    boolean isConstant() {
        return atoms.length == 0;
    }

    /** The coefficient of an atom (0 when absent). */
    double coef(int atom) {
        int i = Arrays.binarySearch(atoms, atom);
        return i >= 0 ? coefs[i] : 0;
    }

    /** {@link Linear#scale}: k·a_i, zero terms dropped. */
    Affine scale(double k) {
        int[] ids = new int[atoms.length];
        double[] v = new double[atoms.length];
        int n = 0;
        for (int i = 0; i < atoms.length; i++) {
            double x = k * coefs[i];
            if (x != 0) {
                ids[n] = atoms[i];
                v[n++] = x;
            }
        }
        return new Affine(k * constant, trim(ids, n), trim(v, n));
    }

    /** {@link Linear#plus}: a_i + b_i for shared atoms (dropped when 0), the others as they are. */
    Affine plus(Affine o) {
        int[] ids = new int[atoms.length + o.atoms.length];
        double[] v = new double[ids.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < atoms.length || j < o.atoms.length) {
            if (j >= o.atoms.length || (i < atoms.length && atoms[i] < o.atoms[j])) {
                ids[n] = atoms[i];
                v[n++] = coefs[i++];
            } else if (i >= atoms.length || o.atoms[j] < atoms[i]) {
                ids[n] = o.atoms[j];
                v[n++] = o.coefs[j++];
            } else {
                double x = coefs[i] + o.coefs[j];
                if (x != 0) {
                    ids[n] = atoms[i];
                    v[n++] = x;
                }
                i++;
                j++;
            }
        }
        return new Affine(constant + o.constant, trim(ids, n), trim(v, n));
    }

    private static int[] trim(int[] a, int n) {
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    private static double[] trim(double[] a, int n) {
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    private double mean = Double.NaN;
    private boolean meanKnown;

    /** {@link Linear#mean}: c + Σ a_i E[atom_i], summed in atom order (once: atoms' means never change). */
    double mean(Atoms a) {
        if (!meanKnown) {
            double s = constant;
            for (int i = 0; i < atoms.length; i++) s += coefs[i] * a.mean(atoms[i]);
            mean = s;
            meanKnown = true;
        }
        return mean;
    }

    /** Σ·coefs, as far as the atoms go now (computed once, kept while among the last few computed). */
    private double[][] sigma(Atoms a) {
        if (sigma == null) {
            double[][] s = a.newSigma();
            for (int i = 0; i < atoms.length; i++) a.addRow(atoms[i], coefs[i], s);
            sigma = s;
            reach = a.size();
            a.keep(this);
        }
        return sigma;
    }

    /** Forgets the kept Σ·coefs (computed again if asked for). */
    void dropSigma() {
        sigma = null;
    }

    /**
     * Cov(x, y) for two forms, through the kept Σ·y when it reaches every atom of x (y is then the
     * later vector, as in a moment of a new vector with an earlier one), else through Σ·x, else
     * (neither kept far enough) Σ· of the form with the latest atom is computed now (the later
     * vector, which the next moments pair with other earlier ones). {@code scale} receives a
     * bound on Σ_ab |x_a Σ_ab y_b|, against which the rounding of both sums is counted whatever
     * they cancel ((Σ_a |x_a| σ_a)(Σ_b |y_b| σ_b) per family, as |Σ_ab| ≤ σ_a σ_b), and a bound on
     * what the errors of the covariance entries make of Cov(x, y): Σ_ab |x_a| |y_b| err(Σ_ab) ≤
     * Σ_ab |x_a| |y_b| (r_a + r_b), r the largest error of an atom's row, summed per family. Both
     * in one pass over each form.
     */
    static double cov(Affine x, Affine y, Atoms a, double[] scale) {
        if (x.isConstant() || y.isConstant()) {
            scale[0] = 0;
            scale[1] = 0;
            return 0;
        }
        double[][] s;
        Affine near;
        if (covers(y, x)) {
            s = y.sigma;
            near = x;
        } else if (covers(x, y)) {
            s = x.sigma;
            near = y;
        } else if (x.atoms[x.atoms.length - 1] > y.atoms[y.atoms.length - 1]) {
            // the later form is the one the next moments will pair with earlier ones again
            x.dropSigma();
            s = x.sigma(a);
            near = y;
        } else {
            y.dropSigma();
            s = y.sigma(a);
            near = x;
        }
        double total = 0;
        double abs = 0;
        for (int i = 0; i < near.atoms.length; i++) {
            total += near.coefs[i] * a.at(s, near.atoms[i]);
        }
        entryErrors(x, y, a, scale);
        return total;
    }

    /** See {@link Atoms#formBounds}. */
    private static void entryErrors(Affine x, Affine y, Atoms a, double[] scale) {
        Atoms.formBounds(x.familySums(a), y.familySums(a), scale);
    }

    /** {@link Atoms#familySums} of this form, made once. */
    private double[] familySums;

    private double[] familySums(Atoms a) {
        if (familySums == null) familySums = a.familySums(atoms, coefs);
        return familySums;
    }

    /**
     * {@code ((x + c_1 y_1) + c_2 y_2) + …}: per atom the additions {@link #plus} of
     * {@link #scale}d forms would make, in the same order (a zero product is skipped, as
     * {@code scale} drops it), added up in one buffer instead of a new form per term.
     */
    static Affine sum(Affine x, List<Affine> ys, double[] cs) {
        if (ys.isEmpty()) return x;
        int max = x.isConstant() ? -1 : x.atoms[x.atoms.length - 1];
        for (Affine y : ys) if (!y.isConstant()) max = Math.max(max, y.atoms[y.atoms.length - 1]);
        Accumulator sum = new Accumulator(max, x.atoms.length);
        sum.start(x);
        double c = x.constant;
        for (int k = 0; k < ys.size(); k++) {
            Affine y = ys.get(k);
            c = c + cs[k] * y.constant;
            sum.add(y, cs[k], false);
        }
        return sum.gather(c);
    }

    /**
     * Forms added up atom by atom in one dense buffer — per atom the additions {@link #plus} of
     * {@link #scale}d forms would make, in the same order — and gathered into a form at the end.
     */
    private static final class Accumulator {
        private final double[] buf;
        private final boolean[] touched;
        private int[] ids;
        private int n;

        Accumulator(int maxAtom, int capacity) {
            buf = new double[maxAtom + 1];
            touched = new boolean[maxAtom + 1];
            ids = new int[Math.max(16, capacity)];
        }

        /** Starts from x's coefficients. */
        void start(Affine x) {
            for (int i = 0; i < x.atoms.length; i++) {
                mark(x.atoms[i]);
                buf[x.atoms[i]] = x.coefs[i];
            }
        }

        /** Adds k·y, or subtracts it when {@code negate}; a zero product is skipped, as {@link #scale} drops it. */
        void add(Affine y, double k, boolean negate) {
            for (int i = 0; i < y.atoms.length; i++) {
                double v = k * y.coefs[i];
                if (v == 0) continue;
                if (negate) v = -1 * v;
                int id = y.atoms[i];
                mark(id);
                buf[id] = buf[id] + v;
            }
        }

        private void mark(int id) {
            if (touched[id]) return;
            touched[id] = true;
            if (n == ids.length) ids = Arrays.copyOf(ids, 2 * n);
            ids[n++] = id;
        }

        Affine gather(double c) {
            return Affine.gather(c, ids, n, buf);
        }
    }

    /** Whether p's kept Σ·p reaches every atom of q. */
    private static boolean covers(Affine p, Affine q) {
        return p.sigma != null && p.reach > q.atoms[q.atoms.length - 1];
    }

    /** The form as a function: c + Σ a_i atom_i (a chain of additions when short, balanced when long). */
    Fn fn() {
        Fn f = Fns.c(constant);
        if (atoms.length <= 64) {
            for (int i = 0; i < atoms.length; i++) f = Fns.add(f, term(i));
            return f;
        }
        return Fns.add(f, balanced(0, atoms.length));
    }

    private Fn term(int i) {
        return Fns.mul(Fns.c(coefs[i]), new Fn.Ref(atoms[i], Fn.Kind.VECTOR));
    }

    private Fn balanced(int from, int to) {
        if (to - from == 1) return term(from);
        int mid = (from + to) >>> 1;
        return Fns.add(balanced(from, mid), balanced(mid, to));
    }

    /**
     * The affine form of a core-program function of vectors whose forms are known ({@code vector})
     * and scalars with known limits ({@code scalar}), or null when it is not affine. It follows
     * {@link Fns#apply}'s folding of constants and {@link Linear}'s rules, in the same order, so
     * the result has the bits that substituting and flattening would give.
     */
    static Affine of(Fn f, java.util.function.IntFunction<Affine> vector, java.util.function.IntToDoubleFunction scalar,
                     java.util.function.IntPredicate isVector) {
        return new Builder(vector, scalar, isVector).of(f);
    }

    /** Not affine, as remembered by a {@link Builder}. */
    private static final Affine NONE = constant(Double.NaN);

    /** {@link Affine#of}, with the forms of shared subtrees (a value used twice, at every level) built once. */
    private static final class Builder {
        final java.util.function.IntFunction<Affine> vector;
        final java.util.function.IntToDoubleFunction scalar;
        final java.util.function.IntPredicate isVector;
        final java.util.IdentityHashMap<Fn, Affine> memo = new java.util.IdentityHashMap<>();

        Builder(java.util.function.IntFunction<Affine> vector, java.util.function.IntToDoubleFunction scalar,
                java.util.function.IntPredicate isVector) {
            this.vector = vector;
            this.scalar = scalar;
            this.isVector = isVector;
        }

        Affine of(Fn f) {
            if (!(f instanceof Fn.Apply)) return compute(f, this);
            Affine hit = memo.get(f);
            if (hit != null) return hit == NONE ? null : hit;
            Affine a = compute(f, this);
            memo.put(f, a == null ? NONE : a);
            return a;
        }
    }

    private static Affine compute(Fn f, Builder b) {
        java.util.function.IntFunction<Affine> vector = b.vector;
        java.util.function.IntToDoubleFunction scalar = b.scalar;
        java.util.function.IntPredicate isVector = b.isVector;
        if (f instanceof Fn.Const c) return constant(c.value());
        if (f instanceof Fn.Ref r) {
            return isVector.test(r.id()) ? vector.apply(r.id()) : constant(scalar.applyAsDouble(r.id()));
        }
        if (!(f instanceof Fn.Apply a)) return null;
        if ((a.op() == Op.ADD || a.op() == Op.SUB) && a.arg(0) instanceof Fn.Apply l
                && (l.op() == Op.ADD || l.op() == Op.SUB)) {
            return chain(a, b);
        }
        List<Fn> args = a.args();
        Affine[] x = new Affine[args.size()];
        boolean allConst = a.op() != Op.MINEIG && a.op() != Op.MAXEIG;
        for (int i = 0; i < x.length; i++) {
            // only the arithmetic Linear follows has affine results; anything else of a non-constant is not affine
            x[i] = b.of(args.get(i));
            if (x[i] == null) return null;
            allConst &= x[i].isConstant();
        }
        if (allConst && x.length > 0) {
            double[] v = new double[x.length];
            for (int i = 0; i < v.length; i++) v[i] = x[i].constant;
            return constant(a.op().apply(v));
        }
        switch (a.op()) {
            case ID: return x[0];
            case NEG: return x[0].scale(-1);
            case ADD:
                if (isZero(x[0])) return x[1];
                if (isZero(x[1])) return x[0];
                return x[0].plus(x[1]);
            case SUB:
                if (isZero(x[1])) return x[0];
                if (isZero(x[0])) return x[1].scale(-1);
                return x[0].plus(x[1].scale(-1));
            case MUL:
                if (isZero(x[0]) || isZero(x[1])) return constant(0);
                if (x[0].isConstant()) return x[1].scale(x[0].constant);
                if (x[1].isConstant()) return x[0].scale(x[1].constant);
                return null;
            case DIV:
                if (!x[1].isConstant()) return null;
                if (isZero(x[0])) return constant(0);
                if (x[1].constant == 1) return x[0];
                return x[0].scale(1 / x[1].constant);
            case POW:
                if (x[1].isConstant() && x[1].constant == 1) return x[0];
                return null;
            default: return null;
        }
    }

    /**
     * A left-leaning chain of sums and differences {@code ((x0 ± x1) ± x2) ± …}, added up term by
     * term into one dense buffer: per atom the same additions in the same order as
     * {@link #plus} pair by pair (a difference adds the negated coefficient, which is what
     * subtracting is), without a new form per link.
     */
    private static Affine chain(Fn.Apply top, Builder b) {
        List<Fn.Apply> links = new java.util.ArrayList<>();
        Fn f = top;
        while (f instanceof Fn.Apply a && (a.op() == Op.ADD || a.op() == Op.SUB)) {
            links.add(a);
            f = a.arg(0);
        }
        Affine first = b.of(f);
        if (first == null) return null;
        Affine[] terms = new Affine[links.size()];
        // a term c·y (c a constant, the SGD updates' coefficients) is kept as y and c, not copied scaled
        double[] factors = new double[links.size()];
        for (int i = links.size() - 1, k = 0; i >= 0; i--, k++) {
            Fn t = links.get(i).args().get(1);
            factors[k] = 1;
            if (t instanceof Fn.Apply m && m.op() == Op.MUL) {
                Affine x0 = b.of(m.arg(0));
                Affine x1 = x0 == null ? null : b.of(m.arg(1));
                if (x1 == null) return null;
                boolean left = x0.isConstant() && !x1.isConstant() && x0.constant != 0;
                boolean right = x1.isConstant() && !x0.isConstant() && x1.constant != 0;
                if (left || right) {
                    factors[k] = left ? x0.constant : x1.constant;
                    terms[k] = left ? x1 : x0;
                    continue;
                }
            }
            terms[k] = b.of(t);
            if (terms[k] == null) return null;
        }
        boolean allConst = first.isConstant();
        int max = first.isConstant() ? -1 : first.atoms[first.atoms.length - 1];
        for (Affine t : terms) {
            allConst &= t.isConstant();
            if (!t.isConstant()) max = Math.max(max, t.atoms[t.atoms.length - 1]);
        }
        if (allConst || terms.length < 3) {
            // few links, or constants folded as Fns.apply folds them: pair by pair
            for (int i = 0; i < terms.length; i++) if (factors[i] != 1) terms[i] = terms[i].scale(factors[i]);
            Affine x = first;
            for (int i = 0; i < terms.length; i++) {
                Fn.Apply link = links.get(links.size() - 1 - i);
                Affine y = terms[i];
                if (x.isConstant() && y.isConstant()) {
                    x = constant(link.op().apply(new double[] {x.constant, y.constant}));
                } else if (link.op() == Op.ADD) {
                    x = isZero(x) ? y : isZero(y) ? x : x.plus(y);
                } else {
                    x = isZero(y) ? x : isZero(x) ? y.scale(-1) : x.plus(y.scale(-1));
                }
            }
            return x;
        }
        Accumulator sum = new Accumulator(max, first.atoms.length);
        sum.start(first);
        double c = first.constant;
        boolean constSoFar = first.isConstant();
        for (int k = 0; k < terms.length; k++) {
            Affine y = terms[k];
            double factor = factors[k];
            double yc = factor * y.constant;
            boolean sub = links.get(links.size() - 1 - k).op() == Op.SUB;
            if (constSoFar && y.isConstant()) {
                // still constants: folded as Fns.apply folds them
                c = sub ? c - yc : c + yc;
                continue;
            }
            if (y.isConstant() && yc == 0) continue;
            if (constSoFar && c == 0) {
                // 0 ± y is y (or −y), as Fns.apply gives it
                c = sub ? -1 * yc : yc;
            } else {
                c = c + (sub ? -1 * yc : yc);
            }
            constSoFar = false;
            sum.add(y, factor, sub);
        }
        return sum.gather(c);
    }

    private static boolean isZero(Affine x) {
        return x.isConstant() && x.constant == 0;
    }

    /** The form with constant c and the non-zero coefficients buf[id] of the n atoms in ids (sorted here). */
    private static Affine gather(double c, int[] ids, int n, double[] buf) {
        Arrays.sort(ids, 0, n);
        int[] outIds = new int[n];
        double[] out = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double v = buf[ids[i]];
            if (v != 0) {
                outIds[m] = ids[i];
                out[m++] = v;
            }
        }
        return new Affine(c, trim(outIds, m), trim(out, m));
    }
}
