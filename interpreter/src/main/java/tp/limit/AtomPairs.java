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
        return of(a.args().get(0), a.args().get(1), atoms);
    }

    /** E[p q], as {@link #of(Fn, Atoms)} gives it for the product p·q, without building the product. */
    static Estimate of(Fn p, Fn q, Atoms atoms) {
        if (p instanceof Fn.Ref x && q instanceof Fn.Ref y) return exact(product(x.id(), y.id(), atoms));
        Fn.Ref x = argument(p);
        Fn.Ref y = argument(q);
        if (x == null || y == null) return null;
        return pair(((Fn.Apply) p).op(), x.id(), ((Fn.Apply) q).op(), y.id(), atoms);
    }

    /** E[φ(a) ψ(b)] for atoms a, b when it has a closed form, else null. */
    static Estimate pair(Op f, int a, Op g, int b, Atoms atoms) {
        double v = Op.gaussianPair(f, g, mean(a, atoms), mean(b, atoms), cov(a, a, atoms), cov(b, b, atoms), cov(a, b, atoms));
        return Double.isNaN(v) ? null : exact(v);
    }

    /** E[a b] for atoms a, b. */
    static Estimate atomProduct(int a, int b, Atoms atoms) {
        return exact(product(a, b, atoms));
    }

    /** Whether the expectation of φ(atom) times another such factor needs no check of definedness first. */
    static boolean harmless(Op op) {
        return op.shape() != Op.Shape.SINGULAR && op.growth() != Op.Growth.EXPONENTIAL;
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
     * nonlinearities), E[b] E[a] + Cov(b, a), zero terms skipped as the algebra skips them.
     */
    private static double product(int a, int b, Atoms atoms) {
        double total = 0;
        double mb = mean(b, atoms);
        double ma = mean(a, atoms);
        if (mb != 0 && ma != 0) total += mb * ma;
        double c = cov(b, a, atoms);
        if (c != 0) total += c;
        return total;
    }

    /**
     * The mean of the affine form 1·atom as {@link Linear#mean} sums it: from 0, so a −0 comes out +0
     * (the one way adding to 0 changes a bit).
     */
    private static double mean(int atom, Atoms atoms) {
        return 0.0 + atoms.mean(atom);
    }

    /** Cov(1·a, 1·b) as {@link Linear#cov} sums it (zero terms skipped, so −0 comes out +0). */
    private static double cov(int a, int b, Atoms atoms) {
        return 0.0 + atoms.cov(a, b);
    }

    /** The estimate of a one-term expansion with coefficient 1, as the algebra reports it: 8 ulps of rounding. */
    private static Estimate exact(double v) {
        double sum = 0.0 + v;
        return new Estimate(sum, 8 * Math.ulp(Math.abs(sum)), 0, Estimate.Method.EXACT);
    }
}
