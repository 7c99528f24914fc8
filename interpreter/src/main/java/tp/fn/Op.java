package tp.fn;

import org.apache.commons.math3.special.Erf;

/**
 * The elementwise operations. User-facing names are in {@link #byName}; derivative ops carry a
 * prime ({@code tanh'}) so closed forms can be recognised by name.
 */
public enum Op {
    ADD("+", 2), SUB("-", 2), MUL("*", 2), DIV("/", 2), POW("pow", 2), NEG("neg", 1),
    MIN("min", 2), MAX("max", 2),
    ID("id", 1), RELU("relu", 1), STEP("step", 1), SIGN("sign", 1), ABS("abs", 1),
    TANH("tanh", 1), SIGMOID("sigmoid", 1), ERF("erf", 1), GELU("gelu", 1), SILU("silu", 1),
    SOFTPLUS("softplus", 1), EXP("exp", 1), LOG("log", 1), SQRT("sqrt", 1), SIN("sin", 1), COS("cos", 1),
    DTANH("tanh'", 1), DSIGMOID("sigmoid'", 1), DERF("erf'", 1), DGELU("gelu'", 1), DSILU("silu'", 1),
    /** Standard normal density and distribution function (used by gelu's derivatives). */
    NPDF("phi", 1), NCDF("Phi", 1),
    /** Least and largest eigenvalue of a symmetric k×k matrix given row by row. */
    MINEIG("mineig", -1), MAXEIG("maxeig", -1);

    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private final String symbol;
    private final int arity;

    Op(String symbol, int arity) {
        this.symbol = symbol;
        this.arity = arity;
    }

    public String symbol() { return symbol; }

    /** Number of arguments, or -1 for variadic. */
    public int arity() { return arity; }

    /** The built-in a user calls by this name (without primes), or null. */
    public static Op byName(String name) {
        switch (name) {
            case "id": return ID;
            case "relu": return RELU;
            case "step": return STEP;
            case "sign": return SIGN;
            case "abs": return ABS;
            case "tanh": return TANH;
            case "sigmoid": return SIGMOID;
            case "erf": return ERF;
            case "gelu": return GELU;
            case "silu": return SILU;
            case "softplus": return SOFTPLUS;
            case "exp": return EXP;
            case "log": return LOG;
            case "sqrt": return SQRT;
            case "sin": return SIN;
            case "cos": return COS;
            case "pow": return POW;
            case "min": return MIN;
            case "max": return MAX;
            default: return null;
        }
    }

    public double apply(double x) {
        switch (this) {
            case NEG: return -x;
            case ID: return x;
            case RELU: return x > 0 ? x : 0;
            case STEP: return x > 0 ? 1 : 0;
            case SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case ABS: return Math.abs(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return sigmoid(x);
            case ERF: return Erf.erf(x);
            case GELU: return x * ncdf(x);
            case SILU: return x * sigmoid(x);
            case SOFTPLUS: return x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case SIN: return Math.sin(x);
            case COS: return Math.cos(x);
            case DTANH: {
                double t = Math.tanh(x);
                return 1 - t * t;
            }
            case DSIGMOID: {
                double s = sigmoid(x);
                return s * (1 - s);
            }
            case DERF: return TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case DGELU: return ncdf(x) + x * npdf(x);
            case DSILU: {
                double s = sigmoid(x);
                return s + x * s * (1 - s);
            }
            case NPDF: return npdf(x);
            case NCDF: return ncdf(x);
            default: throw new IllegalStateException(this + " is not unary");
        }
    }

    public double apply(double a, double b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return pow(a, b);
            case MIN: return Math.min(a, b);
            case MAX: return Math.max(a, b);
            default: throw new IllegalStateException(this + " is not binary");
        }
    }

    /** Any arity. */
    public double apply(double[] args) {
        if (this == MINEIG || this == MAXEIG) return Eigen.extreme(args, this == MAXEIG);
        if (args.length == 1) return apply(args[0]);
        return apply(args[0], args[1]);
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double npdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    static double ncdf(double x) {
        return 0.5 * Erf.erfc(-x / SQRT2);
    }

    static double pow(double a, double b) {
        if (b == 2) return a * a;
        if (b == 1) return a;
        if (b == 3) return a * a * a;
        if (b == 0.5) return Math.sqrt(a);
        return Math.pow(a, b);
    }
}
