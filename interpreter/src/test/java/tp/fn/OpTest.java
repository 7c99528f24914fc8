package tp.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tp.testing.Reference;

/**
 * Every row of the function table against independent formulas and quadrature: values,
 * symbolic derivatives, Gaussian closed forms (alone and in pairs), asymptotes, ranges, breaks,
 * zeros, domains and growth.
 */
class OpTest {
    private static final Fn X = new Fn.Ref(0, Fn.Kind.SCALAR);
    private static final Fn Y = new Fn.Ref(1, Fn.Kind.SCALAR);
    private static final double[] AT0 = {0};
    private static final double[] NO_BREAKS = {};

    private static final double[] POINTS = {-7.3, -3.1, -1.7, -0.6, -1e-3, 0, 2e-3, 0.45, 1.2, 2.9, 6.4};
    private static final double[][] PAIRS = {{1.3, -0.7}, {-2.1, 0.4}, {0.8, 3.3}, {-0.25, -0.25}, {5.5, 2}, {0, 1.5}};

    private static List<Op> unary() {
        List<Op> out = new ArrayList<>();
        for (Op op : Op.values()) if (op.arity() == 1) out.add(op);
        return out;
    }

    // ---------------------------------------------------------------- independent formulas

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Σ x^k / k!, for |x| ≤ 8 (through 1/e^{-x} for x < 0, without cancellation). */
    private static double expSeries(double x) {
        if (x < 0) return 1 / expSeries(-x);
        Reference.Sum s = new Reference.Sum();
        double term = 1;
        for (int k = 0; k < 80; k++) {
            s.add(term);
            term *= x / (k + 1);
        }
        return s.value();
    }

    /** sin or cos by Taylor series after reducing x to [−π, π]. */
    private static double trigSeries(double x, boolean sine) {
        x -= 6.283185307179586477 * Math.rint(x / 6.283185307179586477);
        Reference.Sum s = new Reference.Sum();
        double term = sine ? x : 1;
        for (int k = sine ? 1 : 0; k < 80; k += 2) {
            s.add(term);
            term *= -x * x / ((k + 1) * (k + 2));
        }
        return s.value();
    }

    /** ln x = 2 artanh((x−1)/(x+1)) by its series. */
    private static double logSeries(double x) {
        if (x < 0 || Double.isNaN(x)) return Double.NaN;
        if (x == 0) return Double.NEGATIVE_INFINITY;
        double y = (x - 1) / (x + 1);
        Reference.Sum s = new Reference.Sum();
        double p = y;
        for (int k = 0; k < 20000 && Math.abs(p) > 1e-300; k++) {
            s.add(p / (2 * k + 1));
            p *= y * y;
        }
        return 2 * s.value();
    }

    private static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return Math.copySign((1 - e) / (1 + e), x);
    }

    /** a^b: by repeated multiplication for integer b, through exp and log for a > 0. */
    private static double power(double a, double b) {
        if (b == Math.rint(b) && Math.abs(b) <= 20) {
            double r = 1;
            for (int i = 0; i < Math.abs(b); i++) r *= a;
            return b < 0 ? 1 / r : r;
        }
        if (a < 0) return Double.NaN;
        return Math.exp(b * logSeries(a));
    }

    /** The value of a row, from formulas that share no code with it. */
    static double reference(Op op, double a, double b) {
        double x = a;
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return power(a, b);
            case NEG: return -x;
            case MIN: return a <= b ? a : b;
            case MAX: return a >= b ? a : b;
            case ID: return x;
            case RELU: return (x + Math.abs(x)) / 2;
            case STEP: return x == 0 ? 0 : (1 + Math.signum(x)) / 2;
            case SIGN: return Math.signum(x);
            case ABS: return Math.hypot(x, 0);
            case TANH: return tanh(x);
            case SIGMOID: return sigmoid(x);
            case ERF: return Reference.erf(x);
            case GELU: return x * Reference.normalCdf(x);
            case SILU: return x * sigmoid(x);
            case SOFTPLUS: return logSeries(1 + expSeries(x));
            case EXP: return expSeries(x);
            case LOG: return logSeries(x);
            case SQRT: return x < 0 ? Double.NaN : Math.pow(x, 0.5);
            case SIN: return trigSeries(x, true);
            case COS: return trigSeries(x, false);
            case DTANH: {
                double ch = (Math.exp(x) + Math.exp(-x)) / 2;
                return 1 / (ch * ch);
            }
            case DSIGMOID: return Math.exp(-x) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x)));
            case DERF: return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
            case DGELU: return Reference.normalCdf(x) + x * Reference.phi(x);
            case DSILU: return sigmoid(x) * (1 + x * (1 - sigmoid(x)));
            case NPDF: return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            case NCDF: return Reference.normalCdf(x);
            default: return fail("no independent formula for " + op);
        }
    }

    private static void close(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)), what);
    }

    // ---------------------------------------------------------------- apply

    @Test
    void everyRowHasAnIndependentCheck() {
        for (Op op : Op.values()) {
            if (op == Op.MINEIG || op == Op.MAXEIG) continue;
            double v = op.arity() == 1 ? reference(op, 0.3, Double.NaN) : reference(op, 0.3, 1.7);
            assertFalse(Double.isNaN(v), op.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void applyMatchesAnIndependentFormula(Op op) {
        if (op.arity() == 1) {
            for (double x : POINTS) close(reference(op, x, Double.NaN), op.apply(x), 4e-15, op + "(" + x + ")");
            for (double x : POINTS) close(reference(op, x, Double.NaN), op.apply(new double[] {x}), 4e-15, op + "[" + x + "]");
        } else {
            for (double[] p : PAIRS) close(reference(op, p[0], p[1]), op.apply(p[0], p[1]), 4e-15, op + "(" + p[0] + ", " + p[1] + ")");
            if (op == Op.POW) {
                double[][] more = {{2.3, 0.5}, {0.2, 1}, {-1.7, 3}, {-2.5, 2}, {-2.5, -1}, {3.1, -0.5}, {-4, 0.5}, {0, -1}, {7, 0}};
                for (double[] p : more) close(reference(op, p[0], p[1]), op.apply(p[0], p[1]), 4e-15, "pow" + p[0] + ", " + p[1]);
            }
        }
    }

    @Test
    void conventionsAtTheBreak() {
        assertEquals(0, Op.STEP.apply(0));
        assertEquals(0, Op.SIGN.apply(0));
        assertEquals(0, Op.RELU.apply(0));
        assertEquals(Double.NEGATIVE_INFINITY, Op.LOG.apply(0));
        assertEquals(0, Op.SQRT.apply(0));
        assertTrue(Double.isNaN(Op.SQRT.apply(-1e-300)));
        assertTrue(Double.isNaN(Op.LOG.apply(-1e-300)));
    }

    @Test
    void largeArgumentsStayFinite() {
        assertEquals(800, Op.SOFTPLUS.apply(800), 0);
        assertEquals(Math.exp(-800), Op.SOFTPLUS.apply(-800), 0);
        assertEquals(1, Op.SIGMOID.apply(800), 0);
        assertEquals(0, Op.SIGMOID.apply(-800), 0);
        assertEquals(-800 * Math.exp(-800), Op.SILU.apply(-800), 1e-320);
        assertEquals(1, Op.DGELU.apply(40), 0);
        assertEquals(0, Op.DGELU.apply(-40), 0);
        assertEquals(0, Op.DSIGMOID.apply(-800), 0);
        assertEquals(0, Op.DTANH.apply(400), 0);
        assertEquals(1, Op.NCDF.apply(40), 0);
        // Φ through erfc: relative accuracy in the lower tail (Φ(−20) = 2.75362411860623369508e-89)
        assertEquals(2.7536241186062337e-89, Op.NCDF.apply(-20), 2e-14 * 2.75e-89);
    }

    @Test
    void extremeEigenvaluesOfSymmetricMatrices() {
        double a = 1.3;
        double b = -0.4;
        double d = 0.2;
        double[] m2 = {a, b, b, d};
        double mid = (a + d) / 2;
        double rad = Math.sqrt((a - d) * (a - d) / 4 + b * b);
        assertEquals(mid - rad, Op.MINEIG.apply(m2), 1e-15);
        assertEquals(mid + rad, Op.MAXEIG.apply(m2), 1e-15);
        // tridiag(1, 2, 1): eigenvalues 2 − √2, 2, 2 + √2
        double[] m3 = {2, 1, 0, 1, 2, 1, 0, 1, 2};
        assertEquals(2 - Math.sqrt(2), Op.MINEIG.apply(m3), 1e-15);
        assertEquals(2 + Math.sqrt(2), Op.MAXEIG.apply(m3), 1e-15);
        assertEquals(-3, Op.MINEIG.apply(new double[] {-3}), 0);
        assertTrue(Double.isNaN(Op.MAXEIG.apply(new double[] {1, Double.NaN, Double.NaN, 1})));
        assertThrows(IllegalArgumentException.class, () -> Op.MAXEIG.apply(new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Fns.partial(Op.MINEIG, List.of(X), 0));
    }

    @Test
    void namesUsersCall() {
        for (Op op : Op.values()) {
            if (op.callable()) assertSame(op, Op.byName(op.symbol()));
            else assertTrue(Op.byName(op.symbol()) != op);
        }
        assertEquals(null, Op.byName("tanh'"));
        assertTrue(Op.callableNames().containsAll(List.of("relu", "step", "erf", "exp", "log", "sqrt", "min", "max", "pow")));
    }

    // ---------------------------------------------------------------- partial derivatives

    /** Fourth-order central difference. */
    private static double difference(java.util.function.DoubleUnaryOperator f, double x) {
        double h = 1e-3 * Math.max(1, Math.abs(x));
        return (-f.applyAsDouble(x + 2 * h) + 8 * f.applyAsDouble(x + h) - 8 * f.applyAsDouble(x - h) + f.applyAsDouble(x - 2 * h)) / (12 * h);
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void partialMatchesAFiniteDifference(Op op) {
        if (op.arity() == 1) {
            Fn d = Fns.partial(op, List.of(X), 0);
            int checked = 0;
            for (double x : new double[] {-3.3, -1.4, -0.37, 0.21, 0.8, 1.9, 4.2}) {
                if (x <= op.domainLow()) continue;
                double[] at = {x};
                double expected = difference(op::apply, x);
                double actual = Fns.eval(d, id -> at[id], Double.NaN);
                assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), op + "'(" + x + ")");
                checked++;
            }
            assertTrue(checked >= 3);
            return;
        }
        double[][] points = op == Op.POW
                ? new double[][] {{1.3, 2.5}, {0.7, -1.5}, {2.2, 3}, {1.5, 0.5}, {0.4, 0.3}, {-1.7, 3}, {-0.6, -2}}
                : new double[][] {{1.3, -0.7}, {-2.1, 0.4}, {0.8, 3.3}, {-0.9, -1.6}};
        for (double[] p : points) {
            for (int i = 0; i < 2; i++) {
                if (op == Op.POW && i == 1 && p[0] <= 0) continue;
                int k = i;
                Fn d = Fns.partial(op, List.of(X, Y), i);
                double expected = difference(t -> k == 0 ? op.apply(t, p[1]) : op.apply(p[0], t), p[i]);
                double actual = Fns.eval(d, id -> p[id], Double.NaN);
                assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), op + " ∂" + i + " at " + p[0] + ", " + p[1]);
            }
        }
    }

    @Test
    void derivativeThroughTheChainRule() {
        // d/dx tanh(x² + 1) = 2x (1 − tanh²(x² + 1))
        Fn x = new Fn.Ref(3, Fn.Kind.VECTOR);
        Fn f = Fns.apply(Op.TANH, Fns.add(Fns.mul(x, x), Fns.ONE));
        Fn d = Fns.derivative(f, 3);
        for (double v : new double[] {-1.2, 0.3, 0.9}) {
            double t = tanh(v * v + 1);
            assertEquals(2 * v * (1 - t * t), Fns.eval(d, id -> v, Double.NaN), 1e-15);
        }
        assertEquals(Fns.ZERO, Fns.derivative(f, 4));
    }

    // ---------------------------------------------------------------- E φ(u), u ~ N(m, q)

    /** Rows with a closed form for E φ(u); every other row says NaN. */
    private static final Set<Op> WITH_MEAN = EnumSet.of(Op.NEG, Op.ID, Op.RELU, Op.STEP, Op.SIGN, Op.ABS, Op.ERF,
            Op.GELU, Op.EXP, Op.SIN, Op.COS, Op.DERF, Op.NPDF, Op.NCDF);

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void meanClosedFormsAgainstQuadrature(Op op) {
        if (op.arity() != 1) {
            assertTrue(Double.isNaN(op.mean(0.3, 1)), op.toString());
            return;
        }
        if (!WITH_MEAN.contains(op)) {
            assertTrue(Double.isNaN(op.mean(0.3, 1)), op + " has a closed form: add it to WITH_MEAN and test it");
            return;
        }
        for (double m : new double[] {0, 0.7, -1.3, 2.5}) {
            for (double q : new double[] {0.01, 0.5, 1, 3.7}) {
                double expected = Reference.gauss(op::apply, m, q, AT0, 0);
                assertEquals(expected, op.mean(m, q), 3e-15 * Math.max(1, Math.abs(expected)), op + " m=" + m + " q=" + q);
                assertEquals(op.mean(m, q), Op.gaussianMean(op, m, q), 0);
            }
            assertEquals(op.apply(m), Op.gaussianMean(op, m, 0), 0, op + " with q = 0");
        }
    }

    // ---------------------------------------------------------------- E f(u) g(v)

    private static final double[] RHOS = {-1, -0.9999, -0.7, 0, 0.3, 0.95, 0.9999, 1};
    private static final double[][] VARIANCES = {{1, 1}, {0.5, 2.3}, {3.1, 0.2}};

    private static void pairAgainstQuadrature(Op f, Op g, double m1, double m2, double tol) {
        for (double[] q : VARIANCES) {
            for (double rho : RHOS) {
                // ρ = ±1 exactly only where the doubles say so: c² = q1 q2 with q1 = q2 and c = ±q1 (for
                // other variances the rounded √(q1 q2) makes |ρ| fall short of 1 by an ulp, and a
                // closed form with a square-root edge there, as step·step, is then 1e-10 away, rightly)
                double q2 = Math.abs(rho) == 1 ? q[0] : q[1];
                double c = Math.abs(rho) == 1 ? rho * q[0] : rho * Math.sqrt(q[0] * q2);
                double[] fb = f.shape() == Op.Shape.SMOOTH ? NO_BREAKS : AT0;
                double[] gb = g.shape() == Op.Shape.SMOOTH ? NO_BREAKS : AT0;
                double expected = Reference.gaussPair(f::apply, g::apply, m1, m2, q[0], q2, c, fb, gb);
                double actual = Op.gaussianPair(f, g, m1, m2, q[0], q2, c);
                assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)),
                        f + "·" + g + " m=(" + m1 + ", " + m2 + ") q=(" + q[0] + ", " + q2 + ") rho=" + rho);
            }
        }
    }

    @Test
    void reluRelu() {
        pairAgainstQuadrature(Op.RELU, Op.RELU, 0, 0, 5e-15);
    }

    @Test
    void reluStepBothOrders() {
        pairAgainstQuadrature(Op.RELU, Op.STEP, 0, 0, 5e-15);
        pairAgainstQuadrature(Op.STEP, Op.RELU, 0, 0, 5e-15);
    }

    @Test
    void stepStep() {
        pairAgainstQuadrature(Op.STEP, Op.STEP, 0, 0, 5e-15);
    }

    @Test
    void signSign() {
        pairAgainstQuadrature(Op.SIGN, Op.SIGN, 0, 0, 5e-15);
    }

    @Test
    void erfErf() {
        pairAgainstQuadrature(Op.ERF, Op.ERF, 0, 0, 5e-15);
    }

    @Test
    void erfPrimeErfPrime() {
        pairAgainstQuadrature(Op.DERF, Op.DERF, 0, 0, 5e-15);
    }

    @Test
    void trigonometricPairsWithAndWithoutMeans() {
        Op[] trig = {Op.SIN, Op.COS};
        for (Op f : trig) {
            for (Op g : trig) {
                pairAgainstQuadrature(f, g, 0, 0, 5e-15);
                pairAgainstQuadrature(f, g, 2.9, -1.1, 5e-15);
            }
        }
    }

    @Test
    void expExpWithAndWithoutMeans() {
        pairAgainstQuadrature(Op.EXP, Op.EXP, 0, 0, 5e-15);
        pairAgainstQuadrature(Op.EXP, Op.EXP, 0.4, -1.1, 5e-15);
    }

    @Test
    void pairsWithoutAClosedFormAreNaN() {
        // closed forms that hold only for centred arguments refuse means
        for (Op[] fg : new Op[][] {{Op.RELU, Op.RELU}, {Op.RELU, Op.STEP}, {Op.STEP, Op.STEP}, {Op.SIGN, Op.SIGN},
                {Op.ERF, Op.ERF}, {Op.DERF, Op.DERF}}) {
            assertTrue(Double.isNaN(Op.gaussianPair(fg[0], fg[1], 0.2, 0, 1, 1, 0.3)), fg[0] + "·" + fg[1]);
            assertTrue(Double.isNaN(Op.gaussianPair(fg[0], fg[1], 0, -0.2, 1, 1, 0.3)), fg[0] + "·" + fg[1]);
        }
        for (Op[] fg : new Op[][] {{Op.RELU, Op.TANH}, {Op.STEP, Op.SIGN}, {Op.EXP, Op.SIN}, {Op.ERF, Op.DERF}, {Op.ABS, Op.ABS}}) {
            assertTrue(Double.isNaN(Op.gaussianPair(fg[0], fg[1], 0, 0, 1, 1, 0.3)), fg[0] + "·" + fg[1]);
        }
    }

    @Test
    void pairsWithAConstantArgument() {
        double expected = Op.RELU.apply(0.5) * Reference.gauss(Op.ERF::apply, -0.3, 1.4);
        assertEquals(expected, Op.gaussianPair(Op.RELU, Op.ERF, 0.5, -0.3, 0, 1.4, 0), 5e-15);
        expected = Op.TANH.apply(-0.8) * Reference.gauss(Op.STEP::apply, 0.6, 2.0, AT0, 0);
        assertEquals(expected, Op.gaussianPair(Op.STEP, Op.TANH, 0.6, -0.8, 2.0, 0, 0), 5e-15);
        assertEquals(Op.SIN.apply(0.4) * Op.COS.apply(0.9), Op.gaussianPair(Op.SIN, Op.COS, 0.4, 0.9, 0, 0, 0), 0);
    }

    // ---------------------------------------------------------------- asymptotes

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void atInfinityMatchesTheValuesAtHugeArguments(Op op) {
        if (op.arity() != 1) {
            assertEquals("none", op.atInfinity(1).kind());
            return;
        }
        for (int sign : new int[] {1, -1}) {
            Op.Asymptote a = op.atInfinity(sign);
            String what = op + " at " + sign + "∞";
            double[] xs = {sign * 1e4, sign * 1e6, sign * 1e9};
            switch (a.kind()) {
                case "constant":
                    for (double x : xs) assertEquals(a.value(), op.apply(x), 1e-12, what);
                    break;
                case "same":
                    for (double x : xs) assertEquals(a.value(), op.apply(x) / x, 1e-12, what);
                    break;
                case "power":
                    for (double x : xs) assertEquals(1, op.apply(x) / Math.pow(Math.abs(x), a.value()), 1e-12, what);
                    break;
                case "none": {
                    assertNotNull(a.reason(), what);
                    // no limit: unbounded, undefined, or still moving by O(1) at huge arguments
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    boolean undefined = false;
                    for (double x = sign * 1e6; Math.abs(x) < 1e6 + 20; x += sign * 0.37) {
                        double v = op.apply(x);
                        undefined |= !Double.isFinite(v);
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                    double far = op.apply(sign * 1e12);
                    assertTrue(undefined || hi - lo > 1 || Math.abs(far - op.apply(sign * 1e6)) > 1, what + ": it has a limit");
                    break;
                }
                default:
                    fail(what + ": unknown kind " + a.kind());
            }
        }
    }

    // ---------------------------------------------------------------- ranges

    private static final Interval[] INTERVALS = {
        Interval.ALL, new Interval(-3, -1), new Interval(-1, 2), new Interval(0, 5), new Interval(2, 100),
        new Interval(-100, -50), new Interval(Double.NEGATIVE_INFINITY, 0), new Interval(0, Double.POSITIVE_INFINITY),
        new Interval(Double.NEGATIVE_INFINITY, -2), new Interval(0.5, Double.POSITIVE_INFINITY), Interval.point(0),
        Interval.point(-1.5), Interval.point(0.75), new Interval(-1.6, -1.2), new Interval(-2.6, -2.2), new Interval(1.2, 1.6)};

    /** Points of an interval: a grid over the finite part, geometric towards infinite ends. */
    private static double[] samples(Interval i, int n) {
        return samples(i, n, 7);
    }

    private static double[] samples(Interval i, int n, int decades) {
        List<Double> out = new ArrayList<>();
        double lo = Double.isInfinite(i.lo()) ? Math.min(-50, i.hi() - 50) : i.lo();
        double hi = Double.isInfinite(i.hi()) ? Math.max(50, i.lo() + 50) : i.hi();
        for (int k = 0; k <= n; k++) out.add(lo + (hi - lo) * k / n);
        for (double e = 1; e <= 300; e += decades) {
            if (Double.isInfinite(i.lo())) out.add(Math.min(i.hi(), 0) - Math.pow(10, e));
            if (Double.isInfinite(i.hi())) out.add(Math.max(i.lo(), 0) + Math.pow(10, e));
        }
        out.add(-1.4142135623730951);
        out.add(1.4142135623730951);
        out.add(-0.7517916243);
        out.add(-1.2784645427);
        out.add(-2.3993572805);
        out.add(2.3993572805);
        out.removeIf(v -> !i.contains(v));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Contained, up to the rounding of the ends: the interval arithmetic rounds to nearest, not
     * outwards, so 5 × (1/−1.5) may be an ulp inside 5/−1.5.
     */
    private static boolean contains(Interval r, double v) {
        if (r.contains(v)) return true;
        return Double.isFinite(v) && r.lo() - 4 * Math.ulp(r.lo()) <= v && v <= r.hi() + 4 * Math.ulp(r.hi());
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG", "DGELU"}, mode = EnumSource.Mode.EXCLUDE)
    void rangeContainsEveryValue(Op op) {
        if (op.arity() == 1) {
            for (Interval i : INTERVALS) {
                Interval r = op.range(i);
                for (double x : samples(i, 400)) {
                    double v = op.apply(x);
                    if (!Double.isNaN(v) && !contains(r, v)) fail(op + " on " + i + " gives " + r + ", but " + op + "(" + x + ") = " + v);
                }
            }
            return;
        }
        Interval[] exponents = {Interval.point(2), Interval.point(3), Interval.point(0.5), Interval.point(-1),
            Interval.point(-2), Interval.point(1.5), Interval.point(0), Interval.point(-0.5), new Interval(1, 2)};
        for (Interval a : INTERVALS) {
            for (Interval b : op == Op.POW ? exponents : INTERVALS) {
                Interval r = op.range(a, b);
                for (double x : samples(a, 24, 37)) {
                    for (double y : samples(b, 24, 37)) {
                        double v = op.apply(x, y);
                        if (!Double.isNaN(v) && !contains(r, v)) {
                            fail(op + " on " + a + ", " + b + " gives " + r + ", but " + op + "(" + x + ", " + y + ") = " + v);
                        }
                    }
                }
            }
        }
    }

    @Test
    void dgeluRangeContainsItsMinimum() {
        double min = Reference.normalCdf(-Math.sqrt(2)) - Math.sqrt(2) * Reference.phi(Math.sqrt(2));
        assertEquals(-0.12890414518515479, min, 1e-16);
        assertTrue(Op.DGELU.range(Interval.ALL).contains(min), Op.DGELU.range(Interval.ALL).toString());
        assertTrue(Op.DGELU.range(Interval.ALL).contains(Op.DGELU.apply(-1.5)));
    }

    // ---------------------------------------------------------------- where rows are not smooth

    /** Not analytic somewhere on their domain: typed from the definitions, not read from the table. */
    private static final Set<String> NOT_SMOOTH = Set.of("/", "pow", "min", "max", "relu", "step", "sign", "abs", "log", "sqrt");

    @Test
    void breaksAreEmptyExactlyForTheSmoothRows() {
        Fn u = new Fn.Ref(0, Fn.Kind.VECTOR);
        Fn v = new Fn.Ref(1, Fn.Kind.VECTOR);
        Fn s = new Fn.Ref(2, Fn.Kind.SCALAR);
        for (Op op : Op.values()) {
            boolean smooth = !NOT_SMOOTH.contains(op.symbol());
            assertEquals(smooth, op.shape() == Op.Shape.SMOOTH, op.toString());
            assertEquals(op.symbol().equals("step") || op.symbol().equals("sign"), op.jumps(), op.toString());
            List<Fn> args = op.arity() == 1 ? List.of(u) : op == Op.POW ? List.of(u, Fns.c(0.5)) : List.of(u, v);
            List<Fn> b = op.breaks(args);
            assertEquals(smooth, b.isEmpty(), op + " breaks " + b);
            // scalar arguments are numbers in the limit: nothing to split at
            List<Fn> scalars = op.arity() == 1 ? List.of(s) : List.of(s, op == Op.POW ? Fns.c(0.5) : s);
            if (op.arity() >= 0) assertTrue(op.breaks(scalars).isEmpty(), op.toString());
        }
        // where they break: at the zero of their argument (or of a − b, of the denominator)
        assertEquals(List.of(u), Op.RELU.breaks(List.of(u)));
        assertEquals(List.of(v), Op.DIV.breaks(List.of(u, v)));
        assertTrue(Op.DIV.breaks(List.of(u, s)).isEmpty());
        assertEquals(List.of(Fns.sub(u, v)), Op.MAX.breaks(List.of(u, v)));
        assertEquals(List.of(u), Op.POW.breaks(List.of(u, Fns.c(-1))));
        assertTrue(Op.POW.breaks(List.of(u, Fns.c(3))).isEmpty(), "an integer power is smooth");
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void zerosAsClaimed(Op op) {
        if (op.arity() != 1) return;
        switch (op.zeros()) {
            case SIMPLE:
                assertEquals(0, op.apply(0), 0, op.toString());
                for (double x : POINTS) if (x > op.domainLow() && x != 0) assertTrue(op.apply(x) != 0, op + "(" + x + ")");
                // to first order (√ to order 1/2)
                double order = op == Op.SQRT ? 0.5 : 1;
                double ratio = Math.abs(op.apply(1e-6)) / Math.abs(op.apply(1e-7));
                assertEquals(Math.pow(10, order), ratio, 1e-4 * Math.pow(10, order), op.toString());
                break;
            case FLAT:
                for (double x = -5; x <= 0; x += 0.25) assertEquals(0, op.apply(x), 0, op + "(" + x + ")");
                assertTrue(op.apply(0.5) != 0);
                break;
            case POINT:
                assertEquals(0, op.apply(0), 0);
                for (double x : POINTS) if (x != 0) assertTrue(Math.abs(op.apply(x)) >= 1, op + "(" + x + ")");
                break;
            case NONE:
                break;
            default:
                fail();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void domainAsClaimed(Op op) {
        if (op.arity() != 1) return;
        double low = op.domainLow();
        for (double x : POINTS) {
            if (Math.abs(x) > 5) continue;
            double v = op.apply(x);
            if (x < low) assertTrue(Double.isNaN(v), op + "(" + x + ")");
            else if (x > low) assertTrue(Double.isFinite(v), op + "(" + x + ") = " + v);
        }
        if (low > Double.NEGATIVE_INFINITY) {
            assertEquals(op.domainOpen(), !Double.isFinite(op.apply(low)), op.toString());
        }
        assertEquals(Set.of(Op.LOG, Op.SQRT), Set.copyOf(unary().stream().filter(o -> o.domainLow() > Double.NEGATIVE_INFINITY).toList()));
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"MINEIG", "MAXEIG"}, mode = EnumSource.Mode.EXCLUDE)
    void growthAsClaimed(Op op) {
        if (op.arity() != 1) {
            assertEquals(Op.Growth.ARITHMETIC, op.growth());
            return;
        }
        Interval all = op.range(Interval.ALL);
        for (double t : samples(Interval.ALL, 2000)) {
            double v = Math.abs(op.apply(t));
            if (Double.isNaN(v)) continue;
            double a = Math.abs(t);
            boolean within;
            switch (op.growth()) {
                case BOUNDED: within = v <= Math.max(Math.abs(all.lo()), Math.abs(all.hi())); break;
                case LINEAR: within = v <= a + 1; break;
                case SQRT: within = v <= Math.sqrt(a); break;
                case LOGARITHMIC: within = t <= 0 || v <= a + 1 / a; break;
                case EXPONENTIAL: within = v <= Math.exp(a); break;
                default: within = fail(op + ": " + op.growth());
            }
            if (!within) fail(op + "(" + t + ") = " + v + " grows faster than " + op.growth());
        }
    }

    /** A function evaluated node by node (fixed arities without an array) gives what the op gives on an array of its arguments. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void evaluationAgreesWithTheArrayForm(Op op) {
        if (op.arity() != 1 && op.arity() != 2) return;
        double[] xs = {-2.5, -1, -0.0, 0, 0.3, 1, 4};
        for (double a : xs) {
            for (double b : xs) {
                double[] args = op.arity() == 1 ? new double[] {a} : new double[] {a, b};
                List<Fn> refs = new ArrayList<>();
                for (int i = 0; i < args.length; i++) refs.add(new Fn.Ref(i, Fn.Kind.SCALAR));
                double viaTree = Fns.eval(new Fn.Apply(op, refs), id -> args[id], Double.NaN);
                assertEquals(Double.doubleToRawLongBits(op.apply(args)), Double.doubleToRawLongBits(viaTree), op + " at " + a + ", " + b);
            }
        }
    }
}
