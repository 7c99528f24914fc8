package tp.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.fn.Vectorized;

/**
 * Tier 2: deterministic quadrature over only the atoms an integrand reads, after a rank-revealing
 * change of variables {@code atoms = μ + F z}, z standard normal in r = rank dimensions.
 * Smooth integrands: tensor Gauss–Hermite, the degree raised until two successive estimates
 * agree. Integrands with kinks (relu, step, sign, abs, min, max) in one or two dimensions:
 * nested adaptive Gauss–Kronrod, which splits at the kinks. The error is the last difference (or
 * the Kronrod estimate), never smaller than what was observed.
 */
final class QuadratureTier {
    private static final double BOX = 8.5;
    /**
     * The box's upper end is nudged off the symmetric value so that no Kronrod node (midpoints of
     * midpoints…) lands exactly on 0, where an integrable singularity such as log|x| sits.
     */
    private static final double BOX_HI = BOX + 1e-3 * Math.PI;
    /** Beyond this many Gaussian directions (two, with kinks) quadrature gives way to particles. */
    private static final int MAX_SMOOTH_RANK = 5;
    /** A Gauss–Hermite estimate that has not settled below this is handed to particles. */
    private static final double UNSETTLED = 1e-6;
    private static final long MAX_POINTS = 3_000_000;
    private static final int[] DEGREES = {6, 10, 16, 24, 32, 48, 64, 96, 128, 192};

    private final Atoms atoms;

    QuadratureTier(Atoms atoms) {
        this.atoms = atoms;
    }

    /** The change of variables for the atoms f reads, and scratch room for one point's atom values. */
    private record Space(int[] ids, double[] mean, double[][] factor, int rank, double[] scratch) {}

    Estimate expect(Fn f, double tol) {
        Set<Integer> used = new TreeSet<>();
        f.refs(used);
        Space s = space(used);
        if (s.rank() == 0) {
            double v = pointValue(f, s, new double[0]);
            return new Estimate(v, 0, 0, Estimate.Method.EXACT);
        }
        if (kinked(f) && s.rank() <= 2) return adaptive(f, s, tol);
        if (kinked(f) || s.rank() > MAX_SMOOTH_RANK) {
            return new Estimate(Double.NaN, Double.POSITIVE_INFINITY, 0, Estimate.Method.QUADRATURE);
        }
        Estimate gh = hermite(f, s, tol);
        if (gh.error() > tol && s.rank() <= 2) {
            // a smooth integrand with a narrow analytic strip (tanh of a large argument): adapt instead
            Estimate a = adaptive(f, s, tol);
            if (a.error() < gh.error()) return a;
        }
        if (gh.error() > UNSETTLED) return new Estimate(gh.value(), Double.POSITIVE_INFINITY, 0, Estimate.Method.QUADRATURE);
        return gh;
    }

    static boolean kinked(Fn f) {
        for (Op op : new Op[] {Op.RELU, Op.STEP, Op.SIGN, Op.ABS, Op.MIN, Op.MAX}) if (f.uses(op)) return true;
        return false;
    }

    private Space space(Set<Integer> used) {
        int k = used.size();
        int[] ids = new int[k];
        int i = 0;
        for (int id : used) ids[i++] = id;
        double[] mean = new double[k];
        DMatrixRMaj c = new DMatrixRMaj(k, k);
        double max = 0;
        for (int a = 0; a < k; a++) {
            mean[a] = atoms.mean(ids[a]);
            for (int b = 0; b < k; b++) {
                c.set(a, b, atoms.cov(ids[a], ids[b]));
                max = Math.max(max, Math.abs(c.get(a, b)));
            }
        }
        List<double[]> columns = new ArrayList<>();
        if (k > 0 && max > 0) {
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
            if (!eig.decompose(c)) {
                throw new Expectations.Unavailable("the covariance of the atoms cannot be decomposed (entries up to " + max + ")");
            }
            for (int e = 0; e < k; e++) {
                double lambda = eig.getEigenvalue(e).getReal();
                if (lambda <= 1e-13 * max) continue;
                DMatrixRMaj v = eig.getEigenVector(e);
                double[] col = new double[k];
                double s = Math.sqrt(lambda);
                for (int a = 0; a < k; a++) col[a] = v.get(a) * s;
                columns.add(col);
            }
        }
        double[][] factor = new double[k][columns.size()];
        for (int e = 0; e < columns.size(); e++) for (int a = 0; a < k; a++) factor[a][e] = columns.get(e)[a];
        return new Space(ids, mean, factor, columns.size(), new double[atoms.size()]);
    }

    private double pointValue(Fn f, Space s, double[] z) {
        double[] values = s.scratch();
        for (int a = 0; a < s.ids().length; a++) {
            double v = s.mean()[a];
            for (int e = 0; e < z.length; e++) v += s.factor()[a][e] * z[e];
            values[s.ids()[a]] = v;
        }
        return Fns.eval(f, id -> values[id], 0);
    }

    private Estimate hermite(Fn f, Space s, double tol) {
        double previous = Double.NaN;
        double diff = Double.POSITIVE_INFINITY;
        int r = s.rank();
        for (int q : DEGREES) {
            if (Math.pow(q, r) > MAX_POINTS) break;
            double v = tensor(f, s, GaussHermite.rule(q));
            if (!Double.isNaN(previous)) {
                diff = Math.abs(v - previous);
                if (diff <= tol) return new Estimate(v, diff, 0, Estimate.Method.QUADRATURE);
            }
            previous = v;
        }
        if (Double.isNaN(previous)) previous = tensor(f, s, GaussHermite.rule(2));
        return new Estimate(previous, diff, 0, Estimate.Method.QUADRATURE);
    }

    /** Σ over the tensor grid, in batches evaluated with {@link Vectorized}. */
    private double tensor(Fn f, Space s, GaussHermite.Rule rule) {
        int r = s.rank();
        int q = rule.nodes().length;
        long total = (long) Math.pow(q, r);
        int batch = (int) Math.min(total, 1 << 16);
        int k = s.ids().length;
        double[][] values = new double[atoms.size()][];
        for (int a = 0; a < k; a++) values[s.ids()[a]] = new double[batch];
        double[] weights = new double[batch];
        double sum = 0;
        int[] digits = new int[r];
        long done = 0;
        while (done < total) {
            tp.ir.Cancellation.check();
            int m = (int) Math.min(batch, total - done);
            for (int p = 0; p < m; p++) {
                double w = 1;
                for (int e = 0; e < r; e++) w *= rule.weights()[digits[e]];
                weights[p] = w;
                for (int a = 0; a < k; a++) {
                    double v = s.mean()[a];
                    double[] row = s.factor()[a];
                    for (int e = 0; e < r; e++) v += row[e] * rule.nodes()[digits[e]];
                    values[s.ids()[a]][p] = v;
                }
                for (int e = 0; e < r; e++) {
                    if (++digits[e] < q) break;
                    digits[e] = 0;
                }
            }
            if (m < batch) {
                for (int a = 0; a < k; a++) values[s.ids()[a]] = java.util.Arrays.copyOf(values[s.ids()[a]], m);
            }
            double[] fv = Vectorized.vector(f, values, new double[0], m);
            for (int p = 0; p < m; p++) sum += weights[p] * fv[p];
            done += m;
        }
        return sum;
    }

    /** log, sqrt and division may put an integrable singularity in the box, where Kronrod's estimate is optimistic. */
    private static double safety(Fn f) {
        return f.uses(Op.LOG) || f.uses(Op.SQRT) || f.uses(Op.DIV) || f.uses(Op.POW) ? 10 : 1;
    }

    private Estimate adaptive(Fn f, Space s, double tol) {
        double inner = tol / 4 / safety(f);
        if (s.rank() == 1) {
            Kronrod.Result res = Kronrod.integrate(z -> pointValue(f, s, new double[] {z}) * ClosedForms.npdf(z),
                    -BOX, BOX_HI, inner, 4000);
            return new Estimate(res.value(), safety(f) * res.error() + tailBound(), 0, Estimate.Method.QUADRATURE);
        }
        double[] innerError = new double[1];
        Kronrod.Result outer = Kronrod.integrate(z1 -> {
            Kronrod.Result in = Kronrod.integrate(z2 -> pointValue(f, s, new double[] {z1, z2}) * ClosedForms.npdf(z2),
                    -BOX, BOX_HI, inner / 4, 2000);
            innerError[0] = Math.max(innerError[0], in.error());
            return in.value() * ClosedForms.npdf(z1);
        }, -BOX, BOX_HI, inner, 2000);
        return new Estimate(outer.value(), safety(f) * (outer.error() + innerError[0]) + tailBound(), 0,
                Estimate.Method.QUADRATURE);
    }

    /** Mass of the standard normal outside ±BOX, per dimension: what truncation can miss, for O(1) integrands. */
    private static double tailBound() {
        return 2 * ClosedForms.npdf(BOX) / BOX;
    }
}
