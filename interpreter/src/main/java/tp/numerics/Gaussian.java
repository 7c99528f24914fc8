package tp.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Factors of covariance matrices: the one clipping rule for rank-revealing square roots. */
public final class Gaussian {
    /** Eigenvalues at most this fraction of the largest are treated as 0. */
    public static final double RELATIVE_RANK_TOLERANCE = 1e-13;

    private Gaussian() {}

    /**
     * F with {@code cov = F Fᵀ} (k × r, r the numerical rank), from the symmetric eigendecomposition:
     * columns v √λ for the eigenvalues above {@link #RELATIVE_RANK_TOLERANCE} of the largest.
     * A zero matrix has rank 0.
     */
    public static double[][] factor(double[][] cov) {
        int k = cov.length;
        double max = 0;
        for (double[] row : cov) for (double v : row) max = Math.max(max, Math.abs(v));
        if (k == 0 || max == 0) return new double[k][0];
        if (!Double.isFinite(max)) throw new IllegalArgumentException("a covariance entry is not finite");
        DMatrixRMaj c = new DMatrixRMaj(cov);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
        if (!eig.decompose(c)) throw new IllegalArgumentException("the covariance cannot be decomposed");
        java.util.List<double[]> columns = new java.util.ArrayList<>();
        for (int e = 0; e < k; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            if (lambda <= RELATIVE_RANK_TOLERANCE * max) continue;
            DMatrixRMaj v = eig.getEigenVector(e);
            double s = Math.sqrt(lambda);
            double[] col = new double[k];
            for (int a = 0; a < k; a++) col[a] = v.get(a) * s;
            columns.add(col);
        }
        double[][] f = new double[k][columns.size()];
        for (int e = 0; e < columns.size(); e++) for (int a = 0; a < k; a++) f[a][e] = columns.get(e)[a];
        return f;
    }
}
