package tp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reference quadrature itself, against values typed from tables and closed forms. */
class ReferenceTest {
    private static final double[] NONE = {};

    @Test
    void polynomialsAndTheNormalDensity() {
        assertEquals(1, Reference.gauss(z -> 1, 0, 1), 1e-15);
        assertEquals(3, Reference.gauss(z -> z * z * z * z, 0, 1), 1e-14);
        assertEquals(15, Reference.gauss(z -> Math.pow(z, 6), 0, 1), 1e-13);
        assertEquals(0.5 * 0.5 + 2, Reference.gauss(z -> z * z, 0.5, 2), 1e-14);
        assertEquals(1.0 / 3, Reference.integrate(x -> x * x, 0, 1, NONE, 0), 2e-16);
    }

    @Test
    void normalAndErrorFunctionsAgainstTables() {
        // Abramowitz & Stegun 7.1 and 26.2, to 16 digits
        assertEquals(0.8427007929497149, Reference.erf(1), 4e-16);
        assertEquals(0.9953222650189527, Reference.erf(2), 4e-16);
        assertEquals(0.1124629160182849, Reference.erf(0.1), 4e-17);
        assertEquals(0.8413447460685429, Reference.normalCdf(1), 4e-16);
        assertEquals(0.0227501319481792, Reference.normalCdf(-2), 2e-17);
        assertEquals(2.866515718791939e-7, Reference.normalCdf(-5), 1e-21);
    }

    @Test
    void singularEndpointsByGrading() {
        double[] at0 = {0};
        assertEquals(-1, Reference.integrate(Math::log, 0, 1, at0, 60), 1e-15);
        assertEquals(2, Reference.integrate(x -> 1 / Math.sqrt(x), 0, 1, at0, 120), 1e-15);
        // E log|z| = −(γ + log 2)/2
        double gamma = 0.5772156649015328606;
        assertEquals(-(gamma + Math.log(2)) / 2, Reference.gauss(z -> Math.log(Math.abs(z)), 0, 1, at0, 60), 1e-15);
    }

    @Test
    void twoDimensionalKnownValues() {
        for (double rho : new double[] {-0.9999, -0.5, 0, 0.7, 0.99999, 1, -1}) {
            double q1 = 1.7;
            double q2 = 0.6;
            double c = rho * Math.sqrt(q1 * q2);
            double[] at0 = {0};
            assertEquals(c + 0.3 * -0.2, Reference.gauss2((u, v) -> u * v, 0.3, -0.2, q1, q2, c, NONE, NONE, false), 1e-14);
            // Sheppard: P(u > 0, v > 0) = 1/4 + asin(ρ)/(2π)
            assertEquals(0.25 + Math.asin(rho) / (2 * Math.PI),
                    Reference.gauss2((u, v) -> u > 0 && v > 0 ? 1 : 0, 0, 0, q1, q2, c, at0, at0, false), 1e-14, "rho " + rho);
        }
    }
}
