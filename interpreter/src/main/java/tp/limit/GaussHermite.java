package tp.limit;

import java.util.concurrent.ConcurrentHashMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Gauss–Hermite rules for the standard normal weight (probabilists' Hermite), by Golub–Welsch:
 * nodes are the eigenvalues of the Jacobi matrix, weights the squared first eigenvector
 * components. {@code Σ w_i f(x_i) ≈ E f(Z)}, Z ~ N(0, 1).
 */
final class GaussHermite {
    record Rule(double[] nodes, double[] weights) {}

    private static final ConcurrentHashMap<Integer, Rule> CACHE = new ConcurrentHashMap<>();

    private GaussHermite() {}

    static Rule rule(int q) {
        return CACHE.computeIfAbsent(q, GaussHermite::compute);
    }

    private static Rule compute(int q) {
        DMatrixRMaj j = new DMatrixRMaj(q, q);
        for (int k = 1; k < q; k++) {
            double b = Math.sqrt(k);
            j.set(k, k - 1, b);
            j.set(k - 1, k, b);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(q, true, true);
        if (!eig.decompose(j)) throw new IllegalStateException("Golub–Welsch failed for q = " + q);
        double[] x = new double[q];
        double[] w = new double[q];
        Integer[] order = new Integer[q];
        for (int i = 0; i < q; i++) {
            order[i] = i;
            x[i] = eig.getEigenvalue(i).getReal();
            DMatrixRMaj v = eig.getEigenVector(i);
            double norm = 0;
            for (int k = 0; k < q; k++) norm += v.get(k) * v.get(k);
            w[i] = v.get(0) * v.get(0) / norm;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] xs = new double[q];
        double[] ws = new double[q];
        double sum = 0;
        for (int i = 0; i < q; i++) {
            xs[i] = x[order[i]];
            ws[i] = w[order[i]];
            sum += ws[i];
        }
        for (int i = 0; i < q; i++) ws[i] /= sum;
        // symmetrise: the rule is exactly symmetric
        for (int i = 0; i < q / 2; i++) {
            double node = 0.5 * (xs[q - 1 - i] - xs[i]);
            double weight = 0.5 * (ws[i] + ws[q - 1 - i]);
            xs[i] = -node;
            xs[q - 1 - i] = node;
            ws[i] = weight;
            ws[q - 1 - i] = weight;
        }
        if (q % 2 == 1) xs[q / 2] = 0;
        return new Rule(xs, ws);
    }
}
