package tp.numerics;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Moore–Penrose pseudo-inverses, or NaN everywhere when there is none (an entry that is NaN or
 * infinite, or a decomposition that fails): NaN then reaches a result, where it is reported with
 * the line that produced it, instead of an exception far from that line.
 */
public final class PseudoInverse {
    private PseudoInverse() {}

    /** {@code out} (n × m) := A⁺ for any m × n matrix A, with the SVD's own rank tolerance. */
    public static void of(DMatrixRMaj a, DMatrixRMaj out) {
        if (!finite(a)) {
            Arrays.fill(out.getData(), Double.NaN);
            return;
        }
        try {
            CommonOps_DDRM.pinv(a, out);
        } catch (IllegalArgumentException e) {
            Arrays.fill(out.getData(), Double.NaN);
        }
    }

    /**
     * C⁺ for a symmetric positive semi-definite C, as {@code Σ v vᵀ / λ} over the eigenpairs with
     * λ above {@code relativeTolerance} times the largest eigenvalue. The tolerance is the caller's
     * because it says how well C is known: a C estimated from samples cannot resolve its small
     * directions, and inverting them would amplify their noise. When the eigendecomposition fails,
     * the general {@link #of} is used instead.
     */
    public static DMatrixRMaj symmetric(DMatrixRMaj c, double relativeTolerance) {
        int k = c.numRows;
        DMatrixRMaj out = new DMatrixRMaj(k, k);
        if (!finite(c)) {
            Arrays.fill(out.getData(), Double.NaN);
            return out;
        }
        double[][] entries = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) entries[i][j] = c.get(i, j);
        SymmetricEigen eig;
        try {
            eig = SymmetricEigen.of(entries);
        } catch (IllegalArgumentException e) {
            of(c, out);
            return out;
        }
        double max = 0;
        for (double lambda : eig.values()) max = Math.max(max, lambda);
        for (int e = 0; e < k; e++) {
            double lambda = eig.values()[e];
            if (!(lambda > relativeTolerance * max)) continue;
            double[] v = eig.vectors()[e];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) out.add(i, j, v[i] * v[j] / lambda);
            }
        }
        return out;
    }

    private static boolean finite(DMatrixRMaj a) {
        for (double v : a.getData()) if (!Double.isFinite(v)) return false;
        return true;
    }
}
