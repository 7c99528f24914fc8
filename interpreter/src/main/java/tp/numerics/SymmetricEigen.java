package tp.numerics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigendecomposition of a symmetric matrix, in the order the decomposition returns the pairs
 * (not sorted): Gaussian factors, pseudo-inverses, quadrature rules and eigenvalue bounds all
 * start from it, so every one of them sees the same eigenpairs for the same matrix.
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
     * The eigenvalues alone, which the decomposition computes without accumulating vectors (and
     * possibly in other last bits than {@link #of}); IllegalArgumentException when it fails.
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
