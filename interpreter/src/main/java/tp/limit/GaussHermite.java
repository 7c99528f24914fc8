package tp.limit;

import java.util.concurrent.ConcurrentHashMap;
import tp.numerics.SymmetricEigen;

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
        double[][] j = new double[q][q];
        for (int k = 1; k < q; k++) {
            double b = Math.sqrt(k);
            j[k][k - 1] = b;
            j[k - 1][k] = b;
        }
        SymmetricEigen eig = SymmetricEigen.of(j);
        double[] x = new double[q];
        double[] w = new double[q];
        Integer[] order = new Integer[q];
        for (int i = 0; i < q; i++) {
            order[i] = i;
            x[i] = eig.values()[i];
            double[] v = eig.vectors()[i];
            double norm = 0;
            for (int k = 0; k < q; k++) norm += v[k] * v[k];
            w[i] = v[0] * v[0] / norm;
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
