package tp.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** Interval arithmetic: every result contains every value of the operation on the operands. */
class IntervalTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Interval[] CASES = {
        new Interval(-3, -1), new Interval(-1, 2), new Interval(0, 5), new Interval(0.5, 4), new Interval(-2, 0),
        Interval.point(0), Interval.point(-1.5), new Interval(-INF, 0), new Interval(1, INF), Interval.ALL};

    private static double[] grid(Interval i) {
        double lo = Double.isInfinite(i.lo()) ? i.hi() - 1e6 : i.lo();
        double hi = Double.isInfinite(i.hi()) ? i.lo() + 1e6 : i.hi();
        if (Double.isInfinite(lo)) lo = -1e6;
        if (Double.isInfinite(hi)) hi = 1e6;
        double[] out = new double[41];
        for (int k = 0; k <= 40; k++) out[k] = lo + (hi - lo) * k / 40;
        return out;
    }

    @Test
    void enclosures() {
        for (Interval a : CASES) {
            for (double x : grid(a)) {
                assertTrue(a.negate().contains(-x));
                if (x != 0) assertTrue(a.reciprocal().contains(1 / x), "1/" + x + " in " + a.reciprocal());
                for (Interval b : CASES) {
                    Interval sum = a.plus(b);
                    Interval product = a.times(b);
                    for (double y : grid(b)) {
                        if (!sum.contains(x + y)) fail(a + " + " + b + " = " + sum + " ∌ " + (x + y));
                        if (!product.contains(x * y)) fail(a + " × " + b + " = " + product + " ∌ " + x * y);
                    }
                }
            }
        }
    }

    @Test
    void infiniteEnds() {
        assertEquals(Interval.ALL, new Interval(-INF, 0).plus(new Interval(1, INF)));
        // 0 × ∞ counts as 0: [0, 0] × anything is [0, 0]
        assertEquals(Interval.point(0), Interval.point(0).times(Interval.ALL));
        assertEquals(new Interval(0, INF), new Interval(0, 1).times(new Interval(0, INF)));
        assertEquals(new Interval(-INF, 0), new Interval(0, 2).times(new Interval(-INF, -1)));
    }

    @Test
    void powers() {
        assertEquals(new Interval(0, 9), new Interval(-3, 2).power(Interval.point(2)));
        assertEquals(new Interval(-27, 8), new Interval(-3, 2).power(Interval.point(3)));
        assertEquals(new Interval(1, 9), new Interval(-3, -1).power(Interval.point(2)));
        assertEquals(Interval.point(1), Interval.ALL.power(Interval.point(0)));
        assertEquals(new Interval(0.5, INF), new Interval(0, 4).power(Interval.point(-0.5)));
        assertEquals(new Interval(0, 2), new Interval(0, 4).power(Interval.point(0.5)));
        assertEquals(Interval.ALL, new Interval(-1, 4).power(Interval.point(0.5)));
        assertEquals(Interval.ALL, new Interval(1, 4).power(new Interval(1, 2)));
        assertEquals(new Interval(0.25, 1), new Interval(1, 2).power(Interval.point(-2)));
    }

    @Test
    void monotoneImages() {
        assertEquals(new Interval(0, 1), Interval.ALL.map(Op.STEP));
        assertEquals(new Interval(Math.tanh(-1), Math.tanh(2)), new Interval(-1, 2).map(Op.TANH));
        // outside the domain the end goes to −∞ (NaN below), or +∞ above
        assertEquals(new Interval(-INF, Math.log(3)), new Interval(-1, 3).map(Op.LOG));
        assertEquals(new Interval(-INF, INF), new Interval(-3, -1).map(Op.SQRT));
    }
}
