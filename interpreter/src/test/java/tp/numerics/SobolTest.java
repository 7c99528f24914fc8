package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Gaussian quantile against the distribution function, and the shifted Sobol normals' uniformity. */
class SobolTest {
    @Test
    void quantileInvertsTheDistributionFunction() {
        double[] us = {1e-15, 1e-12, 1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 0.999, 1 - 1e-6};
        for (double u : us) {
            double x = Normal.quantile(u);
            double back = u < 0.5 ? Normal.cdf(x) : 1 - Normal.cdf(-x);
            double tail = Math.min(u, 1 - u);
            assertTrue(Math.abs(back - u) <= 2e-7 * tail, "u " + u + ": Φ(Φ⁻¹(u)) = " + back);
        }
        assertTrue(Normal.quantile(0.5) == 0 || Math.abs(Normal.quantile(0.5)) < 1e-15);
        assertTrue(Math.abs(Normal.quantile(0.975) - 1.959963984540054) < 1e-8);
    }

    /**
     * 1 024 points, randomly shifted: mean and variance closer to 0 and 1 than pseudo-random
     * points (±0.03, ±0.04). (Unshifted, the first point is 0, whose normal is −8.3.)
     */
    @Test
    void shiftedSobolNormalsAreEvenlySpread() {
        int m = 1024;
        for (int dim : new int[] {0, 1, 7, Sobol.DIMENSIONS - 1}) {
            for (long shift : new long[] {0x123456789ABCDEFL, 0x0F1E2D3C4B5A6978L, Long.MIN_VALUE + 12345}) {
                double[] x = Sobol.normals(dim, m, shift);
                double mean = 0;
                double sq = 0;
                for (double v : x) {
                    mean += v / m;
                    sq += v * v / m;
                }
                assertTrue(Math.abs(mean) < 1e-2, "dim " + dim + " mean " + mean);
                assertTrue(Math.abs(sq - 1) < 2e-2, "dim " + dim + " variance " + sq);
            }
        }
        double[] a = Sobol.normals(0, m, 77);
        double[] b = Sobol.normals(1, m, 99);
        double cross = 0;
        for (int p = 0; p < m; p++) cross += a[p] * b[p] / m;
        assertTrue(Math.abs(cross) < 1e-2, "cross moment " + cross);
    }
}
