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
        return of(a.arg(0), a.arg(1), atoms);
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
        // as exact(v) gives it, then the rounding of terms larger than the value: 8 ulps of |v| +
        // (their size − |v|), as the exact tier sums it
        double value = 0.0 + v;
        double excess = Op.gaussianPairScale(f, g, m1, m2, q1, q2, c, v) - Math.abs(v);
        double error = rounding(Math.abs(value) + (excess > 0 ? excess : 0));
        double dq1 = atoms.covError(a, a);
        double dq2 = atoms.covError(b, b);
        double dc = atoms.covError(a, b);
        if (dq1 != 0 || dq2 != 0 || dc != 0) error += inherited(f, g, m1, m2, q1, q2, c, v, dq1, dq2, a == b ? -1 : dc);
        return new Estimate(value, error, 0, Estimate.Method.EXACT);
    }

    /**
     * What the errors of the covariance entries (dq1, dq2 of the variances, dc of the covariance;
     * dc < 0 for a pair of one atom with itself, whose correlation is exactly 1) make of the
     * closed form v, for entries anywhere in the box the errors allow: the correlation they give,
     * read as a covariance moved at the variances held, through a bound on the closed form's
     * slope (Price's theorem, see {@link #slope}) or else the closed form at the farthest
     * covariance either way (a first-order bound would be infinite where the closed form has a
     * square-root edge, as step·step at ρ = ±1); then the scale, the variances moved either way
     * with the correlation held (exact for the homogeneous centred relu, step and sign; probed for
     * the others).
     */
    static double inherited(Op f, Op g, double m1, double m2, double q1, double q2, double c, double v,
                                    double dq1, double dq2, double dc) {
        if (q1 <= 0 || q2 <= 0) return dq1 + dq2 + Math.max(dc, 0);
        double up1 = q1 + dq1;
        double up2 = q2 + dq2;
        double down1 = Math.max(q1 - dq1, 0);
        double down2 = Math.max(q2 - dq2, 0);
        boolean homogeneous = m1 == 0 && m2 == 0 && degree(f) >= 0 && degree(g) >= 0;
        if (dc < 0) {
            // one atom with itself: its correlation stays exactly 1, its variance moves either way
            double w = Math.max(Math.abs(Op.gaussianPair(f, g, m1, m2, up1, up2, up1) - v),
                    Math.abs(Op.gaussianPair(f, g, m1, m2, down1, down2, down1) - v));
            return Double.isFinite(w) ? w : Double.POSITIVE_INFINITY;
        }
        // the correlation: the covariance c' and the variances p1, p2 anywhere in the box their errors
        // allow, read as the covariance c'·√(q1 q2 / (p1 p2)) at the variances held (ρ' = c' / √(p1 p2)):
        // its farthest corners, kept within ±√(q1 q2)
        double r = Math.sqrt(q1 * q2);
        double lo = c;
        double hi = c;
        // (c'·k is monotone in c' and in k = √(q1 q2 / (p1 p2)): the extremes are at the ends of both)
        double kUp = Math.sqrt(q1 * q2 / (up1 * up2));
        double kDown = down1 * down2 > 0 ? Math.sqrt(q1 * q2 / (down1 * down2)) : Double.POSITIVE_INFINITY;
        for (int corner = 0; corner < 4; corner++) {
            double cc = c + ((corner & 1) == 0 ? -dc : dc);
            double k = (corner & 2) == 0 ? kUp : kDown;
            double held = cc == 0 ? 0 : Math.max(-r, Math.min(r, cc * k));
            lo = Math.min(lo, held);
            hi = Math.max(hi, held);
        }
        // (with the rounding of that arithmetic)
        double move = Math.max(hi - c, c - lo) + 8 * Math.ulp(r);
        double slope = m1 == 0 && m2 == 0 ? slope(f, g, q1, q2, c, move) : -1;
        double turned;
        if (slope >= 0) {
            turned = slope * move;
        } else {
            turned = 0;
            for (int side = -1; side <= 1; side += 2) {
                double w = Op.gaussianPair(f, g, m1, m2, q1, q2, Math.max(-r, Math.min(r, c + side * move)));
                if (Double.isNaN(w)) return Double.POSITIVE_INFINITY;
                turned = Math.max(turned, Math.abs(w - v));
            }
        }
        // the scale, the correlation held: centred relu, step and sign are homogeneous (degree 1, 0,
        // 0), so the closed form at the turned correlation (at most |v| + turned) scales by
        // (p1/q1)^{d1/2} (p2/q2)^{d2/2}; any other pair is probed at the variances moved either way
        double scale;
        if (homogeneous) {
            double up = (degree(f) == 1 ? Math.sqrt(up1 / q1) : 1) * (degree(g) == 1 ? Math.sqrt(up2 / q2) : 1);
            double down = (degree(f) == 1 ? Math.sqrt(down1 / q1) : 1) * (degree(g) == 1 ? Math.sqrt(down2 / q2) : 1);
            scale = (Math.abs(v) + turned) * Math.max(up - 1, 1 - down) * (1 + 4 * Math.ulp(1.0));
        } else {
            double wu = Op.gaussianPair(f, g, m1, m2, up1, up2, c * Math.sqrt((up1 / q1) * (up2 / q2)));
            double wd = Op.gaussianPair(f, g, m1, m2, down1, down2, c * Math.sqrt((down1 / q1) * (down2 / q2)));
            scale = Math.max(Math.abs(wu - v), Math.abs(wd - v));
        }
        double bound = turned + scale;
        // probes see the two moves apart, to first order: widened for the terms of second order
        // (relatively of the size of the entries' relative errors)
        if (slope < 0 || !homogeneous) bound *= 1.01 + 4 * (dq1 / q1 + dq2 / q2 + dc / r);
        return Double.isFinite(bound) ? bound : Double.POSITIVE_INFINITY;
    }

    /**
     * A bound on |∂v/∂c| over [c − move, c + move] for a centred pair, from Price's theorem
     * (∂/∂c E[φ(a) ψ(b)] = E[φ'(a) ψ'(b)]); −1 where none is known (then the closed form is probed).
     * relu·relu: E[step step] = (π − θ)/2π ≤ 1/2. relu·step: E[step(a) δ(b)] = p_b(0)/2 ≤
     * 1/√(2π q_b). step·step: the density at the origin, 1/(2π √(q1 q2 − c'²)), largest at the end
     * of the interval farthest from 0 (none when it reaches |ρ| = 1, or comes within 10⁻⁴ of it,
     * where the rounding of that end would matter); sign·sign is 4 step·step − 1.
     */
    private static double slope(Op f, Op g, double q1, double q2, double c, double move) {
        if (f == Op.RELU && g == Op.RELU) return 0.5;
        if (f == Op.RELU && g == Op.STEP) return 1 / Math.sqrt(2 * Math.PI * q2);
        if (f == Op.STEP && g == Op.RELU) return 1 / Math.sqrt(2 * Math.PI * q1);
        if (f == g && (f == Op.STEP || f == Op.SIGN)) {
            double far = Math.abs(c) + move;
            double r = Math.sqrt(q1 * q2);
            if (!(far < r)) return -1;
            double s = Op.sinScaled(q1, q2, far);
            if (!(s > 1e-4 * r)) return -1;
            // 1.001: the rounding of far, of s and of this quotient
            return 1.001 * (f == Op.SIGN ? 4 : 1) / (2 * Math.PI * s);
        }
        return -1;
    }

    /** The degree of homogeneity of φ (φ(λx) = λ^d φ(x) for λ > 0), or −1 for none the closed forms use. */
    private static double degree(Op f) {
        return f == Op.RELU ? 1 : f == Op.STEP || f == Op.SIGN ? 0 : -1;
    }

    /** E[a b] for atoms a, b. */
    static Estimate atomProduct(int a, int b, Atoms atoms) {
        double sum = 0.0 + product(a, b, atoms);
        return new Estimate(sum, rounding(sum) + atoms.covError(a, b), 0, Estimate.Method.EXACT);
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
        if (!(f instanceof Fn.Apply a) || a.arity() != 1 || !(a.arg(0) instanceof Fn.Ref r)) return null;
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
        return new Estimate(sum, rounding(sum), 0, Estimate.Method.EXACT);
    }

    /** The rounding the algebra reports for a one-term expansion of size |v|: 8 ulps. */
    private static double rounding(double v) {
        return 8 * Math.ulp(Math.abs(v));
    }
}
