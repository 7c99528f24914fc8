package tp.numerics;

import java.util.ArrayList;
import java.util.List;

/**
 * Factors F with {@code F Fᵀ = Σ} of covariance matrices, from the symmetric eigendecomposition:
 * column e is {@code v_e √λ_e}. The one clipping rule: an eigenvalue at or below
 * {@code tolerance × max|Σ_ij|} is taken as 0, so that rounding (which makes the eigenvalues of a
 * singular Σ slightly negative or slightly positive) never reaches a square root. The tolerance is
 * the caller's: quadrature drops the clipped directions to integrate over fewer dimensions, while
 * sampling keeps every column so that each coordinate always draws the same number of normals.
 */
public final class Gaussian {
    /** Eigenvalues at most this fraction of the largest entry are treated as 0 by {@link #factor}. */
    public static final double RELATIVE_RANK_TOLERANCE = 1e-13;

    private Gaussian() {}

    /**
     * F with {@code cov = F Fᵀ} (k × r, r the numerical rank): the columns for the eigenvalues above
     * {@link #RELATIVE_RANK_TOLERANCE} of the largest entry. A zero matrix has rank 0.
     */
    public static double[][] factor(double[][] cov) {
        int k = cov.length;
        double max = largestEntry(cov);
        if (k == 0 || max == 0) return new double[k][0];
        double threshold = RELATIVE_RANK_TOLERANCE * max;
        SymmetricEigen eig = SymmetricEigen.of(cov);
        List<double[]> columns = new ArrayList<>();
        for (int e = 0; e < k; e++) if (eig.values()[e] > threshold) columns.add(column(eig, e, threshold));
        double[][] f = new double[k][columns.size()];
        for (int e = 0; e < columns.size(); e++) for (int a = 0; a < k; a++) f[a][e] = columns.get(e)[a];
        return f;
    }

    /**
     * F with {@code cov = F Fᵀ}, k × k: one column per eigenpair, in the decomposition's order,
     * those clipped at {@code relativeTolerance × max|Σ_ij|} being zero. A tolerance of 0 clips only
     * the eigenvalues that rounding made negative.
     */
    public static double[][] squareRoot(double[][] cov, double relativeTolerance) {
        int k = cov.length;
        double threshold = relativeTolerance * largestEntry(cov);
        double[][] f = new double[k][k];
        if (k == 0) return f;
        SymmetricEigen eig = SymmetricEigen.of(cov);
        for (int e = 0; e < k; e++) {
            double[] col = column(eig, e, threshold);
            for (int a = 0; a < k; a++) f[a][e] = col[a];
        }
        return f;
    }

    private static double[] column(SymmetricEigen eig, int e, double threshold) {
        double lambda = eig.values()[e] <= threshold ? 0 : eig.values()[e];
        double s = Math.sqrt(lambda);
        double[] v = eig.vectors()[e];
        double[] col = new double[v.length];
        for (int a = 0; a < v.length; a++) col[a] = v[a] * s;
        return col;
    }

    private static double largestEntry(double[][] cov) {
        double max = 0;
        for (double[] row : cov) for (double v : row) max = Math.max(max, Math.abs(v));
        if (!Double.isFinite(max)) throw new IllegalArgumentException("a covariance entry is not finite");
        return max;
    }
}
