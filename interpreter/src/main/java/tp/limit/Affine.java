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
    /**
     * A bound on the rounding of the constant and the coefficients as the form was built (Σ |â_i −
     * a_i| + |ĉ − c|, against exact arithmetic on the same inputs: atoms, scalars' values,
     * constants): what {@link #coefficientError} makes of it in a moment.
     */
    final double err;
    /** Σ·coefs over the atoms existing when first asked for (entries outside this form's families are 0). */
    private double[][] sigma;
    /** The number of atoms there were when {@link #sigma} was computed: it reaches every atom below. */
    private int reach;

    Affine(double constant, int[] atoms, double[] coefs) {
        this(constant, atoms, coefs, 0);
    }

    Affine(double constant, int[] atoms, double[] coefs, double err) {
        this.constant = constant;
        this.atoms = atoms;
        this.coefs = coefs;
        this.err = err;
    }

    /** A constant with a bound on its error. */
    static Affine constant(double c, double err) {
        return new Affine(c, new int[0], new double[0], err);
    }

    /**
     * A bound on the rounding of {@code count} operations whose results add up to {@code size} in
     * absolute value: an ulp of each is at most 2^-52 of it, or the least subnormal.
     */
    static double rounding(double size, int count) {
        return size * 0x1p-52 * (1 + 1e-12) + count * Double.MIN_VALUE;
    }

    /** The same form with its error bound widened by e (itself when e is 0). */
    Affine plusError(double e) {
        return e == 0 ? this : new Affine(constant, atoms, coefs, err + e);
    }

    private double l1 = -1;

    /** Σ |a_i| + |c| (made once). */
    double l1() {
        if (l1 < 0) {
            double t = Math.abs(constant);
            for (double a : coefs) t += Math.abs(a);
            l1 = t;
        }
        return l1;
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
        // the flattening's rounding (a few per coefficient) is not followed term by term: an
        // estimate of it from the form's size
        Affine a = new Affine(l.constant(), ids, v);
        return a.plusError(4 * Math.ulp(1.0) * (ids.length + 2) * a.l1());
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
        return scale(k, 0);
    }

    /** {@link #scale}(k) where k itself is off by at most dk; the error bound follows. */
    Affine scale(double k, double dk) {
        int[] ids = new int[atoms.length];
        double[] v = new double[atoms.length];
        int n = 0;
        // ±1 scales exactly
        boolean exact = Math.abs(k) == 1;
        double size = 0;
        for (int i = 0; i < atoms.length; i++) {
            double x = k * coefs[i];
            size += Math.abs(x);
            if (x != 0) {
                ids[n] = atoms[i];
                v[n++] = x;
            }
        }
        double c = k * constant;
        double rounding = exact ? 0 : rounding(size + Math.abs(c), atoms.length + 1);
        double e = Math.abs(k) * err + (dk == 0 ? 0 : dk * (l1() + err)) + rounding;
        return new Affine(c, trim(ids, n), trim(v, n), e);
    }

    /** {@link Linear#plus}: a_i + b_i for shared atoms (dropped when 0), the others as they are. */
    Affine plus(Affine o) {
        double size = 0;
        int shared = 0;
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
                size += Math.abs(x);
                shared++;
                if (x != 0) {
                    ids[n] = atoms[i];
                    v[n++] = x;
                }
                i++;
                j++;
            }
        }
        double c = constant + o.constant;
        return new Affine(c, trim(ids, n), trim(v, n), err + o.err + rounding(size + Math.abs(c), shared + 1));
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

    private double meanRounding = Double.NaN;

    /** A bound on the rounding of {@link #mean}'s sum: 2 ulps per term of Σ |a_i E[atom_i]| + |c|. */
    double meanRounding(Atoms a) {
        if (Double.isNaN(meanRounding)) {
            double t = Math.abs(constant);
            for (int i = 0; i < atoms.length; i++) t += Math.abs(coefs[i] * a.mean(atoms[i]));
            meanRounding = t == 0 ? 0 : 2 * Math.ulp(t) * (atoms.length + 1);
        }
        return meanRounding;
    }

    /** |E x| + Σ |a_i| σ_i: an upper bound of √E[x²] for the form as computed (up to the mean's rounding). */
    double rmsBound(Atoms a) {
        return Math.abs(mean(a)) + spread(a);
    }

    /** Σ |a_i| σ_i (with {@link #mean}, what bounds √E[x²] from above). */
    double spread(Atoms a) {
        double[] f = familySums(a);
        double t = 0;
        for (int k = 3; k < f.length; k += 4) t += f[k];
        return t * (1 + 1e-12);
    }

    /**
     * What the errors of the coefficients ({@link #err}) of x and y make of E[x y] (y null: of
     * E[x]): |E[δx y]| ≤ Σ |δa_i| |E[atom_i y]| + |δc| |E y| ≤ err_x · R · √E[y²], R the largest
     * √E[atom²] (or 1), √E[y²] ≤ |E y| + Σ |b_j| σ_j + err_y R; and the product of the two errors.
     */
    static double coefficientError(Affine x, Affine y, Atoms a) {
        double r = Math.max(1, a.largestRms());
        if (y == null) return x.err * r;
        if (x.err == 0 && y.err == 0) return 0;
        double sx = x.rmsBound(a) + x.err * r;
        double sy = y.rmsBound(a) + y.err * r;
        return (x.err * sy + y.err * sx) * r * (1 + 1e-12);
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
        Atoms.formBounds(x.familySums(a), y.familySums(a), scale);
        return total;
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
            double t = cs[k] * y.constant;
            c = c + t;
            sum.err += rounding(Math.abs(t) + Math.abs(c), 2);
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
        /** The error bound of the form being summed (see {@link Affine#err}). */
        double err;

        Accumulator(int maxAtom, int capacity) {
            buf = new double[maxAtom + 1];
            touched = new boolean[maxAtom + 1];
            ids = new int[Math.max(16, capacity)];
        }

        /** Starts from x's coefficients. */
        void start(Affine x) {
            err = x.err;
            for (int i = 0; i < x.atoms.length; i++) {
                mark(x.atoms[i]);
                buf[x.atoms[i]] = x.coefs[i];
            }
        }

        /** Adds k·y, or subtracts it when {@code negate}; a zero product is skipped, as {@link #scale} drops it. */
        void add(Affine y, double k, boolean negate) {
            double size = 0;
            for (int i = 0; i < y.atoms.length; i++) {
                double v = k * y.coefs[i];
                if (v == 0) continue;
                if (negate) v = -1 * v;
                int id = y.atoms[i];
                mark(id);
                buf[id] = buf[id] + v;
                size += Math.abs(v) + Math.abs(buf[id]);
            }
            err += Math.abs(k) * y.err + rounding(size, 2 * y.atoms.length);
        }

        private void mark(int id) {
            if (touched[id]) return;
            touched[id] = true;
            if (n == ids.length) ids = Arrays.copyOf(ids, 2 * n);
            ids[n++] = id;
        }

        Affine gather(double c) {
            return Affine.gather(c, ids, n, buf, err);
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
        if (allConst && x.length > 0) return fold(a.op(), x);
        switch (a.op()) {
            case ID: return x[0];
            case NEG: return x[0].scale(-1);
            case ADD:
                if (isZero(x[0])) return x[1].plusError(x[0].err);
                if (isZero(x[1])) return x[0].plusError(x[1].err);
                return x[0].plus(x[1]);
            case SUB:
                if (isZero(x[1])) return x[0].plusError(x[1].err);
                if (isZero(x[0])) return x[1].scale(-1).plusError(x[0].err);
                return x[0].plus(x[1].scale(-1));
            case MUL:
                if (isZero(x[0]) || isZero(x[1])) {
                    // 0 times the other, each zero off by its error
                    return constant(0, (isZero(x[0]) ? x[0].err * (x[1].l1() + x[1].err) : 0)
                            + (isZero(x[1]) ? x[1].err * (x[0].l1() + x[0].err) : 0));
                }
                if (x[0].isConstant()) return x[1].scale(x[0].constant, x[0].err);
                if (x[1].isConstant()) return x[0].scale(x[1].constant, x[1].err);
                return null;
            case DIV:
                if (!x[1].isConstant()) return null;
                if (isZero(x[0])) {
                    return constant(0, x[0].err * (1 / Math.abs(x[1].constant) + inverseError(x[1].constant, x[1].err)));
                }
                if (x[1].constant == 1 && x[1].err == 0) return x[0];
                return x[0].scale(1 / x[1].constant, inverseError(x[1].constant, x[1].err));
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
        double[] factorErrors = new double[links.size()];
        for (int i = links.size() - 1, k = 0; i >= 0; i--, k++) {
            Fn t = links.get(i).arg(1);
            factors[k] = 1;
            if (t instanceof Fn.Apply m && m.op() == Op.MUL) {
                Affine x0 = b.of(m.arg(0));
                Affine x1 = x0 == null ? null : b.of(m.arg(1));
                if (x1 == null) return null;
                boolean left = x0.isConstant() && !x1.isConstant() && x0.constant != 0;
                boolean right = x1.isConstant() && !x0.isConstant() && x1.constant != 0;
                if (left || right) {
                    factors[k] = left ? x0.constant : x1.constant;
                    factorErrors[k] = left ? x0.err : x1.err;
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
            for (int i = 0; i < terms.length; i++) {
                if (factors[i] != 1 || factorErrors[i] != 0) terms[i] = terms[i].scale(factors[i], factorErrors[i]);
            }
            Affine x = first;
            for (int i = 0; i < terms.length; i++) {
                Fn.Apply link = links.get(links.size() - 1 - i);
                Affine y = terms[i];
                if (x.isConstant() && y.isConstant()) {
                    x = fold(link.op(), new Affine[] {x, y});
                } else if (link.op() == Op.ADD) {
                    x = isZero(x) ? y.plusError(x.err) : isZero(y) ? x.plusError(y.err) : x.plus(y);
                } else {
                    x = isZero(y) ? x.plusError(y.err) : isZero(x) ? y.scale(-1).plusError(x.err) : x.plus(y.scale(-1));
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
            // the constant's rounding, and the factor's error through y's constant
            sum.err += Math.ulp(yc) + factorErrors[k] * Math.abs(y.constant);
            if (constSoFar && y.isConstant()) {
                // still constants: folded as Fns.apply folds them
                c = sub ? c - yc : c + yc;
                sum.err += Math.ulp(c) + y.err * Math.abs(factor);
                continue;
            }
            if (y.isConstant() && yc == 0) {
                sum.err += Math.abs(factor) * y.err;
                continue;
            }
            if (constSoFar && c == 0) {
                // 0 ± y is y (or −y), as Fns.apply gives it
                c = sub ? -1 * yc : yc;
            } else {
                c = c + (sub ? -1 * yc : yc);
                sum.err += Math.ulp(c);
            }
            constSoFar = false;
            sum.add(y, factor, sub);
            if (factorErrors[k] != 0) sum.err += factorErrors[k] * (y.l1() - Math.abs(y.constant) + y.err);
        }
        return sum.gather(c);
    }

    /**
     * op applied to constant forms, with a bound on the error: the inputs' errors through +, −, ×,
     * ÷ to first order with the product of errors; through any other function, the most it moves
     * with one input moved either way by its error, doubled; and the rounding (2 ulps).
     */
    private static Affine fold(Op op, Affine[] x) {
        double[] v = new double[x.length];
        boolean inexact = false;
        for (int i = 0; i < v.length; i++) {
            v[i] = x[i].constant;
            inexact |= x[i].err != 0;
        }
        double r = op.apply(v);
        double rounding = Double.isFinite(r) ? 2 * Math.ulp(r) : 0;
        if (!inexact) return constant(r, rounding);
        double e0 = x[0].err;
        double e1 = x.length > 1 ? x[1].err : 0;
        double e;
        switch (op) {
            case ADD: case SUB: e = e0 + e1; break;
            case NEG: case ID: e = e0; break;
            case MUL: e = Math.abs(v[1]) * e0 + Math.abs(v[0]) * e1 + e0 * e1; break;
            case DIV: e = e1 < Math.abs(v[1]) ? (e0 + Math.abs(r) * e1) / (Math.abs(v[1]) - e1) : Double.POSITIVE_INFINITY; break;
            default: {
                e = 0;
                for (int i = 0; i < v.length; i++) {
                    if (x[i].err == 0) continue;
                    double most = 0;
                    for (int side = -1; side <= 1; side += 2) {
                        double[] w = v.clone();
                        w[i] += side * x[i].err;
                        double moved = op.apply(w);
                        most = Math.max(most, Double.isNaN(moved) ? Double.POSITIVE_INFINITY : Math.abs(moved - r));
                    }
                    e += 2 * most;
                }
            }
        }
        return constant(r, e + rounding);
    }

    /** A bound on the error of 1/c for c off by at most e (and the division's rounding). */
    private static double inverseError(double c, double e) {
        double k = 1 / c;
        return Math.ulp(k) + (e < Math.abs(c) ? e / (Math.abs(c) * (Math.abs(c) - e)) : Double.POSITIVE_INFINITY);
    }

    private static boolean isZero(Affine x) {
        return x.isConstant() && x.constant == 0;
    }

    /** The form with constant c, error bound err and the non-zero coefficients buf[id] of the n atoms in ids (sorted here). */
    private static Affine gather(double c, int[] ids, int n, double[] buf, double err) {
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
        return new Affine(c, trim(outIds, m), trim(out, m), err);
    }
}
