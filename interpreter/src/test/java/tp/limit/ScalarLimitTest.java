package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tp.fn.Fns.add;
import static tp.fn.Fns.c;
import static tp.fn.Fns.div;
import static tp.fn.Fns.mul;
import static tp.fn.Fns.sub;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;

/**
 * Limits in n of scalar expressions, and their series against the expressions evaluated
 * directly at a large n.
 */
class ScalarLimitTest {
    private static final Fn N = new Fn.Width();
    /** A moment whose limit is 0.37, and one whose limit is 0. */
    private static final Fn M = new Fn.Ref(0, Fn.Kind.SCALAR);
    private static final Fn M0 = new Fn.Ref(1, Fn.Kind.SCALAR);
    private static final double MU = 0.37;
    private static final IntFunction<ScalarLimit.Series> REFS =
            id -> ScalarLimit.Series.moment(id == 0 ? MU : 0);

    private static ScalarLimit.Series series(Fn f) {
        return ScalarLimit.series(f, REFS);
    }

    private static double limit(Fn f) {
        return ScalarLimit.limit(f, REFS);
    }

    private static Fn f(Op op, Fn... a) {
        return Fns.apply(op, a);
    }

    private static String refused(Fn f) {
        return assertThrows(ScalarLimit.NoLimit.class, () -> limit(f), Fns.show(f, id -> "m" + id)).getMessage();
    }

    /** The truncated series of an exact expression, summed at n, against the expression evaluated at n. */
    private static void seriesMatches(Fn f, DoubleUnaryOperator exact) {
        ScalarLimit.Series s = series(f);
        for (double n : new double[] {1e3, 1e4}) {
            double sum = 0;
            for (Map.Entry<Double, Double> t : s.terms().entrySet()) sum += t.getValue() * Math.pow(n, t.getKey());
            double e = exact.applyAsDouble(n);
            assertEquals(e, sum, 4 * Math.ulp(Math.max(1, Math.abs(e))) + Math.pow(n, s.noise()),
                    Fns.show(f, id -> "m") + " at n = " + n + ": " + s);
        }
    }

    @Test
    void ratioOfPolynomials() {
        Fn f = div(N, add(N, c(1)));
        assertEquals(1, limit(f), 0);
        ScalarLimit.Series s = series(f);
        assertEquals(-1, s.at(-1), 0);
        assertEquals(1, s.at(-2), 0);
        assertEquals(-1, s.at(-3), 0);
        seriesMatches(f, n -> n / (n + 1));

        Fn g = div(add(mul(c(2), N), c(1)), N);
        assertEquals(2, limit(g), 0);
        assertEquals(1, series(g).at(-1), 0);
        seriesMatches(g, n -> (2 * n + 1) / n);

        Fn h = mul(f(Op.POW, add(N, c(1)), c(-1)), N);
        assertEquals(1, limit(h), 0);
        seriesMatches(h, n -> n / (n + 1));
        assertEquals(0, limit(div(c(1), N)), 0);
        assertEquals(0.5, limit(div(add(N, c(3)), add(mul(c(2), N), c(-7)))), 1e-15);
    }

    @Test
    void squareRootsByTheBinomialSeries() {
        // √(n² + n) − n = 1/2 − 1/(8n) + 1/(16n²) − 5/(128n³) + …
        Fn f = sub(f(Op.SQRT, add(mul(N, N), N)), N);
        assertEquals(0.5, limit(f), 1e-15);
        ScalarLimit.Series s = series(f);
        assertEquals(-1.0 / 8, s.at(-1), 1e-15);
        assertEquals(1.0 / 16, s.at(-2), 1e-15);
        assertEquals(-5.0 / 128, s.at(-3), 1e-15);
        seriesMatches(f, n -> n / (Math.sqrt(n * n + n) + n));

        // the same through pow(·, 0.5)
        Fn g = mul(N, sub(f(Op.POW, add(c(1), div(c(1), N)), c(0.5)), c(1)));
        assertEquals(0.5, limit(g), 1e-15);
        seriesMatches(g, n -> 1 / (Math.sqrt(1 + 1 / n) + 1));
        Fn h = div(f(Op.SQRT, add(N, c(5))), f(Op.POW, N, c(0.5)));
        assertEquals(1, limit(h), 1e-15);
        seriesMatches(h, n -> Math.sqrt(1 + 5 / n));
    }

    @Test
    void smoothFunctionsOfSeriesKeepTheirExpansion() {
        Fn inverse = div(c(1), N);
        Fn g = mul(N, sub(f(Op.SQRT, add(c(1), inverse)), c(1)));
        assertEquals(0.5, limit(g), 1e-15);
        seriesMatches(g, n -> 1 / (Math.sqrt(1 + 1 / n) + 1));
        assertEquals(1, limit(mul(N, f(Op.LOG, add(c(1), inverse)))), 1e-15);
        assertEquals(1, limit(mul(N, sub(f(Op.EXP, inverse), c(1)))), 1e-15);
        assertEquals(1, limit(mul(N, f(Op.SIN, inverse))), 1e-15);
        assertEquals(1, limit(mul(N, f(Op.TANH, inverse))), 1e-15);
        assertEquals(-0.5, limit(mul(mul(N, N), sub(f(Op.COS, inverse), c(1)))), 1e-15);
    }

    @Test
    void momentsFluctuateLikeInverseSquareRootOfN() {
        assertEquals(0, limit(mul(f(Op.POW, N, c(-0.5)), M)), 0);
        assertEquals(MU * MU, limit(mul(M, M)), 1e-16);
        assertEquals(Math.sqrt(MU), limit(f(Op.SQRT, M)), 1e-16);
        assertEquals(Math.pow(2, MU), limit(f(Op.POW, c(2), M)), 1e-15);
        assertEquals(-0.5, series(M).noise(), 0);
    }

    @Test
    void rootNTimesAMomentHasARandomLimitInEitherOrder() {
        for (Fn root : new Fn[] {f(Op.SQRT, N), f(Op.POW, N, c(0.5))}) {
            // a centred moment: √n m is O(1) and random
            assertTrue(refused(mul(root, M0)).contains("random"));
            assertTrue(refused(mul(M0, root)).contains("random"));
            assertTrue(refused(div(M0, div(c(1), root))).contains("random"));
            assertTrue(refused(mul(root, sub(M, c(MU)))).contains("random"));
            // a moment with a non-zero limit: √n m grows
            assertTrue(refused(mul(root, M)).contains("grows like n^0.5"));
            assertTrue(refused(mul(M, root)).contains("grows like n^0.5"));
        }
        // n^{1/4} m → 0 in probability; n m0 grows like √n times a random value
        assertEquals(0, limit(mul(f(Op.POW, N, c(0.25)), M0)), 0);
        assertTrue(refused(mul(N, M0)).contains("random"));
    }

    @Test
    void exactFactorsInEitherOrder() {
        Fn ratio = div(add(mul(c(2), N), c(1)), N);
        assertEquals(2 * MU, limit(mul(M, ratio)), 1e-15);
        assertEquals(2 * MU, limit(mul(ratio, M)), 1e-15);
        assertEquals(2 * MU, limit(div(mul(M, add(mul(c(2), N), c(1))), N)), 1e-15);
        assertTrue(series(mul(ratio, M)).noise() < 0);
    }

    @Test
    void growingTermsAreRefused() {
        assertTrue(refused(mul(N, M)).contains("grows like n^1"));
        assertTrue(refused(N).contains("grows like n^1"));
        assertTrue(refused(f(Op.SQRT, N)).contains("grows like n^0.5"));
        refused(f(Op.EXP, N));
        refused(f(Op.LOG, N));
        refused(f(Op.SIN, N));
        refused(div(c(1), sub(N, N)));
        refused(div(c(1), M0));
        refused(f(Op.POW, N, M));
        refused(f(Op.POW, c(2), N));
    }

    @Test
    void functionsAtInfinity() {
        assertEquals(1, limit(f(Op.TANH, N)), 0);
        assertEquals(-1, limit(f(Op.TANH, mul(c(-3), N))), 0);
        assertEquals(0, limit(f(Op.EXP, f(Op.NEG, N))), 0);
        assertEquals(0, limit(f(Op.RELU, sub(c(1), N))), 0);
        assertEquals(1, limit(div(f(Op.RELU, N), N)), 0);
        assertEquals(1, limit(div(f(Op.ABS, mul(c(-1), N)), N)), 0);
        assertEquals(1, limit(f(Op.ERF, N)), 0);
        assertEquals(0, limit(f(Op.SIGMOID, f(Op.NEG, N))), 0);
        assertEquals(Math.sqrt(2), limit(div(f(Op.SQRT, mul(c(2), N)), f(Op.SQRT, N))), 1e-15);
        assertEquals(Math.tanh(MU), limit(f(Op.TANH, add(M, div(c(1), N)))), 1e-16);
    }

    @Test
    void jumpsDecidedByTheSideOfApproach() {
        assertEquals(1, limit(f(Op.STEP, div(c(1), N))), 0);
        assertEquals(0, limit(f(Op.STEP, div(c(-1), N))), 0);
        assertEquals(-1, limit(f(Op.SIGN, div(c(-1), N))), 0);
        assertEquals(1, limit(f(Op.STEP, M)), 0);
        assertEquals(1, limit(f(Op.STEP, add(M0, c(0.5)))), 0);
        assertTrue(refused(f(Op.STEP, M0)).contains("jumps"));
        refused(f(Op.SIGN, M0));
        // a moment plus 1/n: the fluctuation n^-1/2 dominates the drift
        refused(f(Op.STEP, add(M0, div(c(1), N))));
        assertTrue(refused(f(Op.LOG, div(c(1), N))).contains("singular"));
        assertEquals(0, limit(f(Op.SQRT, div(c(1), N))), 0);
        assertEquals(0, limit(f(Op.RELU, M0)), 0);
    }

    @Test
    void minAndMaxOfSeries() {
        Fn below = div(N, add(N, c(1)));
        assertEquals(1, limit(f(Op.MIN, below, c(1))), 0);
        assertEquals(-1, series(f(Op.MIN, below, c(1))).at(-1), 0);
        assertEquals(0, series(f(Op.MAX, below, c(1))).at(-1), 0);
        Fn up = add(c(1), div(c(1), N));
        Fn down = sub(c(1), div(c(1), N));
        assertEquals(1, series(f(Op.MAX, up, down)).at(-1), 0);
        assertEquals(-1, series(f(Op.MIN, up, down)).at(-1), 0);
        assertEquals(2, limit(f(Op.MAX, M, c(2))), 0);
        assertEquals(MU, limit(f(Op.MIN, M, c(2))), 1e-16);
        // the same limit known only up to fluctuations: either one
        assertEquals(MU, limit(f(Op.MAX, M, c(MU))), 1e-16);
        refused(f(Op.MAX, N, c(1)));
        assertEquals(1, limit(f(Op.MIN, N, c(1))), 0);
    }

    @Test
    void extremeEigenvaluesOfAGramMatrix() {
        Fn[] gram = {div(N, add(N, c(1))), M, M, c(2)};
        double a = 1;
        double b = MU;
        double d = 2;
        double mid = (a + d) / 2;
        double rad = Math.sqrt((a - d) * (a - d) / 4 + b * b);
        assertEquals(mid - rad, limit(f(Op.MINEIG, gram)), 1e-15);
        assertEquals(mid + rad, limit(f(Op.MAXEIG, gram)), 1e-15);
        refused(f(Op.MAXEIG, N, c(0), c(0), c(1)));
    }

    /**
     * A probe's limit with one input moved, read directly for a plain function, against the
     * general path: the same bits, a −0 included, and the general path where the moved value is
     * not finite (or the function not plain).
     */
    @Test
    void shiftedLimitsAgreeWithTheGeneralPath() {
        Fn m2 = new Fn.Ref(2, Fn.Kind.SCALAR);
        IntFunction<ScalarLimit.Series> refs = id -> id == 2 ? ScalarLimit.Series.exact(-1.5) : REFS.apply(id);
        Fn[] fns = {add(M, mul(c(2), mul(M0, m2))), mul(M, m2), f(Op.NEG, mul(M0, m2)), div(c(1), add(M, c(-MU))),
            f(Op.SQRT, sub(M, c(MU))), add(f(Op.RELU, M), N), f(Op.LOG, M), f(Op.STEP, m2)};
        double[] moves = {0, 1e-6, -MU, 1.5, -1e-300, 3.25};
        for (Fn f : fns) {
            int[] ids = f.refIds();
            boolean plain = ScalarLimit.plain(f, ids, refs) != null;
            for (int id : ids) {
                for (double d : moves) {
                    IntFunction<ScalarLimit.Series> moved = k -> k == id ? refs.apply(k).shift(d) : refs.apply(k);
                    String what = Fns.show(f, k -> "m" + k) + " with m" + id + " moved by " + d;
                    Double general;
                    try {
                        general = ScalarLimit.limit(ScalarLimit.series(f, ids, moved));
                    } catch (ScalarLimit.NoLimit e) {
                        assertThrows(ScalarLimit.NoLimit.class, () -> ScalarLimit.shifted(f, ids, refs, plain, id, d), what);
                        continue;
                    }
                    assertEquals(Double.doubleToRawLongBits(general),
                            Double.doubleToRawLongBits(ScalarLimit.shifted(f, ids, refs, plain, id, d)), what);
                }
            }
        }
    }
}
