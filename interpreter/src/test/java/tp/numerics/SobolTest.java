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
     * 4 096 points under 20 random shifts: the root-mean-square error of their mean and of their
     * second moment is a fraction of pseudo-random points' (1/√m and √(2/m)); pairs of dimensions
     * are uncorrelated likewise.
     */
    @Test
    void shiftedSobolNormalsAreEvenlySpread() {
        int m = 4096;
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int dim : new int[] {0, 1, 7, Sobol.DIMENSIONS - 1}) {
            double meanSq = 0;
            double varSq = 0;
            double crossSq = 0;
            int shifts = 20;
            for (int i = 0; i < shifts; i++) {
                double[] x = Sobol.normals(dim, m, random.nextLong());
                double[] y = Sobol.normals((dim + 1) % Sobol.DIMENSIONS, m, random.nextLong());
                double mean = 0;
                double sq = 0;
                double cross = 0;
                for (int p = 0; p < m; p++) {
                    mean += x[p] / m;
                    sq += x[p] * x[p] / m;
                    cross += x[p] * y[p] / m;
                }
                meanSq += mean * mean / shifts;
                varSq += (sq - 1) * (sq - 1) / shifts;
                crossSq += cross * cross / shifts;
            }
            assertTrue(Math.sqrt(meanSq) < 0.25 / Math.sqrt(m), "dim " + dim + " mean error " + Math.sqrt(meanSq));
            assertTrue(Math.sqrt(varSq) < 0.5 * Math.sqrt(2.0 / m), "dim " + dim + " second-moment error " + Math.sqrt(varSq));
            assertTrue(Math.sqrt(crossSq) < 0.5 / Math.sqrt(m), "dim " + dim + " cross-moment error " + Math.sqrt(crossSq));
        }
    }
}
