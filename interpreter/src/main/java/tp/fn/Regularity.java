package tp.fn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * Whether an elementwise function of Gaussian variables is defined almost surely, and whether
 * its expectation exists — decided from the function table before any number is computed, so
 * that an undefined limit is refused instead of integrated. Each sub-expression gets a
 * {@link Profile}: a range that contains its values; whether it can take one value with positive
 * probability; the order to which it vanishes where it is 0; the order β to which it blows up
 * near a hyperplane (|f| ~ dist^-β); and how fast it grows at infinity (a polynomial degree, or
 * exp(c|z|^d)). An expectation exists when nothing is undefined, β < 1 (a conservative test: β
 * adds over products) and the growth is at most exponential in |z|.
 */
public final class Regularity {
    /**
     * What is known about the values of an expression.
     *
     * @param atoms     it may take some value with positive probability
     * @param zeroMass  it may be 0 with positive probability
     * @param order     where it is 0 (on a null set) it vanishes like dist^order (NaN: not known)
     * @param blowup    it is O(dist^-blowup) near where it is singular (NaN: not known)
     * @param degree    it grows at most like |z|^degree at infinity (when expDegree is 0)
     * @param expDegree it grows at most like exp(c|z|^expDegree) (0: polynomially)
     * @param undefined why it is undefined (NaN or infinite) with positive probability, or null
     */
    public record Profile(Interval range, boolean atoms, boolean zeroMass, double order, double blowup, double degree,
                          double expDegree, String undefined) {
        public static Profile constant(double c) {
            return new Profile(Interval.point(c), false, c == 0, Double.NaN, 0, 0, 0, null);
        }

        /** A Gaussian with the given mean and variance. */
        public static Profile gaussian(double mean, double variance) {
            if (!(variance > 0)) return constant(mean);
            return CONTINUOUS;
        }

        /** A scalar of the program: a number in the limit, whose value is not known here. */
        public static final Profile SCALAR = new Profile(Interval.ALL, false, false, Double.NaN, 0, 0, 0, null);

        /** An opaque vector: any real, a continuous law, a simple zero set, Gaussian-like growth. */
        public static final Profile CONTINUOUS = new Profile(Interval.ALL, false, false, 1, 0, 1, 0, null);

        Profile undefined(String why) {
            return this.undefined != null ? this : new Profile(range, atoms, zeroMass, order, blowup, degree, expDegree, why);
        }

        Profile growth(double degree, double expDegree) {
            return new Profile(range, atoms, zeroMass, order, blowup, degree, expDegree, undefined);
        }

        /** Why E[f] does not exist or f is undefined; null when the expectation exists. */
        public String problem() {
            if (undefined != null) return undefined;
            if (Double.isNaN(blowup)) return "it may be singular in a way whose integrability cannot be established";
            if (blowup >= 1) return "it blows up like 1/|t|" + (blowup == 1 ? "" : "^" + Fns.formatConst(blowup))
                    + " near where its denominator vanishes: the integral diverges";
            if (expDegree > 1) {
                return "it grows like exp(c·|z|" + (Double.isInfinite(expDegree) ? "^∞" : "^" + Fns.formatConst(expDegree))
                        + ") in its Gaussian variables: its expectation is not established to exist";
            }
            return null;
        }
    }

    /**
     * Whether f has anything this analysis could object to: a function that is singular somewhere
     * or grows exponentially. Without one, every expectation of f exists (its Gaussian leaves have
     * all moments), and the analysis can be skipped.
     */
    public static boolean needed(Fn f) {
        // the ops below f are known in constant time: most integrands have none of these
        boolean suspect = false;
        for (Op op : SUSPECT) suspect |= f.uses(op);
        if (!suspect) return false;
        java.util.Set<Fn> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Fn> todo = new java.util.ArrayDeque<>();
        todo.push(f);
        while (!todo.isEmpty()) {
            if (!(todo.pop() instanceof Fn.Apply a) || (a.arity() > 1 && !seen.add(a))) continue;
            Op op = a.op();
            boolean harmless = (op == Op.POW && Op.smoothPower(a.arg(1)))
                    || (op == Op.DIV && a.arg(1).kind() == Fn.Kind.SCALAR);
            if (op.shape() == Op.Shape.SINGULAR && !harmless) return true;
            if (op.growth() == Op.Growth.EXPONENTIAL) return true;
            for (Fn x : a.args()) todo.push(x);
        }
        return false;
    }

    /** The functions {@link #needed} looks for: singular somewhere, or growing exponentially. */
    private static final Op[] SUSPECT = java.util.Arrays.stream(Op.values())
            .filter(op -> op.shape() == Op.Shape.SINGULAR || op.growth() == Op.Growth.EXPONENTIAL).toArray(Op[]::new);

    /** The profile of a leaf (a value, an atom, an affine form), or null when f is not a leaf. */
    private final Function<Fn, Profile> leaves;
    private final IdentityHashMap<Fn, Profile> memo = new IdentityHashMap<>();

    public Regularity(Function<Fn, Profile> leaves) {
        this.leaves = leaves;
    }

    /** The profile of f; shared subtrees are analysed once. */
    public Profile of(Fn f) {
        Profile hit = memo.get(f);
        if (hit != null) return hit;
        Profile p = leaves.apply(f);
        if (p == null) p = compute(f);
        memo.put(f, p);
        return p;
    }

    private Profile compute(Fn f) {
        if (f instanceof Fn.Const c) return Profile.constant(c.value());
        if (!(f instanceof Fn.Apply a)) return Profile.CONTINUOUS;
        Op op = a.op();
        List<Fn> args = a.args();
        if (op == Op.MINEIG || op == Op.MAXEIG) return Profile.SCALAR;
        Profile x = of(args.get(0));
        Profile y = args.size() == 2 ? of(args.get(1)) : null;
        Profile p = y != null ? binary(op, args, x, y) : unary(op, x);
        String undefined = x.undefined != null ? x.undefined : y != null ? y.undefined : null;
        return undefined == null ? p : p.undefined(undefined);
    }

    private Profile binary(Op op, List<Fn> args, Profile x, Profile y) {
        Interval range = op.range(x.range, y.range);
        boolean atoms = x.atoms || y.atoms;
        double exp = Math.max(x.expDegree, y.expDegree);
        switch (op) {
            case ADD: case SUB: case MIN: case MAX: {
                // min/max with a constant is that constant with positive probability
                if ((op == Op.MIN || op == Op.MAX) && (isPoint(x.range) || isPoint(y.range))) atoms = true;
                boolean zero = atoms && range.contains(0);
                double order = Double.NaN;
                if (op == Op.ADD || op == Op.SUB) {
                    if (isPoint(x.range)) order = y.order;
                    else if (isPoint(y.range)) order = x.order;
                }
                return new Profile(range, atoms, zero, order, Math.max(x.blowup, y.blowup), Math.max(x.degree, y.degree), exp, null);
            }
            case MUL: {
                if (args.get(0) == args.get(1) || args.get(0).equals(args.get(1))) range = new Interval(0, range.hi());
                double order = x.range.contains(0) && y.range.contains(0) ? x.order + y.order
                        : x.range.contains(0) ? x.order : y.order;
                return new Profile(range, atoms, x.zeroMass || y.zeroMass, order, x.blowup + y.blowup, x.degree + y.degree, exp, null);
            }
            case DIV: {
                if (y == Profile.SCALAR || !y.range.contains(0)) {
                    return new Profile(range, atoms, x.zeroMass, Double.NaN, x.blowup, x.degree, x.expDegree, null);
                }
                Profile p = new Profile(range, atoms, x.zeroMass, Double.NaN, x.blowup + y.order, x.degree, x.expDegree, null);
                return y.zeroMass ? p.undefined("it divides by a value that is 0 with positive probability") : p;
            }
            case POW: {
                if (x == Profile.SCALAR) return Profile.SCALAR;
                if (!(args.get(1) instanceof Fn.Const k)) {
                    return new Profile(Interval.ALL, true, true, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, null);
                }
                double e = k.value();
                double degree = Math.max(0, e) * x.degree;
                double expDegree = e > 0 ? x.expDegree : 0;
                if (e == Math.rint(e) && e >= 0) {
                    return new Profile(range, x.atoms, x.zeroMass && e > 0, e * x.order, e * x.blowup, degree, expDegree, null);
                }
                Profile p = new Profile(range, x.atoms, x.zeroMass && e > 0, Math.abs(e) * x.order, Math.max(0, e) * x.blowup,
                        degree, expDegree, null);
                if (e != Math.rint(e) && x.range.lo() < 0) {
                    return p.undefined("it raises a value that can be negative to the fractional power " + Fns.formatConst(e));
                }
                if (e < 0 && x.range.contains(0)) {
                    if (x.zeroMass) return p.undefined("it raises a value that is 0 with positive probability to a negative power");
                    return new Profile(range, x.atoms, false, Double.NaN, -e * x.order, degree, expDegree, null);
                }
                return p;
            }
            default:
                throw new AssertionError(op);
        }
    }

    private static boolean isPoint(Interval i) {
        return i.lo() == i.hi();
    }

    private Profile unary(Op op, Profile x) {
        if (x == Profile.SCALAR) return Profile.SCALAR;
        Interval range = op.range(x.range);
        boolean atoms = x.atoms;
        boolean zero = x.atoms && range.contains(0);
        double order = Double.NaN;
        switch (op.zeros()) {
            case SIMPLE:
                zero = x.zeroMass;
                order = op.growth() == Op.Growth.SQRT ? x.order / 2 : x.order;
                break;
            case FLAT:
                atoms = atoms || x.range.lo() < 0;
                zero = x.zeroMass || x.range.lo() < 0;
                break;
            case POINT:
                atoms = true;
                zero = x.zeroMass;
                break;
            default:
                break;
        }
        if (op.jumps()) atoms = true;
        double blowup;
        double degree = x.degree;
        double expDegree = x.expDegree;
        switch (op.growth()) {
            case BOUNDED:
                blowup = 0;
                degree = 0;
                expDegree = 0;
                break;
            case SQRT:
                blowup = x.blowup / 2;
                degree = x.degree / 2;
                break;
            case LOGARITHMIC:
                // log of a value that blows up grows like log(1/|t|): integrable, slightly worse than any power
                blowup = x.blowup > 0 ? 1e-9 : 0;
                degree = x.expDegree;
                expDegree = 0;
                break;
            case EXPONENTIAL:
                blowup = x.blowup > 0 ? Double.NaN : 0;
                if (range.hi() < Double.POSITIVE_INFINITY) {
                    degree = 0;
                    expDegree = 0;
                } else {
                    degree = 0;
                    expDegree = x.expDegree > 0 ? Double.POSITIVE_INFINITY : x.degree;
                }
                break;
            default:
                blowup = x.blowup;
                break;
        }
        Profile p = new Profile(range, atoms, zero, order, blowup, degree, expDegree, null);
        double low = op.domainLow();
        if (low > Double.NEGATIVE_INFINITY) {
            String f = "`" + op.symbol() + "`";
            if (x.range.lo() < low) {
                return p.undefined(f + " of a value that can be negative (it is undefined there)");
            }
            if (op.domainOpen() && x.range.contains(low)) {
                if (x.zeroMass) return p.undefined(f + " of a value that is 0 with positive probability");
                // log|t| near t = 0: integrable, slightly worse than any power
                double b = Double.isNaN(x.order) ? Double.NaN : Math.max(blowup, 1e-9);
                return new Profile(range, atoms, zero, order, b, degree, expDegree, null);
            }
        }
        return p;
    }
}
