package tp.limit;

import java.util.IdentityHashMap;
import tp.fn.Fn;
import tp.fn.Interval;
import tp.fn.Op;
import tp.fn.Regularity;
import tp.numerics.Normal;

/**
 * What truncating a Gaussian integral to the box |z_i| ≤ B can miss, from the integrand's growth
 * in the function table: every integrand here satisfies |g(z)| ≤ C (1+|z|)^k e^{a|z|}, so the
 * mass outside the box is at most C·r·T·M^{r−1} with T = ∫_{|t|>B} (1+|t|)^k e^{a|t|} φ(t) dt and
 * M the same over the whole line. Infinite when the growth is not of that form.
 */
final class Tails {
    /** (C, k, a) with |g| ≤ C (1+|z|)^k e^{a|z|}. */
    private record Growth(double c, double k, double a) {
        static final Growth UNBOUNDED = new Growth(Double.POSITIVE_INFINITY, 0, 0);
    }

    private Tails() {}

    /** A box |z_i| ≤ box and the most the integrand's mass outside it can be (infinite: not bounded). */
    record Truncation(double box, double tail) {}

    /**
     * The box for the integrand g over the forms {@code μ + F z} (refs 0..m−1 of g): {@code base}
     * widened by twice the integrand's exponential rate (e^{a|z|} moves the mass out by a), and its
     * tail bound.
     */
    static Truncation truncation(Fn g, double[] mean, double[][] factor, double base) {
        int r = factor.length == 0 ? 0 : factor[0].length;
        if (r == 0) return new Truncation(base, 0);
        Regularity ranges = new Regularity(f -> f instanceof Fn.Ref x
                ? Regularity.Profile.gaussian(mean[x.id()], variance(factor[x.id()])) : null);
        Growth gr = growth(g, mean, factor, ranges, new IdentityHashMap<>());
        if (!Double.isFinite(gr.c()) || !Double.isFinite(gr.a())) return new Truncation(base, Double.POSITIVE_INFINITY);
        double box = base + 2 * gr.a();
        double t = 2 * integral(gr.k(), gr.a(), box, box + 60);
        double m = 2 * integral(gr.k(), gr.a(), 0, box + 60);
        return new Truncation(box, gr.c() * r * t * Math.pow(m, r - 1));
    }

    private static double variance(double[] row) {
        double s = 0;
        for (double v : row) s += v * v;
        return s;
    }

    private static double integral(double k, double a, double lo, double hi) {
        return Kronrod.integrate(t -> Math.pow(1 + t, k) * Math.exp(a * t) * Normal.pdf(t), lo, hi, 1e-25, 400).value();
    }

    private static Growth growth(Fn f, double[] mean, double[][] factor, Regularity ranges, IdentityHashMap<Fn, Growth> memo) {
        Growth hit = memo.get(f);
        if (hit != null) return hit;
        Growth out;
        if (f instanceof Fn.Const c) {
            out = new Growth(Math.abs(c.value()), 0, 0);
        } else if (f instanceof Fn.Ref x) {
            out = new Growth(Math.max(Math.abs(mean[x.id()]), Math.sqrt(variance(factor[x.id()]))), 1, 0);
        } else {
            Fn.Apply ap = (Fn.Apply) f;
            Op op = ap.op();
            Growth x = growth(ap.arg(0), mean, factor, ranges, memo);
            Growth y = ap.arity() > 1 ? growth(ap.arg(1), mean, factor, ranges, memo) : null;
            out = apply(op, ap, x, y, ranges);
        }
        memo.put(f, out);
        return out;
    }

    private static Growth apply(Op op, Fn.Apply ap, Growth x, Growth y, Regularity ranges) {
        switch (op.growth()) {
            case BOUNDED: {
                Interval r = op.range(Interval.ALL);
                return new Growth(Math.max(Math.abs(r.lo()), Math.abs(r.hi())), 0, 0);
            }
            case LINEAR: return new Growth(x.c() + 1, x.k(), x.a());
            case SQRT: return new Growth(Math.sqrt(x.c()), x.k() / 2, x.a() / 2);
            case LOGARITHMIC: return new Growth(Math.abs(Math.log(x.c())) + x.k() + x.a() + 10, Math.max(1, x.k()), x.a());
            case EXPONENTIAL:
                if (x.k() > 1 || x.a() > 0) return Growth.UNBOUNDED;
                return new Growth(Math.exp(x.c()), 0, x.c());
            default: break;
        }
        switch (op) {
            case ADD: case SUB: case MIN: case MAX:
                return new Growth(x.c() + y.c(), Math.max(x.k(), y.k()), Math.max(x.a(), y.a()));
            case MUL:
                return new Growth(x.c() * y.c(), x.k() + y.k(), x.a() + y.a());
            case DIV: {
                double least = leastMagnitude(ranges.of(ap.arg(1)).range());
                return least > 0 ? new Growth(x.c() / least, x.k(), x.a()) : Growth.UNBOUNDED;
            }
            case POW: {
                if (!(ap.arg(1) instanceof Fn.Const e)) return Growth.UNBOUNDED;
                double p = e.value();
                if (p >= 0) return new Growth(Math.pow(Math.max(x.c(), 1), p), x.k() * p, x.a() * p);
                double least = leastMagnitude(ranges.of(ap.arg(0)).range());
                if (least > 0) return new Growth(Math.pow(least, p), 0, 0);
                // an integrable singularity |t|^p, -1 < p < 0, across the tail: at most 2/(1+p) per unit of t
                return p > -1 ? new Growth(1 + 2 / (1 + p), 0, 0) : Growth.UNBOUNDED;
            }
            default:
                return Growth.UNBOUNDED;
        }
    }

    private static double leastMagnitude(Interval r) {
        if (r.contains(0)) return 0;
        return Math.min(Math.abs(r.lo()), Math.abs(r.hi()));
    }
}
