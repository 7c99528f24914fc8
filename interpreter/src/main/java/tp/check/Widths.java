package tp.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;

/**
 * The width n inside vector expressions: every scalar sub-expression that involves n is taken
 * out as a scalar of its own (so the limit in n is taken, or refused, there — not left inside a
 * vector where n would have no value). Products and sums are regrouped first, so that
 * {@code x * n / n} and {@code (x + n) - n} give the scalars {@code n / n} and {@code n - n}.
 */
final class Widths {
    private Widths() {}

    /** f = coefficient × vector, the coefficient collecting every scalar factor of a product. */
    record Product(Fn coefficient, Fn vector) {}

    /** The product form of a vector expression, or null when it has no scalar factor. */
    static Product product(Fn f) {
        List<Fn> scalars = new ArrayList<>();
        List<Boolean> scalarInverse = new ArrayList<>();
        List<Fn> vectors = new ArrayList<>();
        List<Boolean> vectorInverse = new ArrayList<>();
        factors(f, false, scalars, scalarInverse, vectors, vectorInverse);
        if (scalars.isEmpty() || vectors.isEmpty()) return null;
        return new Product(combine(scalars, scalarInverse), combine(vectors, vectorInverse));
    }

    private static void factors(Fn f, boolean inverse, List<Fn> scalars, List<Boolean> si, List<Fn> vectors, List<Boolean> vi) {
        if (f instanceof Fn.Apply a && f.kind() == Fn.Kind.VECTOR) {
            if (a.op() == Op.MUL) {
                factors(a.arg(0), inverse, scalars, si, vectors, vi);
                factors(a.arg(1), inverse, scalars, si, vectors, vi);
                return;
            }
            if (a.op() == Op.DIV) {
                factors(a.arg(0), inverse, scalars, si, vectors, vi);
                factors(a.arg(1), !inverse, scalars, si, vectors, vi);
                return;
            }
            if (a.op() == Op.NEG) {
                scalars.add(Fns.c(-1));
                si.add(false);
                factors(a.arg(0), inverse, scalars, si, vectors, vi);
                return;
            }
        }
        if (f.kind() == Fn.Kind.SCALAR) {
            scalars.add(f);
            si.add(inverse);
        } else {
            vectors.add(f);
            vi.add(inverse);
        }
    }

    private static Fn combine(List<Fn> fs, List<Boolean> inverse) {
        Fn out = null;
        for (int i = 0; i < fs.size(); i++) {
            Fn x = fs.get(i);
            if (out == null) out = inverse.get(i) ? Fns.div(Fns.ONE, x) : x;
            else out = inverse.get(i) ? Fns.div(out, x) : Fns.mul(out, x);
        }
        return out;
    }

    /** f with each scalar sub-expression that involves n replaced by {@code scalar.apply(it)}. */
    static Fn hoist(Fn f, Function<Fn, Fn> scalar) {
        return hoist(f, scalar, new IdentityHashMap<>());
    }

    private static Fn hoist(Fn f, Function<Fn, Fn> scalar, IdentityHashMap<Fn, Fn> memo) {
        if (!(f instanceof Fn.Apply a) || !f.usesWidth()) return f instanceof Fn.Width ? scalar.apply(f) : f;
        Fn hit = memo.get(f);
        if (hit != null) return hit;
        Fn out;
        if (f.kind() == Fn.Kind.SCALAR) {
            out = scalar.apply(f);
        } else if (a.op() == Op.MUL || a.op() == Op.DIV || a.op() == Op.NEG) {
            Product p = product(f);
            if (p != null && p.coefficient().usesWidth()) {
                out = Fns.mul(scalar.apply(p.coefficient()), hoist(p.vector(), scalar, memo));
            } else {
                out = rebuild(a, scalar, memo);
            }
        } else if (a.op() == Op.ADD || a.op() == Op.SUB) {
            List<Fn> terms = new ArrayList<>();
            List<Boolean> negative = new ArrayList<>();
            terms(f, false, terms, negative);
            Fn scalars = null;
            Fn vectors = null;
            for (int i = 0; i < terms.size(); i++) {
                Fn t = terms.get(i);
                boolean neg = negative.get(i);
                if (t.kind() == Fn.Kind.SCALAR) {
                    scalars = scalars == null ? (neg ? Fns.neg(t) : t) : neg ? Fns.sub(scalars, t) : Fns.add(scalars, t);
                } else {
                    Fn v = hoist(t, scalar, memo);
                    vectors = vectors == null ? (neg ? Fns.neg(v) : v) : neg ? Fns.sub(vectors, v) : Fns.add(vectors, v);
                }
            }
            if (scalars == null) out = vectors;
            else out = Fns.add(vectors, scalars.usesWidth() ? scalar.apply(scalars) : scalars);
        } else {
            out = rebuild(a, scalar, memo);
        }
        memo.put(f, out);
        return out;
    }

    private static Fn rebuild(Fn.Apply a, Function<Fn, Fn> scalar, IdentityHashMap<Fn, Fn> memo) {
        Fn[] args = new Fn[a.arity()];
        for (int i = 0; i < args.length; i++) args[i] = hoist(a.arg(i), scalar, memo);
        return Fns.apply(a.op(), args);
    }

    private static void terms(Fn f, boolean negative, List<Fn> out, List<Boolean> signs) {
        if (f instanceof Fn.Apply a && f.kind() == Fn.Kind.VECTOR && (a.op() == Op.ADD || a.op() == Op.SUB)) {
            terms(a.arg(0), negative, out, signs);
            terms(a.arg(1), a.op() == Op.SUB != negative, out, signs);
            return;
        }
        if (f instanceof Fn.Apply a && f.kind() == Fn.Kind.VECTOR && a.op() == Op.NEG) {
            terms(a.arg(0), !negative, out, signs);
            return;
        }
        out.add(f);
        signs.add(negative);
    }
}
