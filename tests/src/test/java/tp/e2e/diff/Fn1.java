package tp.e2e.diff;

/**
 * The one-argument built-ins of the .tp language (and their derivatives by name), evaluated
 * here from their definitions, independently of the interpreter. {@code step(0) = sign(0) = 0}.
 */
enum Fn1 {
    ID("id", Shape.SMOOTH, Sign.PRESERVING),
    RELU("relu", Shape.KINK, Sign.PRESERVING),
    STEP("step", Shape.JUMP, Sign.PRESERVING),
    SIGN("sign", Shape.JUMP, Sign.PRESERVING),
    ABS("abs", Shape.KINK, Sign.PRESERVING),
    TANH("tanh", Shape.SMOOTH, Sign.PRESERVING),
    SIGMOID("sigmoid", Shape.SMOOTH, Sign.POSITIVE),
    ERF("erf", Shape.SMOOTH, Sign.PRESERVING),
    GELU("gelu", Shape.SMOOTH, Sign.PRESERVING),
    SILU("silu", Shape.SMOOTH, Sign.PRESERVING),
    SOFTPLUS("softplus", Shape.SMOOTH, Sign.POSITIVE),
    EXP("exp", Shape.SMOOTH, Sign.POSITIVE),
    SIN("sin", Shape.SMOOTH, Sign.OTHER),
    COS("cos", Shape.SMOOTH, Sign.OTHER),
    /** Only of arguments that are never negative (or in the undefined-expectation cases). */
    SQRT("sqrt", Shape.SINGULAR, Sign.PRESERVING),
    LOG("log", Shape.SINGULAR, Sign.OTHER),
    DRELU("relu'", Shape.JUMP, Sign.PRESERVING),
    DABS("abs'", Shape.JUMP, Sign.PRESERVING),
    DTANH("tanh'", Shape.SMOOTH, Sign.POSITIVE),
    D2TANH("tanh''", Shape.SMOOTH, Sign.OTHER),
    DSIGMOID("sigmoid'", Shape.SMOOTH, Sign.POSITIVE),
    D2SIGMOID("sigmoid''", Shape.SMOOTH, Sign.OTHER),
    DERF("erf'", Shape.SMOOTH, Sign.POSITIVE),
    D2ERF("erf''", Shape.SMOOTH, Sign.OTHER),
    DGELU("gelu'", Shape.SMOOTH, Sign.OTHER),
    D2GELU("gelu''", Shape.SMOOTH, Sign.OTHER),
    DSILU("silu'", Shape.SMOOTH, Sign.OTHER),
    D2SILU("silu''", Shape.SMOOTH, Sign.OTHER),
    DSOFTPLUS("softplus'", Shape.SMOOTH, Sign.POSITIVE),
    DSIN("sin'", Shape.SMOOTH, Sign.OTHER),
    DCOS("cos'", Shape.SMOOTH, Sign.OTHER),
    DEXP("exp'", Shape.SMOOTH, Sign.POSITIVE);

    /** How the function fails to be smooth at 0. */
    enum Shape { SMOOTH, KINK, JUMP, SINGULAR }

    /**
     * PRESERVING: sign f(x) is a function of sign x alone (so f(e) has constant sign wherever e
     * does); POSITIVE: f > 0 everywhere; OTHER: neither.
     */
    enum Sign { PRESERVING, POSITIVE, OTHER }

    final String label;
    final Shape shape;
    final Sign sign;

    Fn1(String label, Shape shape, Sign sign) {
        this.label = label;
        this.shape = shape;
        this.sign = sign;
    }

    boolean smooth() {
        return shape == Shape.SMOOTH;
    }

    /** Strictly increasing: min/max of two such images tie exactly where the arguments tie. */
    boolean increasing() {
        switch (this) {
            case ID: case TANH: case SIGMOID: case ERF: case SOFTPLUS: case EXP: return true;
            default: return false;
        }
    }

    static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    static final double SQRT2 = Math.sqrt(2);
    static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static double npdf(double x) {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    static double ncdf(double x) {
        return x < 0 ? 0.5 * ErfFast.erfc(-x / SQRT2) : 1 - 0.5 * ErfFast.erfc(x / SQRT2);
    }

    double apply(double x) {
        switch (this) {
            case ID: return x;
            case RELU: return x > 0 ? x : 0;
            case STEP: case DRELU: return x > 0 ? 1 : 0;
            case SIGN: case DABS: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case ABS: return Math.abs(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: case DSOFTPLUS: return sigmoid(x);
            case ERF: return ErfFast.erf(x);
            case GELU: return x * ncdf(x);
            case SILU: return x * sigmoid(x);
            case SOFTPLUS: return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case EXP: case DEXP: return Math.exp(x);
            case SIN: return Math.sin(x);
            case COS: case DSIN: return Math.cos(x);
            case DCOS: return -Math.sin(x);
            case SQRT: return Math.sqrt(x);
            case LOG: return Math.log(x);
            case DTANH: {
                double c = Math.cosh(x);
                return x > 350 || x < -350 ? 0 : 1 / (c * c);
            }
            case D2TANH: {
                double t = Math.tanh(x);
                double c = Math.cosh(x);
                return Math.abs(x) > 350 ? 0 : -2 * t / (c * c);
            }
            case DSIGMOID: {
                double s = sigmoid(x);
                return s * sigmoid(-x);
            }
            case D2SIGMOID: {
                double s = sigmoid(x);
                double r = sigmoid(-x);
                return s * r * (r - s);
            }
            case DERF: return TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case D2ERF: return -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case DGELU: return ncdf(x) + x * npdf(x);
            case D2GELU: return (2 - x * x) * npdf(x);
            case DSILU: {
                double s = sigmoid(x);
                return s * (1 + x * sigmoid(-x));
            }
            case D2SILU: {
                double s = sigmoid(x);
                double r = sigmoid(-x);
                return s * r * (2 + x * (r - s));
            }
            default: throw new AssertionError(this);
        }
    }
}
