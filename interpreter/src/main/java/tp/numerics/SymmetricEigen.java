package tp.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigendecomposition of a symmetric matrix, the pairs in the order the solver returns them:
 * not sorted, because a Gaussian factor's columns follow that order and it decides which sampled
 * normal meets which column. A failed decomposition is an IllegalArgumentException, which each
 * caller turns into its own report (a check error, a NaN, a program error).
 *
 * @param values  λ_e
 * @param vectors {@code vectors[e]}: the unit eigenvector of λ_e
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    /** The eigenpairs of a symmetric matrix; IllegalArgumentException when the decomposition fails. */
    public static SymmetricEigen of(double[][] symmetric) {
        int k = symmetric.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric, true);
        double[] values = new double[k];
        double[][] vectors = new double[k][];
        for (int e = 0; e < k; e++) {
            values[e] = eig.getEigenvalue(e).getReal();
            DMatrixRMaj v = eig.getEigenVector(e);
            vectors[e] = new double[k];
            for (int a = 0; a < k; a++) vectors[e][a] = v.get(a);
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * The eigenvalues alone, computed without accumulating vectors: cheaper, and not the same
     * numbers as {@link #of} gives (they usually differ in the last bits, and may come in another
     * order), so a caller that only tests eigenvalues keeps the values it has always tested.
     * IllegalArgumentException when the decomposition fails.
     */
    public static double[] values(double[][] symmetric) {
        int k = symmetric.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric, false);
        double[] values = new double[k];
        for (int e = 0; e < k; e++) values[e] = eig.getEigenvalue(e).getReal();
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(double[][] symmetric, boolean vectors) {
        int k = symmetric.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, vectors, true);
        DMatrixRMaj m = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) m.set(i, j, symmetric[i][j]);
        if (!eig.decompose(m)) throw new IllegalArgumentException("the matrix cannot be decomposed");
        return eig;
    }
}
