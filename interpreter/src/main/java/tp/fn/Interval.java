package tp.fn;

/**
 * A closed interval of reals (ends may be infinite) containing every value an expression can
 * take: interval arithmetic over the function table, used to tell whether a denominator or a
 * logarithm's argument can reach 0 or leave the domain.
 */
public record Interval(double lo, double hi) {
    public static final Interval ALL = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public static Interval point(double v) {
        return new Interval(v, v);
    }

    public boolean contains(double v) {
        return lo <= v && v <= hi;
    }

    public Interval plus(Interval o) {
        double l = lo + o.lo;
        double h = hi + o.hi;
        return new Interval(Double.isNaN(l) ? Double.NEGATIVE_INFINITY : l, Double.isNaN(h) ? Double.POSITIVE_INFINITY : h);
    }

    public Interval negate() {
        return new Interval(-hi, -lo);
    }

    public Interval times(Interval o) {
        double[] p = {prod(lo, o.lo), prod(lo, o.hi), prod(hi, o.lo), prod(hi, o.hi)};
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new Interval(min, max);
    }

    /** 0 × ∞ is 0 here: an end that is exactly 0 stays 0. */
    private static double prod(double a, double b) {
        return a == 0 || b == 0 ? 0 : a * b;
    }

    /** 1/x over the interval; [1/hi, ∞] from [0, hi]; all reals when it straddles 0 (or ends at 0 from below). */
    public Interval reciprocal() {
        if (lo > 0 || hi < 0) return new Interval(1 / hi, 1 / lo);
        if (lo == 0 && hi > 0) return new Interval(1 / hi, Double.POSITIVE_INFINITY);
        return ALL;
    }

    /** x^p for a constant exponent p; all reals when not known. */
    public Interval power(Interval p) {
        if (p.lo != p.hi) return ALL;
        double e = p.lo;
        if (e == Math.rint(e) && e >= 0) {
            if (e == 0) return point(1);
            if (e % 2 == 1) return new Interval(Math.pow(lo, e), Math.pow(hi, e));
            if (lo >= 0) return new Interval(Math.pow(lo, e), Math.pow(hi, e));
            if (hi <= 0) return new Interval(Math.pow(hi, e), Math.pow(lo, e));
            return new Interval(0, Math.max(Math.pow(lo, e), Math.pow(hi, e)));
        }
        if (lo < 0) return ALL;
        return e > 0 ? new Interval(Math.pow(lo, e), Math.pow(hi, e)) : new Interval(Math.pow(hi, e), Math.pow(lo, e));
    }

    /**
     * The image under a non-decreasing function (ends outside its domain go to −∞). A smooth
     * function never reaches 0 when that is only its value at an infinite end (exp x > 0 for every
     * real x): such an end is moved off 0, so that the range says 0 is not reached.
     */
    public Interval map(Op f) {
        double l = end(f.apply(lo), Double.NEGATIVE_INFINITY);
        double h = end(f.apply(hi), Double.POSITIVE_INFINITY);
        if (f.shape() == Op.Shape.SMOOTH) {
            if (lo == Double.NEGATIVE_INFINITY && l == 0) l = Double.MIN_VALUE;
            if (hi == Double.POSITIVE_INFINITY && h == 0) h = -Double.MIN_VALUE;
        }
        return new Interval(l, h);
    }

    private static double end(double v, double ifNaN) {
        return Double.isNaN(v) ? ifNaN : v;
    }
}
