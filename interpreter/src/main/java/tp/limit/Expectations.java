package tp.limit;

import java.util.IdentityHashMap;
import tp.fn.Fn;
import tp.fn.Regularity;

/**
 * The seam between the Z graph and the tiers: first whether the expectation exists at all (the
 * function table's {@link Regularity}), then exact algebra, then quadrature (or one forced tier).
 */
final class Expectations {
    /** No tier here can do this expectation (particles may); the message says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The expectation does not exist, or the integrand is undefined: no tier may give a number. */
    static final class Undefined extends RuntimeException {
        Undefined(String message) {
            super(message, null, false, false);
        }
    }

    /** Why an expectation that overflows is refused (the backend says "the limit of … is infinite"). */
    static final String INFINITE = "it is infinite";

    private final Atoms atoms;
    private final ExactTier exact;
    private final QuadratureTier quadrature;
    private final LimitOptions options;

    Expectations(Atoms atoms, LimitOptions options) {
        this.atoms = atoms;
        this.quadrature = new QuadratureTier(atoms);
        // exact algebra, handing what has no closed form to quadrature — unless exactness is demanded
        this.exact = new ExactTier(atoms, options.method() == LimitOptions.Forced.EXACT ? null : quadrature, options.tol());
        this.options = options;
    }

    /** What the function table says about the values of f (a function of atoms). */
    Regularity.Profile profile(Fn f) {
        IdentityHashMap<Fn, Linear> memo = new IdentityHashMap<>();
        return new Regularity(x -> {
            if (x instanceof Fn.Const) return null;
            Linear l = Linear.of(x, memo);
            return l == null ? null : Regularity.Profile.gaussian(l.mean(atoms), l.cov(l, atoms));
        }).of(f);
    }

    /**
     * The exact tier expands the sums and products at the top of an integrand into at most 512
     * terms of at most 13 factors each, so it cannot succeed when that part, unfolded as a tree,
     * has more than this many nodes; and unfolding a DAG (a value used twice, at every level of a
     * deep program) takes time exponential in its depth. Such integrands go straight to quadrature.
     */
    static final long MAX_ALGEBRA_TREE = 100_000;

    /** The size of f's arithmetic top (sums, products, quotients, powers, negations) unfolded as a tree, beyond the bound. */
    static boolean tooLargeForAlgebra(Fn f) {
        if (!(f instanceof Fn.Apply root) || root.treeSize() <= MAX_ALGEBRA_TREE) return false;
        if (Linear.of(f) != null) return false;     // affine: Gaussian, whatever its size
        java.util.IdentityHashMap<Fn, Long> size = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Fn.Apply> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Fn.Apply a = todo.peek();
            if (size.containsKey(a)) {
                todo.pop();
                continue;
            }
            boolean ready = true;
            if (arithmetic(a.op())) {
                for (Fn x : a.args()) {
                    if (x instanceof Fn.Apply b && !size.containsKey(b)) {
                        todo.push(b);
                        ready = false;
                    }
                }
            }
            if (!ready) continue;
            todo.pop();
            long s = 1;
            if (arithmetic(a.op())) {
                for (Fn x : a.args()) s = Math.min(Long.MAX_VALUE / 4, s + (x instanceof Fn.Apply ? size.get(x) : 1));
            }
            size.put(a, s);
        }
        return size.get(root) > MAX_ALGEBRA_TREE;
    }

    private static boolean arithmetic(tp.fn.Op op) {
        switch (op) {
            case ADD: case SUB: case MUL: case DIV: case POW: case NEG: return true;
            default: return false;
        }
    }

    /**
     * Evaluations of an integrand point by point that one expectation may take (the shipped programs
     * need at most about 300 000): adaptive quadrature of an integrand it cannot resolve (scales of
     * 1e12, say) would subdivide for minutes; beyond this, the expectation is unavailable to the
     * deterministic tiers (and particles take over, in auto). Tensor Gauss–Hermite rules, evaluated
     * in batches, have their own bound on points.
     */
    static final long MAX_EVALUATIONS = 2_000_000;

    Estimate expect(Fn f) {
        try {
            return tp.fn.EvalBudget.within(MAX_EVALUATIONS, () -> expectWithin(f));
        } catch (tp.fn.EvalBudget.Exhausted e) {
            throw new Unavailable("quadrature does not settle this expectation within " + String.format("%,d", MAX_EVALUATIONS)
                    .replace(',', ' ') + " evaluations of the integrand; particles can (--method auto or particles)");
        }
    }

    private Estimate expectWithin(Fn f) {
        if (f instanceof Fn.Const c) return Estimate.exact(c.value());
        if (Regularity.needed(f)) {
            String problem = profile(f).problem();
            if (problem != null) throw new Undefined(problem);
        }
        if (options.method() != LimitOptions.Forced.QUADRATURE && !tooLargeForAlgebra(f)) {
            Estimate e = exact.expect(f);
            if (e != null) return checked(e);
            if (options.method() == LimitOptions.Forced.EXACT) {
                throw new Unavailable("no exact method for this expectation (use --method quadrature)");
            }
        }
        if (options.method() == LimitOptions.Forced.EXACT) {
            throw new Unavailable("no exact method for this expectation: its expansion is too large (use --method quadrature)");
        }
        Estimate e = quadrature.expect(f, options.tol());
        if (Double.isInfinite(e.error())) {
            throw new Unavailable("quadrature cannot settle this expectation (too many Gaussian directions, or a kink "
                    + "or jump whose position is not an affine form); particles can (--method auto or particles)");
        }
        return checked(e);
    }

    private static Estimate checked(Estimate e) {
        if (Double.isNaN(e.value()) || Double.isNaN(e.error())) throw new Undefined("its value is not a number (NaN)");
        if (Double.isInfinite(e.value())) throw new Undefined(INFINITE);
        return e;
    }
}
