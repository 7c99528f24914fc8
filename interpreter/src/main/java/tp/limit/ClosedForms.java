package tp.limit;

import org.apache.commons.math3.special.Erf;
import tp.fn.Op;

/**
 * Gaussian expectations in closed form (SEMANTICS.md §5): E φ(u) for u ~ N(m, q), and
 * E φ(u) χ(v) for jointly Gaussian (u, v). Returns NaN when no closed form is known.
 */
final class ClosedForms {
    private static final double SQRT2PI = Math.sqrt(2 * Math.PI);

    private ClosedForms() {}

    static double npdf(double x) {
        return Math.exp(-0.5 * x * x) / SQRT2PI;
    }

    static double ncdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    /** E φ(u), u ~ N(m, q). */
    static double one(Op op, double m, double q) {
        if (q <= 0) return op.apply(m);
        double s = Math.sqrt(q);
        switch (op) {
            case ID: return m;
            case RELU: return m * ncdf(m / s) + s * npdf(m / s);
            case STEP: return ncdf(m / s);
            case SIGN: return 2 * ncdf(m / s) - 1;
            case ABS: return m * (2 * ncdf(m / s) - 1) + 2 * s * npdf(m / s);
            case ERF: return Erf.erf(m / Math.sqrt(1 + 2 * q));
            case DERF: return 2 / Math.sqrt(Math.PI) * Math.exp(-m * m / (1 + 2 * q)) / Math.sqrt(1 + 2 * q);
            case SIN: return Math.exp(-q / 2) * Math.sin(m);
            case COS: return Math.exp(-q / 2) * Math.cos(m);
            case EXP: return Math.exp(m + q / 2);
            case NCDF: return ncdf(m / Math.sqrt(1 + q));
            case NPDF: return npdf(m / Math.sqrt(1 + q)) / Math.sqrt(1 + q);
            case GELU: {
                double r = Math.sqrt(1 + q);
                return m * ncdf(m / r) + q / r * npdf(m / r);
            }
            default: return Double.NaN;
        }
    }

    /** E φ(u) χ(v), (u, v) Gaussian with means m1, m2, variances q1, q2 and covariance c. */
    static double two(Op f, Op g, double m1, double m2, double q1, double q2, double c) {
        if (q1 <= 0) return f.apply(m1) * one(g, m2, q2);
        if (q2 <= 0) return g.apply(m2) * one(f, m1, q1);
        // sums and differences: trigonometric and exponential pairs, any means
        if (isTrig(f) && isTrig(g)) {
            double vMinus = q1 + q2 - 2 * c;
            double vPlus = q1 + q2 + 2 * c;
            double cosMinus = Math.exp(-vMinus / 2) * Math.cos(m1 - m2);
            double cosPlus = Math.exp(-vPlus / 2) * Math.cos(m1 + m2);
            double sinMinus = Math.exp(-vMinus / 2) * Math.sin(m1 - m2);
            double sinPlus = Math.exp(-vPlus / 2) * Math.sin(m1 + m2);
            if (f == Op.COS && g == Op.COS) return 0.5 * (cosMinus + cosPlus);
            if (f == Op.SIN && g == Op.SIN) return 0.5 * (cosMinus - cosPlus);
            if (f == Op.SIN) return 0.5 * (sinPlus + sinMinus);
            return 0.5 * (sinPlus - sinMinus);
        }
        if (f == Op.EXP && g == Op.EXP) return Math.exp(m1 + m2 + (q1 + q2 + 2 * c) / 2);
        if (m1 != 0 || m2 != 0) return Double.NaN;
        double rho = Math.max(-1, Math.min(1, c / Math.sqrt(q1 * q2)));
        double theta = Math.acos(rho);
        if (f == Op.RELU && g == Op.RELU) {
            return Math.sqrt(q1 * q2) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
        }
        if (f == Op.STEP && g == Op.STEP) return (Math.PI - theta) / (2 * Math.PI);
        if (f == Op.SIGN && g == Op.SIGN) return 2 / Math.PI * Math.asin(rho);
        if (f == Op.RELU && g == Op.STEP) return Math.sqrt(q1) * (1 + rho) / (2 * SQRT2PI);
        if (f == Op.STEP && g == Op.RELU) return Math.sqrt(q2) * (1 + rho) / (2 * SQRT2PI);
        if (f == Op.ERF && g == Op.ERF) {
            double x = 2 * c / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2));
            return 2 / Math.PI * Math.asin(Math.max(-1, Math.min(1, x)));
        }
        if (f == Op.DERF && g == Op.DERF) return 4 / Math.PI / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2) - 4 * c * c);
        return Double.NaN;
    }

    private static boolean isTrig(Op op) {
        return op == Op.SIN || op == Op.COS;
    }
}
