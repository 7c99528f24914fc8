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
        double m1 = mean(a, atoms);
        double m2 = mean(b, atoms);
        double q1 = cov(a, a, atoms);
        double q2 = cov(b, b, atoms);
        double c = cov(a, b, atoms);
        double v = Op.gaussianPair(f, g, m1, m2, q1, q2, c);
        if (Double.isNaN(v)) return null;
        Estimate e = exact(v);
        // the rounding of terms larger than the value: 8 ulps of |v| + (their size − |v|), as the exact tier sums it
        double excess = Op.gaussianPairScale(f, g, m1, m2, q1, q2, c, v) - Math.abs(v);
        if (excess > 0) e = new Estimate(e.value(), 8 * Math.ulp(Math.abs(e.value()) + excess), 0, Estimate.Method.EXACT);
        double dq1 = atoms.covError(a, a);
        double dq2 = atoms.covError(b, b);
        double dc = atoms.covError(a, b);
        if (dq1 == 0 && dq2 == 0 && dc == 0) return e;
        return new Estimate(e.value(), e.error() + inherited(f, g, m1, m2, q1, q2, c, v, dq1, dq2, a == b ? -1 : dc), 0,
                Estimate.Method.EXACT);
    }

    /**
     * What the errors of the covariance entries (dq1, dq2 of the variances, dc of the covariance;
     * dc < 0 for a pair of one atom with itself, whose correlation is exactly 1) make of the
     * closed form v: its scale by the variances (each closed form here grows at most like √q1 √q2,
     * or like e^{(q1+q2)/2} for exp, bounded through a probe), and the correlation through the
     * closed form at the covariance moved by the most the entries allow, either way (a first-order
     * bound would be infinite where the closed form has a square-root edge, as step·step at ρ = ±1).
     */
    static double inherited(Op f, Op g, double m1, double m2, double q1, double q2, double c, double v,
                                    double dq1, double dq2, double dc) {
        if (q1 <= 0 || q2 <= 0) return dq1 + dq2 + Math.max(dc, 0);
        // the scale: v at the variances moved up, with the correlation held
        double up1 = q1 + dq1;
        double up2 = q2 + dq2;
        double d1 = degree(f);
        double d2 = degree(g);
        double scaled;
        if (m1 == 0 && m2 == 0 && d1 >= 0 && d2 >= 0) {
            // centred relu, step and sign are homogeneous (degree 1, 0, 0): the closed form scales as q1^{d1/2} q2^{d2/2}
            scaled = v * Math.pow(up1 / q1, d1 / 2) * Math.pow(up2 / q2, d2 / 2);
        } else {
            // (one atom with itself: its correlation stays exactly 1)
            scaled = Op.gaussianPair(f, g, m1, m2, up1, up2, dc < 0 ? up1 : c * Math.sqrt((up1 / q1) * (up2 / q2)));
        }
        double bound = Math.abs(scaled - v);
        if (dc < 0 || !Double.isFinite(bound)) return Double.isFinite(bound) ? bound : Double.POSITIVE_INFINITY;
        // the correlation: the covariance moved by its own error and by the variances' (ρ = c / √(q1 q2))
        double r = Math.sqrt(q1 * q2);
        double move = dc + Math.abs(c) * (dq1 / (2 * q1) + dq2 / (2 * q2)) + 4 * Math.ulp(r);
        for (int side = -1; side <= 1; side += 2) {
            double moved = Math.max(-r, Math.min(r, c + side * move));
            double w = Op.gaussianPair(f, g, m1, m2, q1, q2, moved);
            if (Double.isNaN(w)) return Double.POSITIVE_INFINITY;
            bound = Math.max(bound, Math.abs(w - v) + Math.abs(scaled - v));
        }
        return bound;
    }

    /** The degree of homogeneity of φ (φ(λx) = λ^d φ(x) for λ > 0), or −1 for none the closed forms use. */
    private static double degree(Op f) {
        return f == Op.RELU ? 1 : f == Op.STEP || f == Op.SIGN ? 0 : -1;
    }

    /** E[a b] for atoms a, b. */
    static Estimate atomProduct(int a, int b, Atoms atoms) {
        Estimate e = exact(product(a, b, atoms));
        double d = atoms.covError(a, b);
        return d == 0 ? e : new Estimate(e.value(), e.error() + d, 0, Estimate.Method.EXACT);
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
