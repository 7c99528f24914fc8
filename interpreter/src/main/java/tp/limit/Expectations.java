package tp.limit;

import java.util.IdentityHashMap;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Regularity;

/**
 * The seam between the Z graph and the tiers: first whether the expectation exists at all (the
 * function table's {@link Regularity}), then each {@link ExpectationTier} in turn — exact algebra,
 * then quadrature, or the one tier {@code --method} forces — until one gives an estimate.
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

    /**
     * The expectation exists, but no tier resolves it at double precision (a break along a
     * direction too thin to keep): refused, never handed to particles, which would drop the same
     * direction.
     */
    static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    /** Why an expectation that overflows is refused (the backend says "the limit of … is infinite"). */
    static final String INFINITE = "it is infinite";

    private final Atoms atoms;
    private final List<ExpectationTier> tiers;
    private final LimitOptions options;

    Expectations(Atoms atoms, LimitOptions options) {
        this.atoms = atoms;
        QuadratureTier quadrature = new QuadratureTier(atoms);
        this.tiers = switch (options.method()) {
            // exactness demanded: not even what algebra leaves goes to quadrature
            case EXACT -> List.of(new ExactTier(atoms, null));
            case QUADRATURE -> List.of(quadrature);
            // exact algebra, handing what has no closed form to quadrature, then quadrature on the whole
            case AUTO, PARTICLES -> List.of(new ExactTier(atoms, quadrature), quadrature);
        };
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
        Unavailable declined = null;
        for (ExpectationTier tier : tiers) {
            try {
                return checked(tier.expect(f, options.tol()));
            } catch (Unavailable e) {
                declined = e;
            }
        }
        throw declined;
    }

    private static Estimate checked(Estimate e) {
        if (Double.isNaN(e.value()) || Double.isNaN(e.error())) throw new Undefined("its value is not a number (NaN)");
        if (Double.isInfinite(e.value())) throw new Undefined(INFINITE);
        return e;
    }
}
