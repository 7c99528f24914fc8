package tp.finite;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import tp.numerics.Gaussian;

/** Draws the initial matrices and vectors of a program at one width and seed. */
final class Sampler {
    private Sampler() {}

    /** n×n, entries iid N(0, variance/n); row i from its own stream. {@code reuse}: storage to overwrite, or null. */
    static double[][] matrix(int n, double variance, long objectSeed, ForkJoinPool pool, double[][] reuse) {
        double[][] w = reuse != null && reuse.length == n ? reuse : new double[n][];
        double scale = Math.sqrt(variance / n);
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
            SplittableRandom r = Streams.row(objectSeed, i);
            double[] row = w[i] != null ? w[i] : new double[n];
            for (int j = 0; j < n; j++) row[j] = scale * r.nextGaussian();
            w[i] = row;
        })).join();
        return w;
    }

    /**
     * k vectors whose coordinates are iid N(mean, cov) across the k. The factor keeps all k columns
     * (clipping only negative eigenvalues), so every coordinate draws k normals whatever the rank;
     * IllegalArgumentException when cov cannot be factored.
     */
    static double[][] vectors(int n, double[] mean, double[][] cov, long objectSeed) {
        int k = mean.length;
        double[][] factor = Gaussian.squareRoot(cov, 0);
        double[][] out = new double[k][n];
        SplittableRandom r = Streams.row(objectSeed, 0);
        double[] z = new double[k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) z[a] = r.nextGaussian();
            for (int a = 0; a < k; a++) {
                double s = mean[a];
                for (int b = 0; b < k; b++) s += factor[a][b] * z[b];
                out[a][i] = s;
            }
        }
        return out;
    }
}
