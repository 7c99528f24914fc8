package tp.numerics;

/**
 * Inner products of equal-length vectors, by what they return: the sum {@code Σ a_i b_i}, or its
 * mean over the coordinates. Each fixes its own order of summation, on which results depend to
 * the last bit, so neither is written in terms of the other.
 */
public final class Dot {
    private Dot() {}

    /**
     * {@code Σ a_i b_i} in four interleaved partial sums, combined as (s0 + s1) + (s2 + s3): independent
     * accumulators keep the floating-point pipeline full in the matrix–vector products of
     * finite-width runs, which are most of their time.
     */
    public static double sum(double[] a, double[] b) {
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

    /** {@code (1/n) Σ a_i b_i}, summed in index order: the empirical E[ab] of n particles. */
    public static double mean(double[] a, double[] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++) s += a[p] * b[p];
        return s / a.length;
    }
}
