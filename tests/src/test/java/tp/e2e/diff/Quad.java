package tp.e2e.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adaptive composite Gauss–Legendre quadrature (12 nodes; bisection, with the whole-versus-halves
 * difference as the error estimate) on a partition that contains every breakpoint of the
 * integrand. The error reported is the sum of the accepted differences: each estimates the error
 * of the coarser rule, so it bounds the finer one with a wide margin on smooth pieces. Points are
 * evaluated in batches, one refinement level at a time.
 */
final class Quad {
    static final int N = 12;
    static final double[] X = new double[N];
    static final double[] W = new double[N];
    static final int MAX_DEPTH = 64;
    /**
     * A piece is accepted once its estimates agree to this, whatever its share of the tolerance:
     * next to an integrable singularity (√|x|, log|x|) the pieces shrink geometrically and stop
     * here after a few dozen bisections; the sum over all pieces stays ~1e-15.
     */
    static final double FLOOR = 1e-17;
    /** At most this many pieces refined at once (else every piece is accepted as it stands). */
    static final int MAX_LEVEL = 4096;
    /** A piece whose ∫|f| is estimated below this is taken as it stands (its error counted as that much). */
    static final double NEGLIGIBLE = 1e-15;

    static {
        // nodes of P_N by Newton from Chebyshev guesses; weights 2 / ((1 − x²) P_N'(x)²)
        for (int i = 0; i < N; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (N + 0.5));
            for (int it = 0; it < 100; it++) {
                double[] pd = legendre(x);
                double dx = pd[0] / pd[1];
                x -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            double[] pd = legendre(x);
            X[i] = x;
            W[i] = 2 / ((1 - x * x) * pd[1] * pd[1]);
        }
    }

    private static double[] legendre(double x) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= N; k++) {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        double dp = N * (x * p1 - p0) / (x * x - 1);
        return new double[] {p1, dp};
    }

    /** f at the points t[0..n) into out. */
    interface BatchFn {
        void eval(double[] t, int n, double[] out);
    }

    /** Accumulated error, deepest bisection and pieces that stopped at the depth limit. */
    static final class Acc {
        double error;
        int maxDepth;
        int exhausted;
        long evaluations;
    }

    private record Piece(double a, double b, double whole, double tol, int depth) {}

    /** ∫ f over [breaks[0], breaks[last]], split at every break; tol is absolute for the whole. */
    static double integrate(BatchFn f, double[] breaks, double tol, Acc acc) {
        double length = breaks[breaks.length - 1] - breaks[0];
        List<Piece> level = new ArrayList<>();
        for (int i = 0; i + 1 < breaks.length; i++) {
            double a = breaks[i];
            double b = breaks[i + 1];
            if (b > a) level.add(new Piece(a, b, Double.NaN, tol * (b - a) / length, 0));
        }
        double sum = 0;
        // first the whole of every piece: a piece whose integrand is negligible throughout (a Gaussian tail) is done
        double[] t = new double[N * level.size()];
        double[] out = new double[t.length];
        int k0 = 0;
        for (Piece p : level) k0 = nodes(t, k0, p.a(), p.b());
        f.eval(t, k0, out);
        acc.evaluations += k0;
        List<Piece> first = new ArrayList<>();
        k0 = 0;
        for (Piece p : level) {
            double whole = rule(out, k0, p.a(), p.b());
            double abs = absRule(out, k0, p.a(), p.b());
            k0 += N;
            if (Double.isNaN(whole)) {
                acc.error = Double.NaN;
                return Double.NaN;
            }
            if (abs <= NEGLIGIBLE) {
                sum += whole;
                acc.error += abs;
            } else {
                first.add(new Piece(p.a(), p.b(), whole, p.tol(), 0));
            }
        }
        level = first;
        while (!level.isEmpty()) {
            // each piece: its halves (and, on the first level, the whole)
            int per = 2 * N;
            int n = 0;
            for (Piece p : level) n += Double.isNaN(p.whole()) ? per + N : per;
            if (t.length < n) {
                t = new double[n];
                out = new double[n];
            }
            int k = 0;
            for (Piece p : level) {
                double m = 0.5 * (p.a() + p.b());
                if (Double.isNaN(p.whole())) k = nodes(t, k, p.a(), p.b());
                k = nodes(t, k, p.a(), m);
                k = nodes(t, k, m, p.b());
            }
            f.eval(t, n, out);
            acc.evaluations += n;
            List<Piece> next = new ArrayList<>();
            k = 0;
            for (Piece p : level) {
                double m = 0.5 * (p.a() + p.b());
                double whole = p.whole();
                if (Double.isNaN(whole)) {
                    whole = rule(out, k, p.a(), p.b());
                    k += N;
                }
                double l = rule(out, k, p.a(), m);
                double noise = absRule(out, k, p.a(), m);
                k += N;
                double r = rule(out, k, m, p.b());
                noise += absRule(out, k, m, p.b());
                k += N;
                double d = Math.abs(l + r - whole);
                if (Double.isNaN(d)) {
                    acc.error = Double.NaN;
                    return Double.NaN;
                }
                boolean last = p.depth() >= MAX_DEPTH || !(m > p.a() && p.b() > m) || level.size() > MAX_LEVEL;
                // rounding: the sums cannot settle below a few dozen ulps of ∫|f|
                if (d <= Math.max(Math.max(p.tol(), FLOOR), 64 * Math.ulp(1.0) * noise) || last) {
                    acc.error += d;
                    acc.maxDepth = Math.max(acc.maxDepth, p.depth());
                    if (last && d > p.tol()) acc.exhausted++;
                    sum += l + r;
                } else {
                    next.add(new Piece(p.a(), m, l, p.tol() / 2, p.depth() + 1));
                    next.add(new Piece(m, p.b(), r, p.tol() / 2, p.depth() + 1));
                }
            }
            level = next;
        }
        return sum;
    }

    private static int nodes(double[] t, int k, double a, double b) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        for (int i = 0; i < N; i++) t[k++] = c + h * X[i];
        return k;
    }

    private static double absRule(double[] out, int k, double a, double b) {
        double s = 0;
        for (int i = 0; i < N; i++) s += W[i] * Math.abs(out[k + i]);
        return s * 0.5 * (b - a);
    }

    private static double rule(double[] out, int k, double a, double b) {
        double s = 0;
        for (int i = 0; i < N; i++) s += W[i] * out[k + i];
        return s * 0.5 * (b - a);
    }

    /** Scalar convenience. */
    static double integrate(java.util.function.DoubleUnaryOperator f, double[] breaks, double tol, Acc acc) {
        return integrate((t, n, out) -> {
            for (int p = 0; p < n; p++) out[p] = f.applyAsDouble(t[p]);
        }, breaks, tol, acc);
    }

    /** The fixed partition joined with the breakpoints strictly inside (−box, box), sorted. */
    static double[] partition(double[] base, double[] points, double box) {
        double[] all = Arrays.copyOf(base, base.length + points.length);
        int n = base.length;
        for (double p : points) if (p > -box && p < box && Double.isFinite(p)) all[n++] = p;
        all = Arrays.copyOf(all, n);
        Arrays.sort(all);
        return all;
    }
}
