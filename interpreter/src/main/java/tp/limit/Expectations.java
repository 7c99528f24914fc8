package tp.limit;

import tp.fn.Fn;

/** The seam between the Z graph and the tiers: exact first, then quadrature (or one forced tier). */
final class Expectations {
    /** No tier can do this expectation; the message says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final ExactTier exact;
    private final QuadratureTier quadrature;
    private final LimitOptions options;

    Expectations(Atoms atoms, LimitOptions options) {
        this.quadrature = new QuadratureTier(atoms);
        // exact algebra, handing what has no closed form to quadrature — unless exactness is demanded
        this.exact = new ExactTier(atoms, options.method() == LimitOptions.Forced.EXACT ? null : quadrature, options.tol());
        this.options = options;
    }

    Estimate expect(Fn f) {
        if (f instanceof Fn.Const c) return Estimate.exact(c.value());
        if (options.method() != LimitOptions.Forced.QUADRATURE) {
            Estimate e = exact.expect(f);
            if (e != null) return e;
            if (options.method() == LimitOptions.Forced.EXACT) {
                throw new Unavailable("no exact method for this expectation (use --method quadrature)");
            }
        }
        Estimate e = quadrature.expect(f, options.tol());
        if (Double.isInfinite(e.error())) {
            throw new Unavailable("quadrature cannot settle this expectation (too many Gaussian directions, or kinks "
                    + "in more than two); particles can (--method auto or particles)");
        }
        return e;
    }
}
