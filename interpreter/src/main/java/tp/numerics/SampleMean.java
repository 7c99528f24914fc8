package tp.numerics;

/**
 * The mean of independent samples (seeds, replicates) and the spread that gives its standard
 * error. Every place that reports "mean ± s.e." summarises its samples here, so they all agree on
 * the estimator: the sample variance with n − 1, and no spread at all from a single sample.
 *
 * @param mean     Σx / n, summed in the samples' order
 * @param variance Σ(x − mean)² / (n − 1); NaN for n = 1
 * @param size     n
 */
public record SampleMean(double mean, double variance, int size) {
    public static SampleMean of(double[] x) {
        int n = x.length;
        double sum = 0;
        for (double v : x) sum += v;
        double mean = sum / n;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        return new SampleMean(mean, n > 1 ? ss / (n - 1) : Double.NaN, n);
    }

    public double standardDeviation() {
        return Math.sqrt(variance);
    }

    /** √(variance / n). */
    public double standardError() {
        return Math.sqrt(variance / size);
    }
}
