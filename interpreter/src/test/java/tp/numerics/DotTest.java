package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Inner products as a sum and as a mean over the coordinates. */
class DotTest {
    private static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    @Test
    void sumOfSquaresAtEveryRemainder() {
        // Σ_{i≤n} i² = n(n+1)(2n+1)/6, exact in doubles; lengths 0..9 cover every tail after the blocks of four
        for (int n = 0; n < 10; n++) assertEquals(n * (n + 1) * (2 * n + 1) / 6.0, Dot.sum(range(n), range(n)), 0);
    }

    @Test
    void meanIsTheSumOverN() {
        for (int n = 1; n < 10; n++) assertEquals((n + 1) * (2 * n + 1) / 6.0, Dot.mean(range(n), range(n)), 1e-15 * n * n);
        assertEquals(-1, Dot.mean(new double[] {1, -1}, new double[] {-1, 1}), 0);
    }

    @Test
    void orthogonal() {
        assertEquals(0, Dot.sum(new double[] {1, 0, 2, 0, 3}, new double[] {0, 5, 0, 7, 0}), 0);
        assertEquals(0, Dot.mean(new double[] {1, 1}, new double[] {1, -1}), 0);
    }
}
