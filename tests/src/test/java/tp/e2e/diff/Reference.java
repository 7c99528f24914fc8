package tp.e2e.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The judge's own expectations E f(v), v ~ law, written without the interpreter's quadrature or
 * closed forms. Over r = rank ≤ 2 Gaussian directions: adaptive Gauss–Legendre in the frame
 * v = μ + F z (F by pivoted Cholesky), truncated to [−12, 12]ʳ, with the domain split at every kink
 * line the generator knows about (iterated: the outer variable split at every pair of lines'
 * intersection, the inner one where each line crosses, after a rotation that keeps the lines
 * away from the outer axis). Over more directions: plain Monte Carlo.
 */
final class Reference {
    static final double BOX = 12;
    private static final double[] BASE = {-12, -8, -4, -1.3, 1.3, 4, 8, 12};

    /** Rounding in sums over hundreds of pieces: a few ulps of an O(1) integrand's scale. */
    static final double ROUNDING = 1e-14;

    final int mcSamples;
    final double tol;

    Reference(int mcSamples, double tol) {
        this.mcSamples = mcSamples;
        this.tol = tol;
    }

    Reference() {
        this(1 << 20, 1e-14);
    }

    /** The deepest bisection of the last quadrature (for the judge's own tests). */
    int lastMaxDepth;
    int lastExhausted;

    /**
     * Bisections a piece of a smooth integrand does not need (the generated ones need at most ~16,
     * rapidly oscillating ones included), while a jump the generator failed to declare needs ~55
     * before the whole-versus-halves difference settles: beyond this the reference is not trusted.
     * (An undeclared kink costs ~25 bisections but leaves the result within its error.)
     */
    static final int SUSPECT_DEPTH = 30;

    Ref expect(Expr e, Law law, long seed) {
        Compiled c = new Compiled(e, law, null);
        if (c.rank == 2 && !c.kinks.isEmpty()) c = new Compiled(e, law, rotation(c.kinks));
        lastMaxDepth = 0;
        lastExhausted = 0;
        Ref r = expect(c, seed);
        if (r.kind() == Ref.Kind.QUADRATURE && !e.singular() && (lastMaxDepth > SUSPECT_DEPTH || lastExhausted > 0)) {
            throw new IllegalStateException("the reference quadrature needed " + lastMaxDepth
                    + " bisections: a kink the generator did not declare? " + e.render(law.names()));
        }
        if (r.kind() == Ref.Kind.QUADRATURE && !law.exact()) r = withLawError(e, law, r);
        return r;
    }

    /** Below this, a covariance entry's error is charged as a flat allowance instead of by finite differences. */
    static final double SMALL_LAW_ERROR = 1e-13;

    /**
     * Adds |∂E/∂K_ij| · error(K_ij) (by finite differences) for a covariance known only
     * approximately; entries known to better than {@link #SMALL_LAW_ERROR} are charged
     * 100 · error · max(1, |E|) instead (the sensitivity of the generated integrands is far below 100).
     */
    private Ref withLawError(Expr e, Law law, Ref r) {
        java.util.Set<Integer> used = new TreeSet<>();
        e.vars(used);
        double max = 0;
        for (int i : used) for (int j : used) max = Math.max(max, law.covError()[i][j]);
        if (max <= SMALL_LAW_ERROR) {
            return new Ref(r.value(), r.error() + 100 * max * used.size() * Math.max(1, Math.abs(r.value())), r.stderr(), r.dim(),
                    r.kind());
        }
        double extra = 0;
        for (int i : used) {
            for (int j : used) {
                if (j < i || law.covError()[i][j] == 0) continue;
                double h = 1e-6 * Math.sqrt(law.cov()[i][i] * law.cov()[j][j]) + 1e-9;
                Ref p = expect(new Compiled(e, law.perturbed(i, j, h), null), 0);
                double slope = Math.abs(p.value() - r.value()) / h;
                extra += 2 * slope * law.covError()[i][j] + 2 * (p.error() + r.error()) / h * law.covError()[i][j];
            }
        }
        return new Ref(r.value(), r.error() + extra, r.stderr(), r.dim(), r.kind());
    }

    /** Plain Monte Carlo whatever the rank (for testing the quadrature). */
    Ref monteCarlo(Expr e, Law law, long seed) {
        Compiled c = new Compiled(e, law, null);
        return c.rank == 0 ? expect(c, seed) : monteCarlo(c, seed);
    }

    Ref expect(Compiled c, long seed) {
        if (c.rank == 0) {
            double v = c.eval(new double[0]);
            return Double.isFinite(v) ? new Ref(v, 0, 0, 0, Ref.Kind.QUADRATURE) : Ref.undefined(0);
        }
        if (c.rank == 1) return one(c);
        if (c.rank == 2) return two(c);
        return monteCarlo(c, seed);
    }

    /** An outer-axis rotation that keeps every kink line's normal at least ~90°/k away from it. */
    static double[][] rotation(List<Compiled.Form> lines) {
        double best = -1;
        double alpha = 0;
        for (int s = 0; s < 360; s++) {
            double a = Math.PI * s / 360 + 0.0123;
            double worst = 1;
            for (Compiled.Form f : lines) {
                double theta = Math.atan2(f.w()[1], f.w()[0]);
                worst = Math.min(worst, Math.abs(Math.sin(theta - a)));
            }
            if (worst > best) {
                best = worst;
                alpha = a;
            }
        }
        double co = Math.cos(alpha);
        double si = Math.sin(alpha);
        return new double[][] {{co, -si}, {si, co}};
    }

    /**
     * An integrable singularity (log|L|, 1/√|L|…) evaluated at a node that rounds onto it is
     * infinite; such a node is within rounding of a breakpoint, deep in a bisection whose error
     * estimate accounts for what it contributes, so it counts as 0. (NaN is never excused.)
     */
    private static double finite(double v, boolean singular) {
        return singular && Double.isInfinite(v) ? 0 : v;
    }

    private Ref one(Compiled c) {
        boolean singular = c.singular;
        double[] pts = new double[c.kinks.size()];
        for (int i = 0; i < pts.length; i++) {
            Compiled.Form f = c.kinks.get(i);
            pts[i] = -f.c() / f.w()[0];
        }
        double[] breaks = Quad.partition(BASE, pts, BOX);
        Quad.Acc acc = new Quad.Acc();
        double[][] z = new double[1][];
        double v = Quad.integrate((t, n, out) -> {
            z[0] = t;
            c.root.batch(z, n, out);
            for (int p = 0; p < n; p++) out[p] = finite(out[p], singular) * Fn1.npdf(t[p]);
        }, breaks, tol, acc);
        lastMaxDepth = acc.maxDepth;
        lastExhausted = acc.exhausted;
        if (!Double.isFinite(v) || Double.isNaN(acc.error)) return Ref.undefined(1);
        return new Ref(v, acc.error + ROUNDING * Math.max(1, Math.abs(v)), 0, 1, Ref.Kind.QUADRATURE);
    }

    private Ref two(Compiled c) {
        boolean singular = c.singular;
        List<Compiled.Form> lines = c.kinks;
        List<Double> outerPts = new ArrayList<>();
        for (int a = 0; a < lines.size(); a++) {
            Compiled.Form p = lines.get(a);
            if (p.w()[1] == 0) outerPts.add(-p.c() / p.w()[0]);
            else if (Math.abs(p.w()[1]) < 0.2 * Math.hypot(p.w()[0], p.w()[1]) && p.w()[0] != 0) {
                // steep: where it crosses a few inner levels, so that the outer function stays smooth between
                for (double lvl : new double[] {-12, -6, -3, 0, 3, 6, 12}) outerPts.add(-(p.c() + p.w()[1] * lvl) / p.w()[0]);
            }
            for (int b = a + 1; b < lines.size(); b++) {
                Compiled.Form q = lines.get(b);
                double det = p.w()[0] * q.w()[1] - p.w()[1] * q.w()[0];
                if (Math.abs(det) <= 1e-14 * Math.hypot(p.w()[0], p.w()[1]) * Math.hypot(q.w()[0], q.w()[1])) continue;
                outerPts.add((-p.c() * q.w()[1] + q.c() * p.w()[1]) / det);
            }
        }
        double[] breaks = Quad.partition(BASE, outerPts.stream().mapToDouble(Double::doubleValue).toArray(), BOX);
        Quad.Acc outer = new Quad.Acc();
        double[] innerError = new double[1];
        int[] depth = new int[1];
        int[] exhausted = new int[1];
        double[] inner = new double[lines.size()];
        double[][] z = new double[2][];
        double[] xs = new double[0];
        double[][] box = {xs};
        double v = Quad.integrate((ts, nOuter, outs) -> {
            for (int q = 0; q < nOuter; q++) {
                double x = ts[q];
                int n = 0;
                for (Compiled.Form f : lines) if (f.w()[1] != 0) inner[n++] = -(f.c() + f.w()[0] * x) / f.w()[1];
                double[] ib = Quad.partition(BASE, java.util.Arrays.copyOf(inner, n), BOX);
                Quad.Acc acc = new Quad.Acc();
                double g = Quad.integrate((t, m, out) -> {
                    if (box[0].length < m) box[0] = new double[m];
                    java.util.Arrays.fill(box[0], 0, m, x);
                    z[0] = box[0];
                    z[1] = t;
                    c.root.batch(z, m, out);
                    for (int p = 0; p < m; p++) out[p] = finite(out[p], singular) * Fn1.npdf(t[p]);
                }, ib, tol, acc);
                innerError[0] = Double.isNaN(acc.error) ? Double.NaN : Math.max(innerError[0], acc.error);
                depth[0] = Math.max(depth[0], acc.maxDepth);
                exhausted[0] += acc.exhausted;
                outs[q] = g * Fn1.npdf(x);
            }
        }, breaks, tol, outer);
        lastMaxDepth = Math.max(depth[0], outer.maxDepth);
        lastExhausted = exhausted[0] + outer.exhausted;
        if (!Double.isFinite(v) || Double.isNaN(outer.error) || Double.isNaN(innerError[0])) return Ref.undefined(2);
        return new Ref(v, outer.error + innerError[0] + ROUNDING * Math.max(1, Math.abs(v)), 0, 2, Ref.Kind.QUADRATURE);
    }

    private Ref monteCarlo(Compiled c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int r = c.rank;
        int batch = 4096;
        double[][] z = new double[r][batch];
        double[] out = new double[batch];
        long n = 0;
        double mean = 0;
        double m2 = 0;
        while (n < mcSamples) {
            int m = (int) Math.min(batch, mcSamples - n);
            for (int j = 0; j < r; j++) for (int p = 0; p < m; p++) z[j][p] = rng.nextGaussian();
            c.root.batch(z, m, out);
            // batch mean and sum of squares, merged (Chan et al.)
            double bm = 0;
            for (int p = 0; p < m; p++) bm += out[p];
            bm /= m;
            double bs = 0;
            for (int p = 0; p < m; p++) bs += (out[p] - bm) * (out[p] - bm);
            if (!Double.isFinite(bm) || !Double.isFinite(bs)) return Ref.undefined(r);
            double delta = bm - mean;
            long total = n + m;
            mean += delta * m / total;
            m2 += bs + delta * delta * ((double) n * m / total);
            n = total;
        }
        double sd = Math.sqrt(m2 / (n - 1));
        return new Ref(mean, 0, sd / Math.sqrt(n), r, Ref.Kind.MONTE_CARLO);
    }
}
