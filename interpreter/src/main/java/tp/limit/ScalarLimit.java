package tp.limit;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import tp.fn.Fn;
import tp.fn.Op;

/**
 * The limit n → ∞ of a scalar expression in n and in scalars whose limits are known, on
 * truncated series {@code Σ c_p n^p + O(n^u)}. The remainder O(n^u) is what is not known: a
 * Moment is its limit plus a fluctuation of order n^-1/2 (TP IVb), so it enters as
 * {@code m̊ + O(n^-1/2)}; exact arithmetic in n has no remainder beyond the truncation. A
 * limit exists when no positive power survives and the remainder vanishes (u < 0): √n times a
 * centred moment (u = 0) has a random limit, and is refused whatever the order its factors are
 * written in.
 */
final class ScalarLimit {
    /** Thrown when there is no finite deterministic limit; the message says why. */
    static final class NoLimit extends RuntimeException {
        NoLimit(String message) {
            super(message, null, false, false);
        }
    }

    /** Terms below this power are dropped (and counted in the remainder). */
    private static final double CUTOFF = -6;
    private static final double EXACT = Double.NEGATIVE_INFINITY;
    /** A Moment's fluctuation: O(n^-1/2). */
    static final double MOMENT_NOISE = -0.5;

    /**
     * Σ c_p n^p + O(n^noise). A constant (every Moment's limit, and every scalar without n of
     * such: a kernel program's hundreds of thousands) keeps its one coefficient without a map.
     */
    static final class Series {
        /** The terms by power, or null for a constant, whose coefficient of n^0 is {@link #constant}. */
        private final TreeMap<Double, Double> terms;
        private final double constant;
        private final double noise;

        Series(TreeMap<Double, Double> terms, double noise) {
            this.terms = terms;
            this.constant = 0;
            this.noise = noise;
        }

        private Series(double constant, double noise) {
            this.terms = null;
            this.constant = constant;
            this.noise = noise;
        }

        static Series constant(double c, double noise) {
            return new Series(c, noise);
        }

        static Series exact(double c) {
            return constant(c, EXACT);
        }

        /** A Moment's limit m̊, known up to its O(n^-1/2) fluctuation. */
        static Series moment(double m) {
            return constant(m, MOMENT_NOISE);
        }

        static Series monomial(double p, double c) {
            TreeMap<Double, Double> t = new TreeMap<>();
            if (c != 0) t.put(p, c);
            return new Series(t, EXACT);
        }

        /** The non-zero terms by power (a new map for a constant: read it, never change it). */
        TreeMap<Double, Double> terms() {
            if (terms != null) return terms;
            TreeMap<Double, Double> t = new TreeMap<>();
            if (constant != 0) t.put(0.0, constant);
            return t;
        }

        /** Whether it is a constant: no term in n but n^0. */
        boolean isConstant() {
            return terms == null || terms.isEmpty();
        }

        /** The power of the remainder O(n^noise) (−∞: none). */
        double noise() {
            return noise;
        }

        /** How many non-zero terms. */
        int count() {
            return terms != null ? terms.size() : constant != 0 ? 1 : 0;
        }

        /** The largest power with a non-zero coefficient, or −∞. */
        double lead() {
            if (terms == null) return constant != 0 ? 0.0 : Double.NEGATIVE_INFINITY;
            return terms.isEmpty() ? Double.NEGATIVE_INFINITY : terms.lastKey();
        }

        /** The order of the whole: its leading power or its remainder, whichever is larger. */
        double size() {
            return Math.max(lead(), noise);
        }

        double at(double p) {
            if (terms == null) return Double.compare(p, 0.0) == 0 && constant != 0 ? constant : 0.0;
            return terms.getOrDefault(p, 0.0);
        }

        Series shift(double d) {
            if (terms == null) return new Series(at(0.0) + d, noise);
            TreeMap<Double, Double> t = new TreeMap<>(terms);
            double v = t.getOrDefault(0.0, 0.0) + d;
            if (v == 0) t.remove(0.0);
            else t.put(0.0, v);
            return new Series(t, noise);
        }

        /** The series without its terms below n^0, which become remainder. */
        Series truncatedAtConstant() {
            if (terms == null) return this;
            TreeMap<Double, Double> t = new TreeMap<>(terms.tailMap(0.0, true));
            double below = terms.headMap(0.0, false).isEmpty() ? EXACT : terms.headMap(0.0, false).lastKey();
            return new Series(t, Math.max(noise, below));
        }
    }

    private ScalarLimit() {}

    /** The limit of f, scalars' series given by {@code refs}; throws {@link NoLimit} when there is none. */
    static double limit(Fn f, IntFunction<Series> refs) {
        return limit(series(f, refs));
    }

    static double limit(Series s) {
        if (s.lead() > 0) throw new NoLimit("it grows like n^" + fmt(s.lead()));
        if (s.noise > 0) {
            throw new NoLimit("it multiplies the O(n^-1/2) fluctuation of a moment by a power of n: it grows like n^"
                    + fmt(s.noise) + " times a random value");
        }
        if (s.noise == 0) {
            throw new NoLimit("its limit is random: it multiplies the O(n^-1/2) fluctuation of a moment by n^1/2, "
                    + "and the Master Theorem gives only the moment's limit");
        }
        return s.at(0.0);
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    static Series series(Fn f, IntFunction<Series> refs) {
        return series(f, f.refIds(), refs);
    }

    /** {@link #series(Fn, IntFunction)} given {@code f.refIds()}. */
    static Series series(Fn f, int[] refIds, IntFunction<Series> refs) {
        Series plain = plain(f, refIds, refs);
        return plain != null ? plain : expand(f, refs);
    }

    /**
     * The limit of f with the series of scalar {@code id} moved by d (a probe of how an input's
     * error carries through f): {@code limit(series(f, refIds, moved))}, where moved gives
     * {@code refs(id).shift(d)} for id. When f is {@link #plain} at refs ({@code plain} true), it is
     * plain at moved too — a constant moved is a constant with the same remainder — so f is
     * evaluated at the moved value directly, unless that is not finite.
     */
    static double shifted(Fn f, int[] refIds, IntFunction<Series> refs, boolean plain, int id, double d) {
        Series moved = refs.apply(id).shift(d);
        IntFunction<Series> at = k -> k == id ? moved : refs.apply(k);
        if (plain) {
            double v = tp.fn.Fns.eval(f, k -> at.apply(k).at(0.0), Double.NaN);
            // what limit(Series.constant(v, noise)) returns: its coefficient of n^0, a −0 read as 0
            if (Double.isFinite(v)) return v != 0 ? v : 0.0;
        }
        return limit(series(f, refIds, at));
    }

    /** Functions whose value at a point depends on the side it is approached from. */
    private static final Op[] SIDED = java.util.Arrays.stream(Op.values())
            .filter(op -> op.jumps() || (op.shape() == Op.Shape.SINGULAR && op != Op.DIV)).toArray(Op[]::new);

    /**
     * A function without n of scalars whose series are constants (the common case) is a constant:
     * its value, with the largest remainder among them; null when it is not such a function (then
     * {@link #expand}).
     */
    static Series plain(Fn f, int[] refIds, IntFunction<Series> refs) {
        if (f.usesWidth()) return null;
        // a jump or a singularity needs the side its argument comes from: the full expansion
        for (Op op : SIDED) if (f.uses(op)) return null;
        double noise = EXACT;
        for (int id : refIds) {
            Series s = refs.apply(id);
            if (s.lead() > 0 || s.count() > 1 || (s.count() == 1 && s.lead() != 0)) return null;
            if (s.noise >= 0) return null;
            noise = Math.max(noise, s.noise);
        }
        double v = tp.fn.Fns.eval(f, id -> refs.apply(id).at(0.0), Double.NaN);
        if (!Double.isFinite(v)) return null;
        return Series.constant(v, noise);
    }

    static Series expand(Fn f, IntFunction<Series> refs) {
        if (f instanceof Fn.Const c) return Series.exact(c.value());
        if (f instanceof Fn.Width) return Series.monomial(1, 1);
        if (f instanceof Fn.Ref r) return refs.apply(r.id());
        Fn.Apply a = (Fn.Apply) f;
        Op op = a.op();
        if (op == Op.MINEIG || op == Op.MAXEIG) {
            double[] v = new double[a.arity()];
            double noise = EXACT;
            for (int i = 0; i < v.length; i++) {
                Series s = expand(a.arg(i), refs);
                if (s.lead() > 0) throw new NoLimit("an entry of the Gram matrix grows like n^" + fmt(s.lead()));
                Series t = s.truncatedAtConstant();
                v[i] = t.at(0.0);
                noise = Math.max(noise, t.noise);
            }
            return Series.constant(op.apply(v), noise);
        }
        Series x = expand(a.arg(0), refs);
        if (a.arity() == 1) return unary(op, x);
        Series y = expand(a.arg(1), refs);
        switch (op) {
            case ADD: return add(x, y, 1);
            case SUB: return add(x, y, -1);
            case MUL: return mul(x, y);
            case DIV: return mul(x, inverse(y));
            case POW: {
                if (y.lead() > 0) throw new NoLimit("an exponent grows with n");
                Series e = y.truncatedAtConstant();
                if (e.noise >= 0 || (e.noise > EXACT && x.lead() > 0)) {
                    throw new NoLimit("it raises a value that depends on n to a power known only in the limit");
                }
                return power(x, e.at(0.0), e.noise);
            }
            case MIN: case MAX: return extreme(op, x, y);
            default: throw new IllegalArgumentException(op.toString());
        }
    }

    private static Series add(Series x, Series y, double sign) {
        TreeMap<Double, Double> t = new TreeMap<>(x.terms());
        for (Map.Entry<Double, Double> e : y.terms().entrySet()) t.merge(e.getKey(), sign * e.getValue(), Double::sum);
        t.values().removeIf(v -> v == 0);
        return new Series(t, Math.max(x.noise, y.noise));
    }

    private static Series mul(Series x, Series y) {
        TreeMap<Double, Double> t = new TreeMap<>();
        double noise = Math.max(x.noise + y.size(), y.noise + x.size());
        for (Map.Entry<Double, Double> a : x.terms().entrySet()) {
            for (Map.Entry<Double, Double> b : y.terms().entrySet()) {
                double p = a.getKey() + b.getKey();
                if (p < CUTOFF) {
                    noise = Math.max(noise, p);
                    continue;
                }
                t.merge(p, a.getValue() * b.getValue(), Double::sum);
            }
        }
        t.values().removeIf(v -> v == 0);
        return new Series(t, noise);
    }

    /** 1/y = (1/c) n^-p (1 − r + r² − …) for y = c n^p (1 + r). */
    private static Series inverse(Series y) {
        double p = y.lead();
        if (p == Double.NEGATIVE_INFINITY || y.noise >= p) {
            throw new NoLimit(y.noise > Double.NEGATIVE_INFINITY
                    ? "it divides by a value whose limit is 0 and which is known only up to its fluctuation"
                    : "it divides by a value whose limit is 0");
        }
        double c = y.terms().get(p);
        Series r = relative(y, p, c);
        Series sum = Series.exact(1);
        Series term = Series.exact(1);
        for (int k = 1; k <= 64 && r.size() > Double.NEGATIVE_INFINITY; k++) {
            term = mul(term, r);
            if (term.size() < CUTOFF) {
                sum = new Series(sum.terms(), Math.max(sum.noise, term.size()));
                break;
            }
            sum = add(sum, term, k % 2 == 1 ? -1 : 1);
        }
        return mul(Series.monomial(-p, 1 / c), sum);
    }

    /** r with y = c n^p (1 + r): every power of r is negative. */
    private static Series relative(Series y, double p, double c) {
        TreeMap<Double, Double> rt = new TreeMap<>();
        for (Map.Entry<Double, Double> e : y.terms().entrySet()) if (e.getKey() < p) rt.put(e.getKey() - p, e.getValue() / c);
        return new Series(rt, y.noise - p);
    }

    /** x^e by the binomial series of (c n^p)^e (1 + r)^e. */
    private static Series power(Series x, double e, double exponentNoise) {
        if (e == Math.rint(e) && e >= 0 && e <= 16) {
            Series out = Series.exact(1);
            for (int i = 0; i < (int) e; i++) out = mul(out, x);
            return withNoise(out, exponentNoise);
        }
        if (e == Math.rint(e) && e < 0 && e >= -16) return withNoise(inverse(power(x, -e, EXACT)), exponentNoise);
        double p = x.lead();
        if (p == Double.NEGATIVE_INFINITY || x.noise >= p) {
            if (e > 0 && x.noise < 0) return new Series(new TreeMap<>(), Math.max(exponentNoise, x.noise * e));
            throw new NoLimit("it raises a value whose limit is 0 to the power " + fmt(e));
        }
        double c = x.terms().get(p);
        if (c < 0) throw new NoLimit("it raises a negative value to the fractional power " + fmt(e));
        Series r = relative(x, p, c);
        Series sum = Series.exact(1);
        Series term = Series.exact(1);
        double binom = 1;
        for (int k = 1; k <= 64 && r.size() > Double.NEGATIVE_INFINITY; k++) {
            binom *= (e - k + 1) / k;
            term = mul(term, r);
            if (term.size() < CUTOFF || binom == 0) {
                sum = new Series(sum.terms(), Math.max(sum.noise, term.size()));
                break;
            }
            sum = add(sum, mul(Series.exact(binom), term), 1);
        }
        return withNoise(mul(Series.monomial(p * e, Math.pow(c, e)), sum), exponentNoise);
    }

    private static Series withNoise(Series s, double noise) {
        return noise == EXACT ? s : new Series(s.terms(), Math.max(s.noise, noise + Math.max(0, s.lead())));
    }

    private static Series extreme(Op op, Series x, Series y) {
        Series d = add(x, y, -1);
        boolean xLarger;
        if (d.lead() > 0 || (d.lead() > d.noise && d.lead() > Double.NEGATIVE_INFINITY)) {
            xLarger = d.terms().get(d.lead()) > 0;
        } else if (d.noise == EXACT) {
            return x;
        } else {
            // the two have the same limit: either one, up to their difference
            Series t = x.truncatedAtConstant();
            return new Series(t.terms(), Math.max(t.noise, d.size()));
        }
        return (op == Op.MAX) == xLarger ? x : y;
    }

    private static Series unary(Op op, Series x) {
        if (op == Op.NEG) return mul(Series.exact(-1), x);
        if (op == Op.ID) return x;
        if (x.lead() > 0 && x.lead() > x.noise) {
            int sign = x.terms().get(x.lead()) > 0 ? 1 : -1;
            Op.Asymptote a = op.atInfinity(sign);
            switch (a.kind()) {
                case "constant": return Series.exact(a.value());
                case "same": return mul(Series.exact(a.value()), x);
                case "power": return power(x, a.value(), EXACT);
                default:
                    throw new NoLimit(op.symbol() + " of a value that grows like n^" + fmt(x.lead()) + ": " + a.reason());
            }
        }
        if (x.lead() > 0) throw new NoLimit(op.symbol() + " of a value that fluctuates like n^" + fmt(x.noise));
        double x0 = x.at(0.0);
        Series r = add(x, Series.exact(x0), -1);
        if (r.size() == Double.NEGATIVE_INFINITY) {
            double v = op.apply(x0);
            if (Double.isNaN(v)) throw new NoLimit(op.symbol() + "(" + x0 + ") is not defined");
            return Series.exact(v);
        }
        if (op == Op.SQRT && (x0 > 0 || (x0 == 0 && r.lead() > r.noise && r.terms().get(r.lead()) > 0))) return power(x, 0.5, EXACT);
        if (x0 == 0 && op.shape() != Op.Shape.SMOOTH) {
            // at the point where it is not smooth: the side the argument comes from decides
            boolean determined = r.lead() > r.noise;
            if (determined && op != Op.LOG) return taylor(op, Math.signum(r.terms().get(r.lead())) * Double.MIN_NORMAL, x0, r);
            if (op.shape() == Op.Shape.KINK) return Series.constant(op.apply(0), r.size());   // Lipschitz: |φ(r) − φ(0)| ≤ |r|
            // continuous at 0 where it is defined (r ≥ 0), with |√r| ≤ |r|^½: the limit is 0, its remainder half as small
            // (a relative change √(moved / size) whose motion vanishes with width)
            if (op == Op.SQRT) return Series.constant(0, r.size() / 2);
            throw new NoLimit(op.symbol() + " of a value whose limit is 0, where " + op.symbol()
                    + (op.jumps() ? " jumps" : " is singular") + ": the limit depends on how it approaches 0");
        }
        return taylor(op, x0, x0, r);
    }

    /** Highest order of the Taylor expansions of unary functions of series. */
    private static final int TAYLOR = 8;

    /**
     * φ(x0 + r) = Σ_k φ⁽ᵏ⁾(at) r^k / k! with derivatives from the function table, the remainder
     * O(r^{K+1}) counted in the series' remainder. {@code at} is x0 or, at a kink, a point just on
     * the side r comes from.
     */
    private static Series taylor(Op op, double at, double x0, Series r) {
        Fn f = tp.fn.Fns.apply(op, new Fn.Ref(0, Fn.Kind.SCALAR));
        Series sum = Series.exact(0);
        Series power = Series.exact(1);
        double factorial = 1;
        for (int k = 0; k <= TAYLOR; k++) {
            double d = k == 0 ? op.apply(at) : tp.fn.Fns.eval(f, id -> at, Double.NaN);
            if (Double.isNaN(d)) throw new NoLimit(op.symbol() + "(" + x0 + ") is not defined");
            if (k > 0) {
                factorial *= k;
                power = mul(power, r);
            }
            if (d != 0) sum = add(sum, mul(Series.exact(d / factorial), power), 1);
            f = tp.fn.Fns.derivative(f, 0);
            if (f instanceof Fn.Const c && c.value() == 0) return sum;
            if (power.size() < CUTOFF) break;
        }
        return new Series(sum.terms(), Math.max(sum.noise, (TAYLOR + 1) * r.size()));
    }
}
