package tp.fn;

import static tp.fn.Fns.ONE;
import static tp.fn.Fns.ZERO;
import static tp.fn.Fns.add;
import static tp.fn.Fns.c;
import static tp.fn.Fns.div;
import static tp.fn.Fns.mul;
import static tp.fn.Fns.neg;
import static tp.fn.Fns.sub;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Erf;
import tp.numerics.Normal;
import tp.numerics.SymmetricEigen;

/**
 * The function table: every elementwise operation is one row that owns all the facts the
 * interpreter knows about it — its value, its derivative, where it is not smooth (a kink or a
 * jump at its argument's zero), its range, its growth, its Gaussian closed forms (alone and in
 * pairs), its behaviour at ±∞ (for limits in n) and whether the Master Theorem covers it.
 * Every backend and tier reads these rows; adding a function is adding a row.
 *
 * <p>User-facing names are the {@link #symbol()}s of the rows that are {@link #callable()};
 * derivative rows carry a prime ({@code tanh'}).
 */
public enum Op {
    ADD("+", 2, Shape.SMOOTH, Growth.ARITHMETIC, false) {
        @Override public double apply(double a, double b) { return a + b; }
        @Override Fn partial(List<Fn> a, int i) { return ONE; }
        @Override public Interval range(Interval... x) { return x[0].plus(x[1]); }
    },
    SUB("-", 2, Shape.SMOOTH, Growth.ARITHMETIC, false) {
        @Override public double apply(double a, double b) { return a - b; }
        @Override Fn partial(List<Fn> a, int i) { return i == 0 ? ONE : c(-1); }
        @Override public Interval range(Interval... x) { return x[0].plus(x[1].negate()); }
    },
    MUL("*", 2, Shape.SMOOTH, Growth.ARITHMETIC, false) {
        @Override public double apply(double a, double b) { return a * b; }
        @Override Fn partial(List<Fn> a, int i) { return a.get(1 - i); }
        @Override public Interval range(Interval... x) { return x[0].times(x[1]); }
    },
    /** a / b: a pole where b = 0. */
    DIV("/", 2, Shape.SINGULAR, Growth.ARITHMETIC, false) {
        @Override public double apply(double a, double b) { return a / b; }
        @Override Fn partial(List<Fn> a, int i) {
            return i == 0 ? div(ONE, a.get(1)) : neg(div(a.get(0), Fns.apply(POW, a.get(1), c(2))));
        }
        @Override public List<Fn> breaks(List<Fn> a) { return vectorOnly(a.get(1)); }
        @Override public Interval range(Interval... x) { return x[0].times(x[1].reciprocal()); }
        @Override public String uncovered(List<Fn> a) {
            return a.get(1).kind() == Fn.Kind.VECTOR ? "division by a vector is not polynomially bounded" : null;
        }
    },
    /** a^b; for a vector a, b is a number. Not smooth at a = 0 unless b is a non-negative integer. */
    POW("pow", 2, Shape.SINGULAR, Growth.ARITHMETIC, true) {
        @Override public double apply(double a, double b) {
            if (b == 2) return a * a;
            if (b == 1) return a;
            if (b == 3) return a * a * a;
            if (b == 0.5) return Math.sqrt(a);
            return Math.pow(a, b);
        }
        @Override Fn partial(List<Fn> a, int i) {
            Fn x = a.get(0);
            Fn p = a.get(1);
            if (i == 0) return mul(p, Fns.apply(POW, x, sub(p, ONE)));
            return mul(Fns.apply(POW, x, p), Fns.apply(LOG, x));
        }
        @Override public List<Fn> breaks(List<Fn> a) {
            return smoothPower(a.get(1)) ? List.of() : vectorOnly(a.get(0));
        }
        @Override public Interval range(Interval... x) { return x[0].power(x[1]); }
        @Override public String uncovered(List<Fn> a) {
            if (a.get(0).kind() != Fn.Kind.VECTOR || !(a.get(1) instanceof Fn.Const k) || k.value() >= 0) return null;
            return "a negative power of a vector is not polynomially bounded";
        }
    },
    NEG("neg", 1, Shape.SMOOTH, Growth.LINEAR, false) {
        @Override public double apply(double x) { return -x; }
        @Override Fn partial(List<Fn> a, int i) { return c(-1); }
        @Override public double mean(double m, double q) { return -m; }
        @Override public Interval range(Interval... x) { return x[0].negate(); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.same(-1); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    MIN("min", 2, Shape.KINK, Growth.ARITHMETIC, true) {
        @Override public double apply(double a, double b) { return Math.min(a, b); }
        // the two partials add up to 1 everywhere, ties (min(x, x)) included
        @Override Fn partial(List<Fn> a, int i) {
            Fn first = Fns.apply(STEP, sub(a.get(1), a.get(0)));
            return i == 0 ? first : sub(ONE, first);
        }
        @Override public List<Fn> breaks(List<Fn> a) { return vectorOnly(sub(a.get(0), a.get(1))); }
        @Override public Interval range(Interval... x) {
            return new Interval(Math.min(x[0].lo(), x[1].lo()), Math.min(x[0].hi(), x[1].hi()));
        }
    },
    MAX("max", 2, Shape.KINK, Growth.ARITHMETIC, true) {
        @Override public double apply(double a, double b) { return Math.max(a, b); }
        @Override Fn partial(List<Fn> a, int i) {
            Fn first = Fns.apply(STEP, sub(a.get(0), a.get(1)));
            return i == 0 ? first : sub(ONE, first);
        }
        @Override public List<Fn> breaks(List<Fn> a) { return vectorOnly(sub(a.get(0), a.get(1))); }
        @Override public Interval range(Interval... x) {
            return new Interval(Math.max(x[0].lo(), x[1].lo()), Math.max(x[0].hi(), x[1].hi()));
        }
    },
    ID("id", 1, Shape.SMOOTH, Growth.LINEAR, true) {
        @Override public double apply(double x) { return x; }
        @Override Fn partial(List<Fn> a, int i) { return ONE; }
        @Override public double mean(double m, double q) { return m; }
        @Override public Interval range(Interval... x) { return x[0]; }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.same(1); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    RELU("relu", 1, Shape.KINK, Growth.LINEAR, true) {
        @Override public double apply(double x) { return x > 0 ? x : 0; }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(STEP, a.get(0)); }
        @Override public double mean(double m, double q) {
            double s = Math.sqrt(q);
            return m * Normal.cdf(m / s) + s * Normal.pdf(m / s);
        }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            if (m1 != 0 || m2 != 0) return Double.NaN;
            if (g == RELU) return reluPair(q1, q2, c);
            if (g == STEP) return Math.sqrt(q1) * onePlusRho(q1, q2, c) / (2 * Math.sqrt(2 * Math.PI));
            return Double.NaN;
        }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return sign > 0 ? Asymptote.same(1) : Asymptote.constant(0); }
        @Override public Zeros zeros() { return Zeros.FLAT; }
    },
    STEP("step", 1, Shape.JUMP, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return x > 0 ? 1 : 0; }
        @Override Fn partial(List<Fn> a, int i) { return ZERO; }
        @Override public double mean(double m, double q) { return Normal.cdf(m / Math.sqrt(q)); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            if (m1 != 0 || m2 != 0 || g != STEP) return Double.NaN;
            // (π − arccos ρ) / 2π, the angle π − θ read as atan2(sin θ, −cos θ): exact to rounding as ρ → −1
            return Math.atan2(sinScaled(q1, q2, c), -c) / (2 * Math.PI);
        }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign > 0 ? 1 : 0); }
        @Override public Zeros zeros() { return Zeros.FLAT; }
    },
    SIGN("sign", 1, Shape.JUMP, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
        @Override Fn partial(List<Fn> a, int i) { return ZERO; }
        // 2Φ(t) − 1 as erf(t/√2): the difference lost every digit of a small t
        @Override public double mean(double m, double q) { return Erf.erf(m / Math.sqrt(2 * q)); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            if (m1 != 0 || m2 != 0 || g != SIGN) return Double.NaN;
            return 2 / Math.PI * Math.atan2(c, sinScaled(q1, q2, c));
        }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign); }
        @Override public Zeros zeros() { return Zeros.POINT; }
    },
    ABS("abs", 1, Shape.KINK, Growth.LINEAR, true) {
        @Override public double apply(double x) { return Math.abs(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(SIGN, a.get(0)); }
        @Override public double mean(double m, double q) {
            double s = Math.sqrt(q);
            return m * Erf.erf(m / (s * SQRT2)) + 2 * s * Normal.pdf(m / s);
        }
        @Override public Interval range(Interval... x) {
            Interval i = x[0];
            if (i.lo() >= 0) return i;
            if (i.hi() <= 0) return i.negate();
            return new Interval(0, Math.max(-i.lo(), i.hi()));
        }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.same(sign); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    TANH("tanh", 1, Shape.SMOOTH, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return Math.tanh(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(DTANH, a.get(0)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    SIGMOID("sigmoid", 1, Shape.SMOOTH, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return Normal.sigmoid(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(DSIGMOID, a.get(0)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign > 0 ? 1 : 0); }
    },
    ERF("erf", 1, Shape.SMOOTH, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return Erf.erf(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(DERF, a.get(0)); }
        @Override public double mean(double m, double q) { return Erf.erf(m / Math.sqrt(1 + 2 * q)); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            if (m1 != 0 || m2 != 0 || g != ERF) return Double.NaN;
            // (2/π) asin(2c / √((1+2q1)(1+2q2))) as (2/π) atan2(2c, √(1 + 2(q1+q2) + 4(q1 q2 − c²))): the
            // cosine's square has no cancellation, so large variances at ρ → 1 keep their digits
            double s = sinScaled(q1, q2, c);
            return 2 / Math.PI * Math.atan2(2 * c, Math.sqrt(1 + 2 * (q1 + q2) + 4 * s * s));
        }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    /** x Φ(x), the exact form. */
    GELU("gelu", 1, Shape.SMOOTH, Growth.LINEAR, true) {
        @Override public double apply(double x) { return x * Normal.cdf(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(DGELU, a.get(0)); }
        @Override public double mean(double m, double q) {
            double r = Math.sqrt(1 + q);
            return m * Normal.cdf(m / r) + q / r * Normal.pdf(m / r);
        }
        @Override public Interval range(Interval... x) { return new Interval(-0.17, Math.max(0, x[0].hi())); }
        @Override public Asymptote atInfinity(int sign) { return sign > 0 ? Asymptote.same(1) : Asymptote.constant(0); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    /** x · sigmoid(x). */
    SILU("silu", 1, Shape.SMOOTH, Growth.LINEAR, true) {
        @Override public double apply(double x) { return x * Normal.sigmoid(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(DSILU, a.get(0)); }
        @Override public Interval range(Interval... x) { return new Interval(-0.28, Math.max(0, x[0].hi())); }
        @Override public Asymptote atInfinity(int sign) { return sign > 0 ? Asymptote.same(1) : Asymptote.constant(0); }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
    },
    /** log(1 + eˣ). */
    SOFTPLUS("softplus", 1, Shape.SMOOTH, Growth.LINEAR, true) {
        @Override public double apply(double x) { return x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(SIGMOID, a.get(0)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return sign > 0 ? Asymptote.same(1) : Asymptote.constant(0); }
    },
    EXP("exp", 1, Shape.SMOOTH, Growth.EXPONENTIAL, true) {
        @Override public double apply(double x) { return Math.exp(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(EXP, a.get(0)); }
        @Override public double mean(double m, double q) { return Math.exp(m + q / 2); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            return g == EXP ? Math.exp(m1 + m2 + (q1 + q2 + 2 * c) / 2) : Double.NaN;
        }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) {
            return sign > 0 ? Asymptote.none("it grows exponentially") : Asymptote.constant(0);
        }
        @Override public String uncovered(List<Fn> a) {
            return a.get(0).kind() == Fn.Kind.VECTOR ? "`exp` of a vector is not polynomially bounded" : null;
        }
    },
    /** The natural logarithm: defined for x > 0, singular at 0. */
    LOG("log", 1, Shape.SINGULAR, Growth.LOGARITHMIC, true) {
        @Override public double apply(double x) { return Math.log(x); }
        @Override Fn partial(List<Fn> a, int i) { return div(ONE, a.get(0)); }
        @Override public List<Fn> breaks(List<Fn> a) { return vectorOnly(a.get(0)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public double domainLow() { return 0; }
        @Override public boolean domainOpen() { return true; }
        @Override public Asymptote atInfinity(int sign) {
            return sign > 0 ? Asymptote.none("it grows like log n") : Asymptote.none("the logarithm of a negative value");
        }
        @Override public String uncovered(List<Fn> a) {
            return a.get(0).kind() == Fn.Kind.VECTOR ? "`log` of a vector is singular at 0" : null;
        }
    },
    /** √x: defined for x ≥ 0; its derivative is singular at 0. */
    SQRT("sqrt", 1, Shape.SINGULAR, Growth.SQRT, true) {
        @Override public double apply(double x) { return Math.sqrt(x); }
        @Override Fn partial(List<Fn> a, int i) { return div(c(0.5), Fns.apply(SQRT, a.get(0))); }
        @Override public List<Fn> breaks(List<Fn> a) { return vectorOnly(a.get(0)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public double domainLow() { return 0; }
        @Override public Zeros zeros() { return Zeros.SIMPLE; }
        @Override public Asymptote atInfinity(int sign) {
            return sign > 0 ? Asymptote.power(0.5) : Asymptote.none("the square root of a negative value");
        }
    },
    SIN("sin", 1, Shape.SMOOTH, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return Math.sin(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(COS, a.get(0)); }
        @Override public double mean(double m, double q) { return Math.exp(-q / 2) * Math.sin(m); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) { return trig(this, g, m1, m2, q1, q2, c); }
        @Override public Interval range(Interval... x) { return new Interval(-1, 1); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.none("it oscillates"); }
    },
    COS("cos", 1, Shape.SMOOTH, Growth.BOUNDED, true) {
        @Override public double apply(double x) { return Math.cos(x); }
        @Override Fn partial(List<Fn> a, int i) { return neg(Fns.apply(SIN, a.get(0))); }
        @Override public double mean(double m, double q) { return Math.exp(-q / 2) * Math.cos(m); }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) { return trig(this, g, m1, m2, q1, q2, c); }
        @Override public Interval range(Interval... x) { return new Interval(-1, 1); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.none("it oscillates"); }
    },
    DTANH("tanh'", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
        @Override Fn partial(List<Fn> a, int i) { return mul(c(-2), mul(Fns.apply(TANH, a.get(0)), Fns.apply(DTANH, a.get(0)))); }
        @Override public Interval range(Interval... x) { return new Interval(0, 1); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(0); }
    },
    DSIGMOID("sigmoid'", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) {
            double s = Normal.sigmoid(x);
            return s * (1 - s);
        }
        @Override Fn partial(List<Fn> a, int i) {
            return mul(Fns.apply(DSIGMOID, a.get(0)), sub(ONE, mul(c(2), Fns.apply(SIGMOID, a.get(0)))));
        }
        @Override public Interval range(Interval... x) { return new Interval(0, 0.25); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(0); }
    },
    DERF("erf'", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
        @Override Fn partial(List<Fn> a, int i) { return mul(c(-2), mul(a.get(0), Fns.apply(DERF, a.get(0)))); }
        @Override public double mean(double m, double q) {
            return 2 / Math.sqrt(Math.PI) * Math.exp(-m * m / (1 + 2 * q)) / Math.sqrt(1 + 2 * q);
        }
        @Override double pair(Op g, double m1, double m2, double q1, double q2, double c) {
            if (m1 != 0 || m2 != 0 || g != DERF) return Double.NaN;
            // (1 + 2q1)(1 + 2q2) − 4c² = 1 + 2(q1 + q2) + 4(q1 q2 − c²): no cancellation at large variances and ρ → 1
            double s = sinScaled(q1, q2, c);
            return 4 / Math.PI / Math.sqrt(1 + 2 * (q1 + q2) + 4 * s * s);
        }
        @Override public Interval range(Interval... x) { return new Interval(0, 2 / Math.sqrt(Math.PI)); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(0); }
    },
    DGELU("gelu'", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) { return Normal.cdf(x) + x * Normal.pdf(x); }
        @Override Fn partial(List<Fn> a, int i) { return mul(sub(c(2), mul(a.get(0), a.get(0))), Fns.apply(NPDF, a.get(0))); }
        @Override public Interval range(Interval... x) { return new Interval(-0.129, 1.129); }   // extremes at x = ∓√2
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign > 0 ? 1 : 0); }
    },
    DSILU("silu'", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) {
            double s = Normal.sigmoid(x);
            return s + x * s * (1 - s);
        }
        @Override Fn partial(List<Fn> a, int i) {
            Fn x = a.get(0);
            Fn ds = Fns.apply(DSIGMOID, x);
            return add(mul(c(2), ds), mul(x, mul(ds, sub(ONE, mul(c(2), Fns.apply(SIGMOID, x))))));
        }
        @Override public Interval range(Interval... x) { return new Interval(-0.1, 1.1); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign > 0 ? 1 : 0); }
    },
    /** The standard normal density (in gelu's derivatives). */
    NPDF("phi", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) { return Normal.pdf(x); }
        @Override Fn partial(List<Fn> a, int i) { return neg(mul(a.get(0), Fns.apply(NPDF, a.get(0)))); }
        @Override public double mean(double m, double q) { return Normal.pdf(m / Math.sqrt(1 + q)) / Math.sqrt(1 + q); }
        @Override public Interval range(Interval... x) { return new Interval(0, Normal.pdf(0)); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(0); }
    },
    /** The standard normal distribution function. */
    NCDF("Phi", 1, Shape.SMOOTH, Growth.BOUNDED, false) {
        @Override public double apply(double x) { return Normal.cdf(x); }
        @Override Fn partial(List<Fn> a, int i) { return Fns.apply(NPDF, a.get(0)); }
        @Override public double mean(double m, double q) { return Normal.cdf(m / Math.sqrt(1 + q)); }
        @Override public Interval range(Interval... x) { return x[0].map(this); }
        @Override public Asymptote atInfinity(int sign) { return Asymptote.constant(sign > 0 ? 1 : 0); }
    },
    /** Least eigenvalue of a symmetric k×k matrix given row by row (a function of scalars only). */
    MINEIG("mineig", -1, Shape.SMOOTH, Growth.ARITHMETIC, false) {
        @Override public double apply(double[] args) { return extremeEigenvalue(args, false); }
    },
    MAXEIG("maxeig", -1, Shape.SMOOTH, Growth.ARITHMETIC, false) {
        @Override public double apply(double[] args) { return extremeEigenvalue(args, true); }
    };

    /** Where a function fails to be analytic: nowhere, a kink, a jump, or a singularity (pole, branch point). */
    public enum Shape { SMOOTH, KINK, JUMP, SINGULAR }

    /** How fast |φ(x)| can grow with |x|: for tail bounds and the Master Theorem's hypotheses. */
    public enum Growth { BOUNDED, LINEAR, SQRT, LOGARITHMIC, EXPONENTIAL, ARITHMETIC }

    /**
     * Where φ(x) vanishes, as a function of x: exactly where x does, like a power of x (SIMPLE:
     * first order, or order 1/2 for √); on a set of positive length (FLAT); exactly where x does,
     * jumping there (POINT); or nothing known beyond its range (NONE).
     */
    public enum Zeros { NONE, SIMPLE, FLAT, POINT }

    /**
     * φ(x) as x → ±∞: a constant, ±x itself, a power of x, or no limit (with the reason).
     */
    public record Asymptote(String kind, double value, String reason) {
        static Asymptote constant(double v) { return new Asymptote("constant", v, null); }
        static Asymptote same(double sign) { return new Asymptote("same", sign, null); }
        static Asymptote power(double p) { return new Asymptote("power", p, null); }
        static Asymptote none(String why) { return new Asymptote("none", Double.NaN, why); }
    }

    private final String symbol;
    private final int arity;
    private final Shape shape;
    private final Growth growth;
    private final boolean callable;

    Op(String symbol, int arity, Shape shape, Growth growth, boolean callable) {
        this.symbol = symbol;
        this.arity = arity;
        this.shape = shape;
        this.growth = growth;
        this.callable = callable;
    }

    public String symbol() { return symbol; }

    /** Number of arguments, or -1 for variadic. */
    public int arity() { return arity; }

    public Shape shape() { return shape; }

    public Growth growth() { return growth; }

    /** Whether a user calls it by its symbol. */
    public boolean callable() { return callable; }

    /** The built-in a user calls by this name (without primes), or null. */
    public static Op byName(String name) {
        return ByName.OPS.get(name);
    }

    /** Callable ops by symbol, the first in table order for a symbol: looked up at every call the checker expands. */
    private static final class ByName {
        static final java.util.Map<String, Op> OPS = new java.util.HashMap<>();

        static {
            for (Op op : values()) if (op.callable) OPS.putIfAbsent(op.symbol, op);
        }
    }

    /** The names users call, in table order. */
    public static List<String> callableNames() {
        List<String> out = new ArrayList<>();
        for (Op op : values()) if (op.callable) out.add(op.symbol);
        return out;
    }

    public double apply(double x) {
        throw new IllegalStateException(this + " is not unary");
    }

    public double apply(double a, double b) {
        throw new IllegalStateException(this + " is not binary");
    }

    /** Any arity. */
    public double apply(double[] args) {
        if (args.length == 1) return apply(args[0]);
        return apply(args[0], args[1]);
    }

    /** ∂ op(args) / ∂ args[i], as a function of the args. */
    Fn partial(List<Fn> args, int i) {
        throw new IllegalArgumentException(symbol + " has no derivative");
    }

    /** Whether its derivative is a distribution (a delta at a jump), not a function. */
    public boolean jumps() {
        return shape == Shape.JUMP;
    }

    /**
     * The functions of its arguments whose zero sets are where it is not analytic (empty for a
     * smooth function, or for a singular one whose singular argument is a scalar).
     */
    public List<Fn> breaks(List<Fn> args) {
        if (shape == Shape.SMOOTH || arity != 1) return List.of();
        return vectorOnly(args.get(0));
    }

    /** E φ(u) for u ~ N(m, q), q > 0; NaN when no closed form is known. */
    public double mean(double m, double q) {
        return Double.NaN;
    }

    /** E φ(u) g(v) for (u, v) Gaussian (q1, q2 > 0); NaN when this row knows no closed form. */
    double pair(Op g, double m1, double m2, double q1, double q2, double c) {
        return Double.NaN;
    }

    /** E f(u) g(v) by whichever row knows the pair, degenerate variances included; NaN if none. */
    /**
     * The size of the terms {@link #gaussianPair}'s closed form adds (its value when they do not
     * cancel): its rounding is a few ulps of this, not of the value. For sin/cos pairs, the two
     * terms of {@link #trig} in absolute value; for the others the value's own size.
     */
    public static double gaussianPairScale(Op f, Op g, double m1, double m2, double q1, double q2, double c, double value) {
        if (!((f == SIN || f == COS) && (g == SIN || g == COS))) return Math.abs(value);
        double a1 = Math.abs(f == SIN ? Math.sin(m1) : Math.cos(m1));
        double a2 = Math.abs(g == SIN ? Math.sin(m2) : Math.cos(m2));
        double b1 = Math.abs(f == SIN ? Math.cos(m1) : Math.sin(m1));
        double b2 = Math.abs(g == SIN ? Math.cos(m2) : Math.sin(m2));
        double terms = Math.exp(-(q1 + q2) / 2) * (Math.cosh(c) * a1 * a2 + Math.abs(Math.sinh(c)) * b1 * b2);
        return Math.max(Math.abs(value), terms);
    }

    public static double gaussianPair(Op f, Op g, double m1, double m2, double q1, double q2, double c) {
        if (q1 <= 0) return f.apply(m1) * gaussianMean(g, m2, q2);
        if (q2 <= 0) return g.apply(m2) * gaussianMean(f, m1, q1);
        double v = f.pair(g, m1, m2, q1, q2, c);
        return Double.isNaN(v) ? g.pair(f, m2, m1, q2, q1, c) : v;
    }

    /** E f(u), u ~ N(m, q), q ≥ 0; NaN if no closed form. */
    private static final double SQRT2 = Math.sqrt(2);

    /**
     * The size against which {@link #gaussianMean}'s rounding is counted (a few ulps of it): the
     * terms its closed form adds (relu's m Φ(t) + s φ(t) cancel as t = m/s → −∞), times 2 + t² for
     * the relative error of φ(t) = e^{−t²/2}/√(2π) and of Φ through erfc in the tails (t² rounds
     * before the exponential). At least the value's own size.
     */
    public static double gaussianMeanScale(Op f, double m, double q, double value) {
        double v = Math.abs(value);
        if (q <= 0) return v;
        double s = Math.sqrt(q);
        switch (f) {
            case RELU: {
                double t = m / s;
                return Math.max(v, (Math.abs(m) * Normal.cdf(t) + s * Normal.pdf(t)) * (2 + t * t));
            }
            case ABS: {
                double t = m / s;
                return Math.max(v, (Math.abs(m) + 2 * s * Normal.pdf(t)) * (2 + t * t));
            }
            case GELU: {
                double r = Math.sqrt(1 + q);
                double t = m / r;
                return Math.max(v, (Math.abs(m) * Normal.cdf(t) + q / r * Normal.pdf(t)) * (2 + t * t));
            }
            case STEP: case SIGN: {
                double t = m / s;
                return v * (2 + t * t);
            }
            case NCDF: case NPDF: {
                double t = m / Math.sqrt(1 + q);
                return v * (2 + t * t);
            }
            case DERF: {
                double t = m / Math.sqrt(1 + 2 * q);
                return v * (2 + t * t);
            }
            case EXP:
                return v * (1 + Math.abs(m) + q / 2);
            default:
                return v;
        }
    }

    public static double gaussianMean(Op f, double m, double q) {
        return q <= 0 ? f.apply(m) : f.mean(m, q);
    }

    /** The image of argument ranges (a superset of it). */
    public Interval range(Interval... args) {
        return Interval.ALL;
    }

    /** The least argument in its domain (−∞ if none); {@link #domainOpen()} when that bound is excluded. */
    public double domainLow() {
        return Double.NEGATIVE_INFINITY;
    }

    public boolean domainOpen() {
        return false;
    }

    /** Where it vanishes, as a function of its argument. */
    public Zeros zeros() {
        return Zeros.NONE;
    }

    /** The behaviour of φ(x) as x → sign·∞. */
    public Asymptote atInfinity(int sign) {
        return Asymptote.none("no limit is known");
    }

    /** Why the Master Theorem does not cover it applied to these arguments, or null when it does. */
    public String uncovered(List<Fn> args) {
        return null;
    }

    private static List<Fn> vectorOnly(Fn f) {
        return f.kind() == Fn.Kind.VECTOR ? List.of(f) : List.of();
    }

    /** A power that keeps a function analytic: a non-negative integer constant. */
    static boolean smoothPower(Fn p) {
        return p instanceof Fn.Const k && k.value() >= 0 && k.value() == Math.rint(k.value());
    }

    /**
     * √(q1 q2 − c²) = √(q1 q2) sin θ (θ the angle of the pair, cos θ = ρ), with q1 q2 − c² formed
     * from both products and their exact rounding errors (fma), so that it keeps its relative
     * accuracy however close |ρ| is to 1 (1 − ρ computed from a rounded ρ loses it all); 0 when
     * c² ≥ q1 q2.
     */
    public static double sinScaled(double q1, double q2, double c) {
        double p = q1 * q2;
        double ep = Math.fma(q1, q2, -p);
        double s = c * c;
        double es = Math.fma(c, c, -s);
        double d = (p - s) + (ep - es);
        return d > 0 ? Math.sqrt(d) : 0;
    }

    /** 1 + ρ, without the cancellation of 1 + c/√(q1 q2) as ρ → −1: (q1 q2 − c²) / (√(q1 q2) (√(q1 q2) − c)). */
    static double onePlusRho(double q1, double q2, double c) {
        double r = Math.sqrt(q1 * q2);
        if (c >= 0) return Math.min(2, 1 + c / r);
        double s = sinScaled(q1, q2, c);
        return s * s / (r * (r - c));
    }

    /**
     * E[relu(u) relu(v)] for centred u, v: √(q1 q2) (sin θ + (π − θ) cos θ) / 2π. With φ = π − θ
     * (from atan2, exact to rounding) and R = |(sin, cos)| it is R (sin φ − φ cos φ) / 2π, whose
     * two terms cancel as φ → 0 (ρ → −1): there, its series φ³/3 − φ⁵/30 + … is summed instead.
     */
    static double reluPair(double q1, double q2, double c) {
        double s = sinScaled(q1, q2, c);
        double phi = Math.atan2(s, -c);
        if (phi >= 1) return (s + phi * c) / (2 * Math.PI);
        // Σ_{k≥1} (−1)^{k+1} 2k φ^{2k+1} / (2k+1)!
        double r = Math.hypot(s, c);
        double phi2 = phi * phi;
        double power = phi * phi2 / 6; // φ³ / 3!
        double sum = 0;
        for (int k = 1; k < 30; k++) {
            double term = 2 * k * power;
            sum += (k % 2 == 1) ? term : -term;
            if (term < 1e-18 * sum) break;
            power *= phi2 / ((2 * k + 2) * (2 * k + 3));
        }
        return r * sum / (2 * Math.PI);
    }


    /**
     * The least or largest eigenvalue of the symmetric matrix given row by row; NaN, like any
     * undefined value of a function, when an entry is not finite or the decomposition fails.
     */
    private static double extremeEigenvalue(double[] rowMajor, boolean largest) {
        int k = (int) Math.round(Math.sqrt(rowMajor.length));
        if (k * k != rowMajor.length) throw new IllegalArgumentException("not a square matrix");
        for (double v : rowMajor) if (!Double.isFinite(v)) return Double.NaN;
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) System.arraycopy(rowMajor, i * k, m[i], 0, k);
        double[] values;
        try {
            values = SymmetricEigen.values(m);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
        double best = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (double v : values) best = largest ? Math.max(best, v) : Math.min(best, v);
        return best;
    }

    /** Products of sines and cosines, any means: through sums and differences of the arguments. */
    private static double trig(Op f, Op g, double m1, double m2, double q1, double q2, double c) {
        if (g != SIN && g != COS) return Double.NaN;
        // e^{-(q1+q2)/2} times cosh c and sinh c of products of sines and cosines of the means: the
        // difference e^{c} cos(m1 − m2) − e^{−c} cos(m1 + m2) of E[sin u sin v] is formed without
        // cancelling (for small c, it used to lose as many digits as c is small)
        double k = Math.exp(-(q1 + q2) / 2);
        double ch = Math.cosh(c);
        double sh = Math.sinh(c);
        double s1 = Math.sin(m1);
        double c1 = Math.cos(m1);
        double s2 = Math.sin(m2);
        double c2 = Math.cos(m2);
        if (f == COS && g == COS) return k * (ch * c1 * c2 + sh * s1 * s2);
        if (f == SIN && g == SIN) return k * (ch * s1 * s2 + sh * c1 * c2);
        if (f == SIN) return k * (ch * s1 * c2 - sh * c1 * s2);
        return k * (ch * c1 * s2 - sh * s1 * c2);
    }
}
