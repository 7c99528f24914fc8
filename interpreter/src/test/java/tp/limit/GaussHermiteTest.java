package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tp.testing.Reference;

/** Gauss–Hermite rules for N(0, 1) against the moments, tabulated rules and Christoffel weights. */
class GaussHermiteTest {
    private static final int[] DEGREES = {1, 2, 3, 4, 5, 6, 10, 16, 24, 32, 48, 64, 96, 128, 192};

    /** E z^k for z ~ N(0, 1): (k − 1)!! for even k, 0 for odd. */
    private static double moment(int k) {
        if (k % 2 == 1) return 0;
        double m = 1;
        for (int j = k - 1; j > 0; j -= 2) m *= j;
        return m;
    }

    private static double sum(GaussHermite.Rule r, java.util.function.DoubleUnaryOperator f) {
        Reference.Sum s = new Reference.Sum();
        for (int i = 0; i < r.nodes().length; i++) s.add(r.weights()[i] * f.applyAsDouble(r.nodes()[i]));
        return s.value();
    }

    @Test
    void tabulatedSmallRules() {
        GaussHermite.Rule two = GaussHermite.rule(2);
        assertEquals(-1, two.nodes()[0], 1e-15);
        assertEquals(1, two.nodes()[1], 1e-15);
        assertEquals(0.5, two.weights()[0], 1e-15);
        GaussHermite.Rule three = GaussHermite.rule(3);
        assertEquals(-Math.sqrt(3), three.nodes()[0], 2e-15);
        assertEquals(0, three.nodes()[1], 0);
        assertEquals(1.0 / 6, three.weights()[0], 1e-15);
        assertEquals(2.0 / 3, three.weights()[1], 1e-15);
        // He₄ = x⁴ − 6x² + 3: x² = 3 ∓ √6, weights (3 ± √6)/12
        GaussHermite.Rule four = GaussHermite.rule(4);
        assertEquals(-Math.sqrt(3 + Math.sqrt(6)), four.nodes()[0], 2e-15);
        assertEquals(-Math.sqrt(3 - Math.sqrt(6)), four.nodes()[1], 2e-15);
        assertEquals((3 - Math.sqrt(6)) / 12, four.weights()[0], 1e-15);
        assertEquals((3 + Math.sqrt(6)) / 12, four.weights()[1], 1e-15);
        GaussHermite.Rule one = GaussHermite.rule(1);
        assertEquals(0, one.nodes()[0], 0);
        assertEquals(1, one.weights()[0], 0);
    }

    @Test
    void weightsSumToOneAndRulesAreSymmetric() {
        for (int q : DEGREES) {
            GaussHermite.Rule r = GaussHermite.rule(q);
            assertEquals(q, r.nodes().length);
            assertEquals(1, sum(r, x -> 1), 2e-15, "q = " + q);
            for (int i = 0; i < q; i++) {
                assertEquals(-r.nodes()[q - 1 - i], r.nodes()[i], 0, "q = " + q);
                assertEquals(r.weights()[q - 1 - i], r.weights()[i], 0, "q = " + q);
                assertTrue(r.weights()[i] > 0);
                if (i > 0) assertTrue(r.nodes()[i] > r.nodes()[i - 1], "sorted");
            }
            assertSame(r, GaussHermite.rule(q), "cached");
        }
    }

    /**
     * Exact for every polynomial of degree ≤ 2q − 1: against the moments, relative to the moment
     * (odd moments vanish by symmetry). In floating point the highest moments, carried by the
     * outermost nodes' tiny weights, lose accuracy as q grows: the tolerance is what Golub–Welsch
     * in double precision attains.
     */
    @Test
    void polynomialsUpToDegreeTwoQMinusOne() {
        int[] qs = {1, 2, 3, 4, 5, 6, 10, 16, 24};
        double[] tol = {0, 1e-15, 1e-15, 2e-15, 1e-14, 1e-14, 8e-14, 4e-13, 5e-11};
        for (int j = 0; j < qs.length; j++) {
            int q = qs[j];
            GaussHermite.Rule r = GaussHermite.rule(q);
            for (int k = 0; k <= 2 * q - 1; k++) {
                int p = k;
                double v = sum(r, x -> Math.pow(x, p));
                double m = moment(k);
                assertEquals(m, v, tol[j] * Math.max(1, m) + 1e-15, "q = " + q + ", E z^" + k);
            }
            // and not one degree more: E z^{2q} is missed by q! (the rule's error constant)
            double miss = moment(2 * q) - sum(r, x -> Math.pow(x, 2 * q));
            double factorial = 1;
            for (int i = 2; i <= q; i++) factorial *= i;
            assertEquals(factorial, miss, 4 * tol[j] * moment(2 * q) + 1e-13 * factorial, "q = " + q);
        }
    }

    /** Nodes are the zeros of He_q and weights the Christoffel numbers 1/Σ_{k<q} h_k(x)² (h_k orthonormal). */
    @Test
    void nodesAndWeightsAgainstTheHermiteRecurrence() {
        for (int q : DEGREES) {
            if (q < 2) continue;
            GaussHermite.Rule r = GaussHermite.rule(q);
            for (int i = 0; i < q; i++) {
                double x = r.nodes()[i];
                double a = 1;
                double b = x;
                double christoffel = 1 + x * x;
                double derivative = 1;
                double dPrev = 0;
                for (int k = 1; k < q; k++) {
                    double c = (x * b - Math.sqrt(k) * a) / Math.sqrt(k + 1);
                    double dc = (b + x * derivative - Math.sqrt(k) * dPrev) / Math.sqrt(k + 1);
                    dPrev = derivative;
                    derivative = dc;
                    a = b;
                    b = c;
                    if (k + 1 < q) christoffel += c * c;
                }
                // Newton's correction h_q / h_q' measures how far the node is from the zero
                assertEquals(0, b / derivative, 2e-14 * Math.max(1, Math.abs(x)), "q = " + q + ", node " + x);
                // weights: to an absolute accuracy of a few ulps of 1 (relative for the large ones)
                assertEquals(1 / christoffel, r.weights()[i], 4e-15, "q = " + q + ", weight at " + x);
            }
        }
    }

    @Test
    void smoothExpectationsForEveryRuleInUse() {
        for (int q : new int[] {24, 32, 48, 64, 96, 128}) {
            GaussHermite.Rule r = GaussHermite.rule(q);
            assertEquals(Math.exp(2), sum(r, x -> Math.exp(2 * x)), 1e-14 * Math.exp(2), "E e^{2z}, q = " + q);
            assertEquals(Math.exp(-4.5), sum(r, x -> Math.cos(3 * x)), 5e-15, "E cos 3z, q = " + q);
            assertEquals(105, sum(r, x -> Math.pow(x, 8)), 2e-12, "E z^8, q = " + q);
        }
        // the largest rule: e^{2z} weighs nodes out to 27, where the weights are only absolutely accurate
        assertEquals(Math.exp(2), sum(GaussHermite.rule(192), x -> Math.exp(2 * x)), 1e-9 * Math.exp(2));
    }
}
