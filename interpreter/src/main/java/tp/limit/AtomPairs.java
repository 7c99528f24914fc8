package tp.limit;

import tp.fn.Fn;
import tp.fn.Op;

/**
 * The two integrands a kernel computation is made of, by the thousand: {@code E[φ(a) ψ(b)]} and
 * {@code E[a b]} for atoms a, b (a network's covariance entries and its NNGP/NTK moments, one per
 * pair of inputs and layer). The exact tier would expand each into terms, integrate by parts and
 * look up the closed form, building lists and affine forms per pair; this reads the means and
 * covariances of the two atoms and does the same floating-point operations in the same order, so
 * the estimate (value, rounding error, method) is the one the general algebra gives, bit for bit.
 * Anything else, and a pair without a closed form, is left to the general algebra.
 */
final class AtomPairs {
    private AtomPairs() {}

    /** E f when f is one of the two shapes and has a closed form, else null. */
    static Estimate of(Fn f, Atoms atoms) {
        if (!(f instanceof Fn.Apply a) || a.op() != Op.MUL) return null;
        Fn p = a.args().get(0);
        Fn q = a.args().get(1);
        if (p instanceof Fn.Ref x && q instanceof Fn.Ref y) return exact(product(x.id(), y.id(), atoms));
        Fn.Ref x = argument(p);
        Fn.Ref y = argument(q);
        if (x == null || y == null) return null;
        double v = Op.gaussianPair(((Fn.Apply) p).op(), ((Fn.Apply) q).op(), mean(x.id(), atoms), mean(y.id(), atoms),
                cov(x.id(), x.id(), atoms), cov(y.id(), y.id(), atoms), cov(x.id(), y.id(), atoms));
        return Double.isNaN(v) ? null : exact(v);
    }

    /**
     * The atom φ is applied to, for a function the algebra keeps as a factor φ(a): one argument,
     * not affine itself (ID and NEG are) and not tilted away (EXP is).
     */
    private static Fn.Ref argument(Fn f) {
        if (!(f instanceof Fn.Apply a) || a.args().size() != 1 || !(a.args().get(0) instanceof Fn.Ref r)) return null;
        Op op = a.op();
        return op == Op.ID || op == Op.NEG || op == Op.EXP ? null : r;
    }

    /**
     * E[a b] by integration by parts as the algebra does it: on b first (the last factor free of
     * nonlinearities), E[b] E[a] + Cov(b, a).
     */
    private static double product(int a, int b, Atoms atoms) {
        double total = 0;
        double m = mean(b, atoms);
        if (m != 0) {
            double inner = 0;
            double ma = mean(a, atoms);
            if (ma != 0) inner += ma * 1.0;
            total += m * inner;
        }
        double c = cov(b, a, atoms);
        if (c != 0) total += c * 1.0;
        return total;
    }

    /** The mean of the affine form 1·atom, summed as {@link Linear#mean} sums it. */
    private static double mean(int atom, Atoms atoms) {
        double s = 0;
        s += 1.0 * atoms.mean(atom);
        return s;
    }

    /** Cov(1·a, 1·b), summed as {@link Linear#cov} sums it. */
    private static double cov(int a, int b, Atoms atoms) {
        double s = 0;
        double c = atoms.cov(a, b);
        if (c != 0) s += 1.0 * 1.0 * c;
        return s;
    }

    /** The estimate of a one-term expansion with coefficient 1, as the algebra reports it. */
    private static Estimate exact(double v) {
        double sum = 0;
        double scale = 0;
        sum += 1.0 * v;
        scale += Math.abs(1.0 * v);
        double rounding = 8 * Math.ulp(Math.max(scale, Math.abs(sum))) * Math.max(1, 1);
        return new Estimate(sum, rounding + 0.0, 0, Estimate.Method.EXACT);
    }
}
