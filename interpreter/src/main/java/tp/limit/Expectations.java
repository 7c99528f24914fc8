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

    Estimate expect(Fn f) {
        if (f instanceof Fn.Const c) return Estimate.exact(c.value());
        if (Regularity.needed(f)) {
            String problem = profile(f).problem();
            if (problem != null) throw new Undefined(problem);
        }
        if (options.method() != LimitOptions.Forced.QUADRATURE) {
            Estimate e = exact.expect(f);
            if (e != null) return checked(e);
            if (options.method() == LimitOptions.Forced.EXACT) {
                throw new Unavailable("no exact method for this expectation (use --method quadrature)");
            }
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
        if (Double.isInfinite(e.value())) throw new Undefined("it is infinite");
        return e;
    }
}
