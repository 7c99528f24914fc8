package tp.finite;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import tp.numerics.Dot;

/**
 * Matrix times several vectors at once: the matrix is read from memory once per batch. Each
 * output coordinate is summed in a fixed order, whatever the thread count.
 */
final class LinearAlgebra {
    private static final int BLOCK = 512;

    private LinearAlgebra() {}

    /** {@code W X} (or {@code Wᵀ X}) for the columns {@code xs}. */
    static double[][] multiply(double[][] w, double[][] xs, boolean transposed, ForkJoinPool pool) {
        int n = w.length;
        int k = xs.length;
        double[][] ys = new double[k][n];
        int blocks = (n + BLOCK - 1) / BLOCK;
        pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> {
            int lo = b * BLOCK;
            int hi = Math.min(n, lo + BLOCK);
            if (transposed) transposedBlock(w, xs, ys, lo, hi);
            else forwardBlock(w, xs, ys, lo, hi);
        })).join();
        return ys;
    }

    private static void forwardBlock(double[][] w, double[][] xs, double[][] ys, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double[] row = w[i];
            for (int c = 0; c < xs.length; c++) ys[c][i] = Dot.sum(row, xs[c]);
        }
    }

    private static void transposedBlock(double[][] w, double[][] xs, double[][] ys, int lo, int hi) {
        int n = w.length;
        for (int i = 0; i < n; i++) {
            double[] row = w[i];
            for (int c = 0; c < xs.length; c++) {
                double a = xs[c][i];
                double[] y = ys[c];
                for (int j = lo; j < hi; j++) y[j] += a * row[j];
            }
        }
    }
}
