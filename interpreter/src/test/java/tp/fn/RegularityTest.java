package tp.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static tp.fn.Fns.add;
import static tp.fn.Fns.c;
import static tp.fn.Fns.div;
import static tp.fn.Fns.mul;
import static tp.fn.Fns.sub;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Definedness and integrability verdicts for functions of Gaussian leaves, against what is
 * known of each integral: E|x|^p < ∞ exactly for p > −1, log|x| is integrable, and so on.
 */
class RegularityTest {
    /** x ~ N(0, 1), y ~ N(0.8, 2) (independent), k a constant leaf (variance 0) equal to 0, s a scalar. */
    private static final Fn X = new Fn.Ref(0, Fn.Kind.VECTOR);
    private static final Fn Y = new Fn.Ref(1, Fn.Kind.VECTOR);
    private static final Fn K = new Fn.Ref(2, Fn.Kind.VECTOR);
    private static final Fn S = new Fn.Ref(3, Fn.Kind.SCALAR);

    enum Verdict { INTEGRABLE, DIVERGENT, UNDEFINED, UNKNOWN }

    /** The leaf oracle of the limit's expectations: every leaf is a Gaussian of known mean and variance. */
    private static Regularity.Profile profile(Fn f) {
        return new Regularity(x -> {
            if (!(x instanceof Fn.Ref r)) return null;
            switch (r.id()) {
                case 0: return Regularity.Profile.gaussian(0, 1);
                case 1: return Regularity.Profile.gaussian(0.8, 2);
                case 2: return Regularity.Profile.gaussian(0, 0);
                default: return Regularity.Profile.SCALAR;
            }
        }).of(f);
    }

    private static Verdict verdict(Fn f) {
        Regularity.Profile p = profile(f);
        if (p.undefined() != null) return Verdict.UNDEFINED;
        if (Double.isNaN(p.blowup())) return Verdict.UNKNOWN;
        return p.blowup() >= 1 ? Verdict.DIVERGENT : Verdict.INTEGRABLE;
    }

    private static void expect(Verdict v, Fn f) {
        Verdict actual = verdict(f);
        assertEquals(v, actual, Fns.show(f, id -> "xyks".substring(id, id + 1)) + ": " + profile(f));
        String problem = profile(f).problem();
        if (v == Verdict.INTEGRABLE) assertNull(problem);
        else assertNotNull(problem);
    }

    private static Fn f(Op op, Fn... a) {
        return Fns.apply(op, a);
    }

    @Test
    void poles() {
        expect(Verdict.DIVERGENT, div(c(1), X));
        expect(Verdict.DIVERGENT, div(c(1), mul(X, X)));
        expect(Verdict.DIVERGENT, div(c(1), sub(X, c(1))));
        expect(Verdict.DIVERGENT, div(c(1), f(Op.ABS, X)));
        expect(Verdict.DIVERGENT, div(c(1), f(Op.TANH, X)));
        expect(Verdict.DIVERGENT, div(c(1), mul(X, Y)));
        expect(Verdict.DIVERGENT, div(f(Op.LOG, f(Op.ABS, X)), X));
        expect(Verdict.DIVERGENT, f(Op.POW, X, c(-1)));
        expect(Verdict.DIVERGENT, f(Op.POW, X, c(-2)));
    }

    @Test
    void denominatorsThatCannotVanish() {
        expect(Verdict.INTEGRABLE, div(c(1), add(c(1), mul(X, X))));
        expect(Verdict.INTEGRABLE, div(c(1), add(c(1), f(Op.EXP, X))));
        expect(Verdict.INTEGRABLE, div(c(1), add(c(2), f(Op.TANH, X))));
        expect(Verdict.INTEGRABLE, div(X, add(c(1.5), f(Op.SIN, Y))));
        expect(Verdict.INTEGRABLE, div(X, S));
        expect(Verdict.INTEGRABLE, div(c(1), add(mul(X, X), c(1e-3))));
    }

    @Test
    void integrableSingularities() {
        expect(Verdict.INTEGRABLE, f(Op.LOG, f(Op.ABS, X)));
        expect(Verdict.INTEGRABLE, f(Op.LOG, mul(X, X)));
        expect(Verdict.INTEGRABLE, f(Op.LOG, f(Op.ABS, sub(Y, c(0.3)))));
        expect(Verdict.INTEGRABLE, f(Op.POW, f(Op.ABS, X), c(-0.5)));
        expect(Verdict.INTEGRABLE, div(c(1), f(Op.SQRT, f(Op.ABS, X))));
        expect(Verdict.INTEGRABLE, div(X, f(Op.SQRT, f(Op.ABS, X))));
        expect(Verdict.INTEGRABLE, mul(X, f(Op.LOG, f(Op.ABS, X))));
        expect(Verdict.INTEGRABLE, mul(f(Op.LOG, f(Op.ABS, X)), f(Op.LOG, f(Op.ABS, X))));
        expect(Verdict.DIVERGENT, f(Op.POW, f(Op.ABS, X), c(-1)));
        expect(Verdict.DIVERGENT, f(Op.POW, f(Op.ABS, X), c(-1.5)));
    }

    @Test
    void valuesOutsideTheDomain() {
        expect(Verdict.UNDEFINED, f(Op.LOG, X));
        expect(Verdict.UNDEFINED, f(Op.SQRT, X));
        expect(Verdict.UNDEFINED, f(Op.SQRT, sub(Y, c(5))));
        expect(Verdict.UNDEFINED, f(Op.POW, X, c(0.5)));
        expect(Verdict.UNDEFINED, f(Op.POW, sub(X, c(5)), c(1.5)));
        expect(Verdict.UNDEFINED, f(Op.LOG, f(Op.TANH, X)));
        expect(Verdict.INTEGRABLE, f(Op.SQRT, f(Op.ABS, X)));
        expect(Verdict.INTEGRABLE, f(Op.SQRT, f(Op.RELU, X)));
        expect(Verdict.INTEGRABLE, f(Op.SQRT, mul(X, X)));
        expect(Verdict.INTEGRABLE, f(Op.LOG, add(c(1), mul(X, X))));
        expect(Verdict.INTEGRABLE, f(Op.POW, add(f(Op.ABS, X), c(1)), c(1.5)));
        expect(Verdict.INTEGRABLE, f(Op.POW, X, c(2)));
        expect(Verdict.INTEGRABLE, f(Op.POW, X, c(3)));
    }

    @Test
    void zeroWithPositiveProbability() {
        expect(Verdict.UNDEFINED, div(c(1), f(Op.RELU, X)));
        expect(Verdict.UNDEFINED, f(Op.LOG, f(Op.RELU, X)));
        expect(Verdict.UNDEFINED, div(c(1), f(Op.STEP, X)));
        expect(Verdict.UNDEFINED, div(X, f(Op.STEP, Y)));
        expect(Verdict.UNDEFINED, f(Op.POW, f(Op.RELU, X), c(-0.5)));
        expect(Verdict.UNDEFINED, div(c(1), K));
        expect(Verdict.UNDEFINED, f(Op.LOG, K));
        // max(x, 0) is 0 with probability 1/2: refused, though for a vaguer reason (see below)
        assertNotNull(profile(div(c(1), f(Op.MAX, X, c(0)))).problem());
        assertNotNull(profile(f(Op.LOG, f(Op.MAX, X, c(0)))).problem());
        expect(Verdict.INTEGRABLE, div(c(1), add(f(Op.RELU, X), c(1))));
        expect(Verdict.INTEGRABLE, mul(f(Op.STEP, X), f(Op.STEP, Y)));
    }

    @Test
    void undefinedPropagatesThroughEverything() {
        Fn bad = f(Op.LOG, X);
        expect(Verdict.UNDEFINED, mul(c(2), f(Op.TANH, bad)));
        expect(Verdict.UNDEFINED, add(Y, f(Op.STEP, bad)));
        expect(Verdict.UNDEFINED, f(Op.MAX, X, div(c(1), f(Op.RELU, Y))));
    }

    @Test
    void logarithmsOfSingularValues() {
        // log(1 + |x|^-1/2) ~ ½ log(1/|x|) near 0: integrable
        expect(Verdict.INTEGRABLE, f(Op.LOG, add(c(1), f(Op.SQRT, f(Op.ABS, div(c(1), X))))));
        double b = profile(f(Op.LOG, f(Op.ABS, X))).blowup();
        assertEquals(true, b > 0 && b < 1e-6, "log|x| blows up more slowly than any power: " + b);
    }

    @Test
    void logOfAPoleIsIntegrable() {
        expect(Verdict.INTEGRABLE, f(Op.LOG, add(c(1), f(Op.ABS, div(c(1), X)))));
        expect(Verdict.INTEGRABLE, f(Op.LOG, add(c(1), f(Op.POW, f(Op.ABS, X), c(-3)))));
    }

    @Test
    void reciprocalOfANonNegativeValueIsNonNegative() {
        expect(Verdict.INTEGRABLE, f(Op.LOG, add(c(1), div(c(1), mul(X, X)))));
        expect(Verdict.DIVERGENT, f(Op.SQRT, div(c(1), mul(X, X))));
    }

    @Test
    void zeroOrders() {
        assertEquals(1, profile(X).order());
        assertEquals(2, profile(mul(X, X)).order());
        assertEquals(0.5, profile(f(Op.SQRT, f(Op.ABS, X))).order());
        assertEquals(1, profile(f(Op.TANH, sub(X, c(0.2)))).order());
        assertEquals(3, profile(f(Op.POW, X, c(3))).order());
        assertEquals(0.5, profile(f(Op.POW, f(Op.ABS, X), c(-0.5))).blowup());
        assertEquals(2, profile(div(c(1), mul(X, X))).blowup());
    }

    @Test
    void equalFactorsBuiltTwiceAreASquare() {
        Fn a = add(X, c(1));
        Fn b = add(X, c(1));
        expect(Verdict.INTEGRABLE, div(c(1), add(c(1), mul(a, b))));
        Fn x2 = new Fn.Ref(0, Fn.Kind.VECTOR);
        expect(Verdict.INTEGRABLE, div(c(1), add(c(1), mul(X, x2))));
    }

    @Test
    void minAndMaxWithAConstantHaveAnAtom() {
        expect(Verdict.UNDEFINED, div(c(1), f(Op.MAX, X, c(0))));
        expect(Verdict.UNDEFINED, f(Op.LOG, f(Op.MAX, X, c(0))));
        expect(Verdict.UNDEFINED, div(c(1), sub(f(Op.MIN, X, c(1)), c(1))));
    }

    @Test
    void sameObjectSquareIsNonNegative() {
        Fn a = add(X, c(1));
        expect(Verdict.INTEGRABLE, div(c(1), add(c(1), mul(a, a))));
    }

    @Test
    void valuesReachedOnlyAtInfinity() {
        expect(Verdict.INTEGRABLE, f(Op.LOG, f(Op.EXP, X)));
        expect(Verdict.INTEGRABLE, f(Op.LOG, f(Op.SIGMOID, X)));
        expect(Verdict.INTEGRABLE, f(Op.LOG, f(Op.SOFTPLUS, X)));
        expect(Verdict.INTEGRABLE, div(c(1), f(Op.EXP, X)));
    }

    @Test
    void scalarsAreNumbersInTheLimit() {
        expect(Verdict.INTEGRABLE, f(Op.LOG, S));
        expect(Verdict.INTEGRABLE, div(c(1), S));
        expect(Verdict.INTEGRABLE, mul(f(Op.SQRT, S), X));
    }
}
