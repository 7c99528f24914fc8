package tp.limit;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import tp.fn.Fn;
import tp.fn.Op;

/**
 * The limit n → ∞ of a scalar expression in n and in scalars whose limits are known. Works on
 * truncated series {@code Σ c_p n^p}: a positive power with a non-zero coefficient diverges; a
 * positive power of n times a moment has no deterministic limit (a moment is known only up to
 * its O(n^-1/2) fluctuation), even when the moment's limit is 0.
 */
final class ScalarLimit {
    /** Thrown when there is no finite deterministic limit; the message says why. */
    static final class NoLimit extends RuntimeException {
        NoLimit(String message) {
            super(message, null, false, false);
        }
    }

    private static final double CUTOFF = -4;

    /** Σ c_p n^p; {@code random}: built from moments' limits. */
    private record Series(TreeMap<Double, Double> terms, boolean random) {
        static Series constant(double c, boolean random) {
            TreeMap<Double, Double> t = new TreeMap<>();
            if (c != 0 || random) t.put(0.0, c);
            return new Series(t, random);
        }

        double leadingPower() {
            for (Map.Entry<Double, Double> e : terms.descendingMap().entrySet()) if (e.getValue() != 0) return e.getKey();
            return Double.NEGATIVE_INFINITY;
        }

        double at(double p) {
            return terms.getOrDefault(p, 0.0);
        }

        boolean growing() {
            return leadingPower() > 0;
        }
    }

    private ScalarLimit() {}

    static double limit(Fn f, IntToDoubleFunction scalars) {
        if (!f.usesWidth()) return tp.fn.Fns.eval(f, scalars, Double.NaN);
        Series s = series(f, scalars);
        if (s.growing()) throw new NoLimit("it grows like n^" + fmt(s.leadingPower()));
        return s.at(0.0);
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static Series series(Fn f, IntToDoubleFunction scalars) {
        if (f instanceof Fn.Const c) return Series.constant(c.value(), false);
        if (f instanceof Fn.Width) {
            TreeMap<Double, Double> t = new TreeMap<>();
            t.put(1.0, 1.0);
            return new Series(t, false);
        }
        if (f instanceof Fn.Ref r) return Series.constant(scalars.applyAsDouble(r.id()), true);
        Fn.Apply a = (Fn.Apply) f;
        Op op = a.op();
        if (op == Op.MINEIG || op == Op.MAXEIG) {
            double[] v = new double[a.args().size()];
            boolean random = false;
            for (int i = 0; i < v.length; i++) {
                Series s = series(a.args().get(i), scalars);
                if (s.growing()) throw new NoLimit("an entry of the Gram matrix grows like n^" + fmt(s.leadingPower()));
                v[i] = s.at(0.0);
                random |= s.random();
            }
            return Series.constant(op.apply(v), random);
        }
        Series x = series(a.args().get(0), scalars);
        if (a.args().size() == 1) return unary(op, x);
        Series y = series(a.args().get(1), scalars);
        switch (op) {
            case ADD: return add(x, y, 1);
            case SUB: return add(x, y, -1);
            case MUL: return mul(x, y);
            case DIV: return mul(x, inverse(y));
            case POW:
                if (y.growing()) throw new NoLimit("an exponent grows with n");
                return power(x, y.at(0.0), y.random());
            case MIN: case MAX: {
                Series d = add(x, y, -1);
                boolean xWins = d.growing() ? d.terms().lastEntry().getValue() > 0 : d.at(0.0) >= 0;
                if (op == Op.MIN) xWins = !xWins;
                return xWins ? x : y;
            }
            default: throw new IllegalArgumentException(op.toString());
        }
    }

    private static Series add(Series x, Series y, double sign) {
        TreeMap<Double, Double> t = new TreeMap<>(x.terms());
        for (Map.Entry<Double, Double> e : y.terms().entrySet()) t.merge(e.getKey(), sign * e.getValue(), Double::sum);
        boolean random = x.random() || y.random();
        // a cancelled growing term of exactly known coefficients vanishes; of moments, it stays undetermined
        t.entrySet().removeIf(e -> e.getValue() == 0 && !(random && e.getKey() > 0) && e.getKey() != 0.0);
        return new Series(t, random);
    }

    private static Series mul(Series x, Series y) {
        TreeMap<Double, Double> t = new TreeMap<>();
        boolean random = x.random() || y.random();
        for (Map.Entry<Double, Double> a : x.terms().entrySet()) {
            for (Map.Entry<Double, Double> b : y.terms().entrySet()) {
                double p = a.getKey() + b.getKey();
                if (p < CUTOFF) continue;
                double c = a.getValue() * b.getValue();
                if (p > 0 && c == 0) {
                    boolean aRandom = a.getKey() <= 0 && x.random();
                    boolean bRandom = b.getKey() <= 0 && y.random();
                    if ((a.getValue() == 0 && aRandom) || (b.getValue() == 0 && bRandom)) {
                        throw new NoLimit("it multiplies n^" + fmt(a.getValue() == 0 ? b.getKey() : a.getKey())
                                + " by a value whose limit is 0: the Master Theorem does not say how fast it vanishes");
                    }
                    continue;
                }
                t.merge(p, c, Double::sum);
            }
        }
        return new Series(t, random);
    }

    private static Series inverse(Series y) {
        double p = y.leadingPower();
        if (p == Double.NEGATIVE_INFINITY) throw new NoLimit("it divides by a value whose limit is 0");
        double c = y.terms().get(p);
        // y = c n^p (1 + r), 1/y = (1/c) n^-p (1 - r + r² - r³)
        TreeMap<Double, Double> rt = new TreeMap<>();
        for (Map.Entry<Double, Double> e : y.terms().entrySet()) {
            if (e.getKey() < p) rt.put(e.getKey() - p, e.getValue() / c);
        }
        Series r = new Series(rt, y.random());
        Series sum = Series.constant(1, y.random());
        Series power = Series.constant(1, y.random());
        for (int k = 1; k <= 3 && !rt.isEmpty(); k++) {
            power = mul(power, r);
            sum = add(sum, power, k % 2 == 1 ? -1 : 1);
        }
        TreeMap<Double, Double> lead = new TreeMap<>();
        lead.put(-p, 1 / c);
        return mul(new Series(lead, y.random()), sum);
    }

    private static Series power(Series x, double e, boolean randomExponent) {
        boolean random = x.random() || randomExponent;
        if (e == Math.rint(e) && e >= 0 && e <= 8) {
            Series out = Series.constant(1, random);
            for (int i = 0; i < (int) e; i++) out = mul(out, x);
            return out;
        }
        if (e == Math.rint(e) && e < 0 && e >= -8) return inverse(power(x, -e, randomExponent));
        double p = x.leadingPower();
        if (p == Double.NEGATIVE_INFINITY) {
            if (e > 0) return Series.constant(0, random);
            throw new NoLimit("it raises a vanishing value to the power " + e);
        }
        double c = x.terms().get(p);
        if (c < 0) return Series.constant(Math.pow(c, e), random);
        TreeMap<Double, Double> t = new TreeMap<>();
        t.put(p * e, Math.pow(c, e));
        return new Series(t, random);
    }

    private static Series unary(Op op, Series x) {
        if (op == Op.NEG) return mul(Series.constant(-1, false), x);
        if (op == Op.ID) return x;
        if (x.growing()) {
            double sign = Math.signum(x.terms().get(x.leadingPower()));
            switch (op) {
                case TANH: case ERF: case SIGN: return Series.constant(sign, x.random());
                case SIGMOID: case STEP: return Series.constant(sign > 0 ? 1 : 0, x.random());
                case RELU: case EXP: case SOFTPLUS: case GELU: case SILU:
                    if (sign < 0) return Series.constant(0, x.random());
                    break;
                case SQRT:
                    return power(x, 0.5, false);
                case ABS:
                    return mul(Series.constant(sign, false), x);
                default: break;
            }
            throw new NoLimit(op.symbol() + " of a value that grows like n^" + fmt(x.leadingPower()));
        }
        return Series.constant(op.apply(x.at(0.0)), x.random());
    }
}
