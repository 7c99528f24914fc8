package tp.limit;

import java.util.Map;
import java.util.TreeMap;
import tp.fn.Fn;
import tp.fn.Op;

/** An affine form {@code c + Σ a_i atom_i} of Gaussian atoms: itself Gaussian. */
record Linear(double constant, TreeMap<Integer, Double> coefs) {

    /** The affine form of f, or null when f is not affine in the atoms. */
    static Linear of(Fn f) {
        if (f instanceof Fn.Apply a) {
            for (Fn x : a.args()) {
                if (x instanceof Fn.Apply) return of(f, new java.util.IdentityHashMap<>());
            }
        }
        return compute(f, null);
    }

    /** Not affine is remembered as {@link #NONE}; shared subtrees are analysed once. */
    private static final Linear NONE = new Linear(Double.NaN, new TreeMap<>());

    /** As {@link #of(Fn)}, with a memo the caller shares across calls. */
    static Linear of(Fn f, java.util.IdentityHashMap<Fn, Linear> memo) {
        if (f instanceof Fn.Apply && memo != null) {
            Linear hit = memo.get(f);
            if (hit != null) return hit == NONE ? null : hit;
            Linear l = compute(f, memo);
            memo.put(f, l == null ? NONE : l);
            return l;
        }
        return compute(f, memo);
    }

    private static Linear compute(Fn f, java.util.IdentityHashMap<Fn, Linear> memo) {
        if (f instanceof Fn.Const c) return new Linear(c.value(), new TreeMap<>());
        if (f instanceof Fn.Ref r) {
            TreeMap<Integer, Double> m = new TreeMap<>();
            m.put(r.id(), 1.0);
            return new Linear(0, m);
        }
        if (!(f instanceof Fn.Apply a)) return null;
        switch (a.op()) {
            case ID: return of(a.arg(0), memo);
            case NEG: {
                Linear x = of(a.arg(0), memo);
                return x == null ? null : x.scale(-1);
            }
            case ADD: case SUB: {
                Linear x = of(a.arg(0), memo);
                Linear y = of(a.arg(1), memo);
                if (x == null || y == null) return null;
                return x.plus(a.op() == Op.SUB ? y.scale(-1) : y);
            }
            case MUL: {
                Linear x = of(a.arg(0), memo);
                Linear y = of(a.arg(1), memo);
                if (x == null || y == null) return null;
                if (x.coefs.isEmpty()) return y.scale(x.constant);
                if (y.coefs.isEmpty()) return x.scale(y.constant);
                return null;
            }
            case DIV: {
                Linear x = of(a.arg(0), memo);
                Linear y = of(a.arg(1), memo);
                if (x == null || y == null || !y.coefs.isEmpty()) return null;
                return x.scale(1 / y.constant);
            }
            default: return null;
        }
    }

    /** The form as a flat function: c + Σ a_i atom_i. */
    Fn fn() {
        Fn f = tp.fn.Fns.c(constant);
        for (Map.Entry<Integer, Double> e : coefs.entrySet()) {
            f = tp.fn.Fns.add(f, tp.fn.Fns.mul(tp.fn.Fns.c(e.getValue()), new Fn.Ref(e.getKey(), Fn.Kind.VECTOR)));
        }
        return f;
    }

    /** An affine function flattened (so deep linear programs keep small Z graphs); anything else as it is. */
    static Fn flatten(Fn f) {
        Linear l = of(f);
        return l == null ? f : l.fn();
    }

    Linear scale(double k) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : coefs.entrySet()) if (k * e.getValue() != 0) m.put(e.getKey(), k * e.getValue());
        return new Linear(k * constant, m);
    }

    Linear plus(Linear o) {
        TreeMap<Integer, Double> m = new TreeMap<>(coefs);
        for (Map.Entry<Integer, Double> e : o.coefs.entrySet()) {
            double v = m.getOrDefault(e.getKey(), 0.0) + e.getValue();
            if (v == 0) m.remove(e.getKey());
            else m.put(e.getKey(), v);
        }
        return new Linear(constant + o.constant, m);
    }

    double mean(Atoms atoms) {
        double s = constant;
        for (Map.Entry<Integer, Double> e : coefs.entrySet()) s += e.getValue() * atoms.mean(e.getKey());
        return s;
    }

    double cov(Linear o, Atoms atoms) {
        return cov(o, atoms, null);
    }

    /**
     * {@link #cov(Linear, Atoms)}, and in {@code error[0]} (when given) a bound on its error: the
     * errors of the covariance entries it reads ({@link Atoms#covError}) times the coefficients,
     * and the rounding of its sum and of the coefficients (8 ulps of the sum of its terms' sizes
     * per term; none for one term of coefficients ±1, which is the entry itself). One pass.
     */
    double cov(Linear o, Atoms atoms, double[] error) {
        double s = 0;
        double entries = 0;
        double size = 0;
        int count = 0;
        boolean unit = true;
        for (Map.Entry<Integer, Double> a : coefs.entrySet()) {
            for (Map.Entry<Integer, Double> b : o.coefs.entrySet()) {
                double c = atoms.cov(a.getKey(), b.getKey());
                if (error != null) entries += Math.abs(a.getValue() * b.getValue()) * atoms.covError(a.getKey(), b.getKey());
                if (c == 0) continue;
                s += a.getValue() * b.getValue() * c;
                if (error == null) continue;
                double k = Math.abs(a.getValue() * b.getValue());
                size += k * Math.abs(c);
                count++;
                unit &= k == 1;
            }
        }
        if (error != null) error[0] = entries + (count == 1 && unit ? 0 : 8 * Math.ulp(size) * count);
        return s;
    }
}
