package tp.testing;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Reference values for the numerical tests, computed independently of the code under test:
 * composite Gauss–Legendre (nodes by Newton's method on the Legendre recurrence) on short
 * panels, split exactly at the given kinks, jumps and singularities, geometrically graded
 * towards them when asked, with compensated (Neumaier) summation; Gaussian expectations by the
 * same rule on the standard normal density, two-dimensional ones through the conditional law of
 * the second variable given the first.
 */
public final class Reference {
    /** Gauss–Legendre order on each panel. */
    private static final int ORDER = 20;
    private static final double[] NODES = new double[ORDER];
    private static final double[] WEIGHTS = new double[ORDER];
    /** Widest panel by default: 20 points resolve e^{-z²/2} over one unit, and the slowly varying integrands here, to rounding. */
    private static final double PANEL = 1;
    /** Gaussian integrals are truncated to |z| ≤ Z_MAX: φ(12) ≈ 5e-32, small even against e^{2|z|}. */
    public static final double Z_MAX = 12;
    private static final double INV_SQRT_2PI = 0.398942280401432677939946059934381868;

    static {
        for (int i = 0; i < ORDER; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (ORDER + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= ORDER; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = ORDER * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-17) break;
            }
            NODES[i] = x;
            WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    private Reference() {}

    /** Neumaier's compensated sum. */
    public static final class Sum {
        private double sum;
        private double c;

        public void add(double v) {
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) c += (sum - t) + v;
            else c += (v - t) + sum;
            sum = t;
        }

        public double value() {
            return sum + c;
        }
    }

    /** The standard normal density, from its definition. */
    public static double phi(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** Φ(x) = 1/2 + ∫_0^x φ, by quadrature (|x| ≤ 40). */
    public static double normalCdf(double x) {
        if (x < -40) return 0;
        if (x > 40) return 1;
        // the lower tail directly, for relative accuracy there
        if (x < 0) return integrate(Reference::phi, -40, x, new double[0], 0);
        return 0.5 + integrate(Reference::phi, 0, x, new double[0], 0);
    }

    /** erf(x) = 2/√π ∫_0^x e^{-t²} dt, by quadrature. */
    public static double erf(double x) {
        if (x < 0) return -erf(-x);
        if (x > 7) return 1;
        return 2 / Math.sqrt(Math.PI) * integrate(t -> Math.exp(-t * t), 0, x, new double[0], 0);
    }

    /** Gauss–Legendre on one panel. */
    private static void panel(DoubleUnaryOperator f, double a, double b, Sum sum) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        if (!(h > 0)) return;
        for (int i = 0; i < ORDER; i++) sum.add(h * WEIGHTS[i] * f.applyAsDouble(c + h * NODES[i]));
    }

    /**
     * ∫_a^b f, split at {@code points} (those inside (a, b)); each piece cut into panels no wider
     * than 1, and when {@code levels} > 0 the panels next to every given point (an end too, when
     * it is given) graded geometrically (ratio 2, {@code levels} times) towards it, for
     * singularities and sharp features there.
     */
    public static double integrate(DoubleUnaryOperator f, double a, double b, double[] points, int levels) {
        return integrate(f, a, b, points, levels, PANEL);
    }

    /** As {@link #integrate(DoubleUnaryOperator, double, double, double[], int)}, with panels no wider than {@code width}. */
    public static double integrate(DoubleUnaryOperator f, double a, double b, double[] points, int levels, double width) {
        if (b < a) return -integrate(f, b, a, points, levels, width);
        TreeSet<Double> cuts = new TreeSet<>();
        TreeSet<Double> special = new TreeSet<>();
        cuts.add(a);
        cuts.add(b);
        for (double p : points) {
            if (p >= a && p <= b) special.add(p);
            if (p > a && p < b) cuts.add(p);
        }
        Double[] xs = cuts.toArray(new Double[0]);
        Sum sum = new Sum();
        for (int k = 0; k + 1 < xs.length; k++) {
            double lo = xs[k];
            double hi = xs[k + 1];
            int n = (int) Math.max(1, Math.ceil((hi - lo) / width));
            for (int j = 0; j < n; j++) {
                double pa = lo + (hi - lo) * j / n;
                double pb = j == n - 1 ? hi : lo + (hi - lo) * (j + 1) / n;
                boolean towardsA = levels > 0 && j == 0 && special.contains(lo);
                boolean towardsB = levels > 0 && j == n - 1 && special.contains(hi);
                if (!towardsA && !towardsB) {
                    panel(f, pa, pb, sum);
                    continue;
                }
                double mid = 0.5 * (pa + pb);
                if (towardsA) graded(f, pa, mid, levels, sum);
                else panel(f, pa, mid, sum);
                if (towardsB) graded(f, pb, mid, levels, sum);
                else panel(f, mid, pb, sum);
            }
        }
        return sum.value();
    }

    /** ∫ between {@code at} and {@code far} on panels halving towards {@code at} (either order). */
    private static void graded(DoubleUnaryOperator f, double at, double far, int levels, Sum sum) {
        double w = far - at;
        double outer = far;
        for (int l = 1; l <= levels; l++) {
            double inner = at + w * Math.scalb(1.0, -l);
            panel(f, Math.min(inner, outer), Math.max(inner, outer), sum);
            outer = inner;
        }
        panel(f, Math.min(at, outer), Math.max(at, outer), sum);
    }

    /**
     * E f(t), t ~ N(m, q): ∫ f(t) φ((t − m)/√q)/√q dt over m ± 12√q on panels two standard
     * deviations wide, in t itself so that the {@code breaks} (where f has a kink, jump or
     * singularity) are split at exactly, and graded towards {@code levels} times (for
     * singularities).
     */
    public static double gauss(DoubleUnaryOperator f, double m, double q, double[] breaks, int levels) {
        double s = Math.sqrt(q);
        return integrate(t -> f.applyAsDouble(t) * phi((t - m) / s) / s, m - Z_MAX * s, m + Z_MAX * s, breaks, levels, 2 * s);
    }

    /** E f(t), t ~ N(m, q), for a smooth f. */
    public static double gauss(DoubleUnaryOperator f, double m, double q) {
        return gauss(f, m, q, new double[0], 0);
    }

    /**
     * E F(u, v) for (u, v) Gaussian with means m1, m2, variances q1 > 0, q2 and covariance c
     * (any rank): v given u is N(m2 + b (u − m1), s²) with b = c/q1, s² = q2 − c²/q1. F may be
     * non-smooth or singular on the lines u = {@code uBreaks}[i] and v = {@code vBreaks}[j]; the
     * inner integral (over v) is split at the v-lines, the outer (over u) at the u-lines and,
     * graded, where the v-lines cross the conditional mean (the inner value changes there on the
     * scale s/|b|, short when |ρ| is near 1). {@code singular}: grade at every line.
     */
    public static double gauss2(DoubleBinaryOperator f, double m1, double m2, double q1, double q2, double c,
                                double[] uBreaks, double[] vBreaks, boolean singular) {
        double s1 = Math.sqrt(q1);
        double b = c / q1;
        double s2sq = q2 - c * c / q1;
        double s = s2sq > 1e-15 * q2 ? Math.sqrt(s2sq) : 0;
        int levels = singular ? 60 : 0;
        double lo = m1 - Z_MAX * s1;
        double hi = m1 + Z_MAX * s1;
        double[] outer = new double[uBreaks.length + (b == 0 ? 0 : vBreaks.length)];
        int k = 0;
        for (double u : uBreaks) outer[k++] = u;
        if (b != 0) for (double v : vBreaks) outer[k++] = m1 + (v - m2) / b;
        if (s == 0) {
            return integrate(u -> f.applyAsDouble(u, m2 + b * (u - m1)) * phi((u - m1) / s1) / s1, lo, hi, outer, levels, 2 * s1);
        }
        // grading that resolves the scale s/|b| where the v-lines cross the conditional mean
        double scale = b == 0 ? Double.POSITIVE_INFINITY : s / Math.abs(b);
        int outerLevels = singular ? levels : (int) Math.max(0, Math.ceil(Math.log(s1 / scale) / Math.log(2)) + 3);
        return integrate(u -> {
            double centre = m2 + b * (u - m1);
            double g = integrate(v -> f.applyAsDouble(u, v) * phi((v - centre) / s) / s,
                    centre - Z_MAX * s, centre + Z_MAX * s, vBreaks, levels, 2 * s);
            return g * phi((u - m1) / s1) / s1;
        }, lo, hi, outer, outerLevels, 2 * s1);
    }

    /** E f(u) g(v), as {@link #gauss2(DoubleBinaryOperator, double, double, double, double, double, double[], double[], boolean)}. */
    public static double gaussPair(DoubleUnaryOperator f, DoubleUnaryOperator g, double m1, double m2, double q1, double q2,
                                   double c, double[] uBreaks, double[] vBreaks) {
        // f(u) once per outer node: the inner integral runs at a fixed u
        double[] last = {Double.NaN, Double.NaN};
        return gauss2((u, v) -> {
            if (u != last[0]) {
                last[0] = u;
                last[1] = f.applyAsDouble(u);
            }
            return last[1] * g.applyAsDouble(v);
        }, m1, m2, q1, q2, c, uBreaks, vBreaks, false);
    }

    /** The covariance of two affine forms a·x and b·x of a Gaussian vector with covariance {@code cov}. */
    public static double cov(double[] a, double[][] cov, double[] b) {
        Sum s = new Sum();
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) s.add(a[i] * cov[i][j] * b[j]);
        return s.value();
    }

    public static double[] copy(double... v) {
        return Arrays.copyOf(v, v.length);
    }
}
