package tp.finite;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

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
            for (int c = 0; c < xs.length; c++) ys[c][i] = dot(row, xs[c]);
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

    static double dot(double[] a, double[] b) {
        int n = a.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }
}
