package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** φ, Φ and the logistic function at points with known values. */
class NormalTest {
    @Test
    void density() {
        assertEquals(0.3989422804014327, Normal.pdf(0), 1e-16);
        assertEquals(0.24197072451914337, Normal.pdf(1), 1e-16);
        assertEquals(Normal.pdf(1.7), Normal.pdf(-1.7), 0);
        assertEquals(0, Normal.pdf(40), 0);
    }

    @Test
    void distributionAtKnownPoints() {
        assertEquals(0.5, Normal.cdf(0), 0);
        assertEquals(0.15865525393145707, Normal.cdf(-1), 1e-16);
        assertEquals(0.975, Normal.cdf(1.959963984540054), 1e-15);
        assertEquals(0.9986501019683699, Normal.cdf(3), 1e-15);
    }

    @Test
    void distributionInTheTails() {
        // relative accuracy far out, where 1 − Φ(−x) would have none: Φ(−10) = 7.619853024160526e-24,
        // Φ(−30) = 4.906713927148187e-198 (erfc is good to about 1e-13 there)
        assertEquals(7.619853024160526e-24, Normal.cdf(-10), 1e-14 * 7.619853024160526e-24);
        assertEquals(4.906713927148187e-198, Normal.cdf(-30), 1e-12 * 4.906713927148187e-198);
        assertEquals(1, Normal.cdf(40), 0);
        for (double x : new double[] {0.1, 0.5, 1.3, 2.7}) assertEquals(1, Normal.cdf(x) + Normal.cdf(-x), 2e-16);
    }

    @Test
    void sigmoid() {
        assertEquals(0.5, Normal.sigmoid(0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), Normal.sigmoid(2), 1e-16);
        assertEquals(1, Normal.sigmoid(800), 0);
        assertEquals(0, Normal.sigmoid(-800), 0);
        assertEquals(1, Normal.sigmoid(3) + Normal.sigmoid(-3), 3e-16);
    }
}
