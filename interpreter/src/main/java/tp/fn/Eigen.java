package tp.fn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Extreme eigenvalues of small symmetric matrices (Gram matrices of outputs). */
final class Eigen {
    private Eigen() {}

    static double extreme(double[] rowMajor, boolean largest) {
        int k = (int) Math.round(Math.sqrt(rowMajor.length));
        if (k * k != rowMajor.length) throw new IllegalArgumentException("not a square matrix");
        for (double v : rowMajor) if (!Double.isFinite(v)) return Double.NaN;
        DMatrixRMaj m = new DMatrixRMaj(k, k, true, rowMajor);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, false, true);
        if (!eig.decompose(m)) return Double.NaN;
        double best = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double v = eig.getEigenvalue(i).getReal();
            best = largest ? Math.max(best, v) : Math.min(best, v);
        }
        return best;
    }
}
