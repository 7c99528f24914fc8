package tp.limit;

import tp.fn.Fn;

/**
 * One way of computing an expectation over the atoms. {@link Expectations} asks its tiers in
 * order and takes the first estimate, so a new method (randomised quasi-Monte Carlo, say) is one
 * more implementation in that list, and a forced {@code --method} is a shorter list.
 */
interface ExpectationTier {
    /**
     * E f to within {@code tol}, or {@link Expectations.Unavailable} saying why this tier cannot
     * give it: a later tier may, and the last tier's reason is what the user reads.
     */
    Estimate expect(Fn f, double tol);
}
