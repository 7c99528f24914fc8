package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import tp.limit.Estimate;

/**
 * The Gaussian closed forms as limits of one-matrix programs: u = W x1, v = W x2 has
 * Var u = q1, Cov = c exactly, so every E φ(u) χ(v) is a limit the engine must get. Reference
 * values without a closed form were computed independently (numpy, Gauss–Hermite with 180
 * nodes; the kinked one by Gauss–Legendre split at the kink).
 */
class LimitOracleTest {
    /** Two Gaussians with variances q1, q2 and covariance c, through a matrix (so they are atoms Ẑ). */
    static String pair(double q1, double q2, double c) {
        return "vector x1, x2 ~ N(0, [[" + q1 + ", " + c + "], [" + c + ", " + q2 + "]])\n"
                + "matrix W ~ N(0, 1/n)\nu = W @ x1\nv = W @ x2\n";
    }

    static Estimate one(String program, String output) {
        return Limits.scalars(program).get(output);
    }

    static void exact(double expected, Estimate e) {
        assertEquals(Estimate.Method.EXACT, e.method(), "method");
        assertEquals(expected, e.value(), 1e-9);
        assertTrue(e.error() < 1e-12, "error " + e.error());
    }

    static final double Q1 = 1.3;
    static final double Q2 = 0.7;
    static final double C = 0.4;
    static final double RHO = C / Math.sqrt(Q1 * Q2);
    static final double THETA = Math.acos(RHO);

    @Test
    void reluKernels() {
        Map<String, Estimate> o = Limits.scalars(pair(Q1, Q2, C)
                + "output mean(relu(u) * relu(v)) as rr, mean(relu(u)^2) as r2, mean(relu(u)) as r1\n");
        exact(Math.sqrt(Q1 * Q2) * (Math.sin(THETA) + (Math.PI - THETA) * Math.cos(THETA)) / (2 * Math.PI), o.get("rr"));
        exact(Q1 / 2, o.get("r2"));
        exact(Math.sqrt(Q1) / Math.sqrt(2 * Math.PI), o.get("r1"));
    }

    @Test
    void stepAndSignKernels() {
        Map<String, Estimate> o = Limits.scalars(pair(Q1, Q2, C)
                + "output mean(step(u) * step(v)) as ss, mean(sign(u) * sign(v)) as gg, mean(relu'(u) * relu'(v)) as dd\n");
        exact((Math.PI - THETA) / (2 * Math.PI), o.get("ss"));
        exact(2 / Math.PI * Math.asin(RHO), o.get("gg"));
        exact((Math.PI - THETA) / (2 * Math.PI), o.get("dd"));
    }

    @Test
    void erfKernels() {
        Map<String, Estimate> o = Limits.scalars(pair(Q1, Q2, C)
                + "output mean(erf(u) * erf(v)) as ee, mean(erf'(u) * erf'(v)) as dd\n");
        exact(2 / Math.PI * Math.asin(2 * C / Math.sqrt((1 + 2 * Q1) * (1 + 2 * Q2))), o.get("ee"));
        exact(4 / Math.PI / Math.sqrt((1 + 2 * Q1) * (1 + 2 * Q2) - 4 * C * C), o.get("dd"));
        Map<String, Estimate> unit = Limits.scalars(pair(1, 1, 0) + "output mean(erf(u)^2) as e2\n");
        exact(0.4645590544, unit.get("e2"));
        assertEquals(2 / Math.PI * Math.asin(2.0 / 3), unit.get("e2").value(), 1e-15);
    }

    @Test
    void trigonometricAndExponential() {
        Map<String, Estimate> o = Limits.scalars(pair(Q1, Q2, C)
                + "output mean(cos(u) * cos(v)) as cc, mean(sin(u) * sin(v)) as ss, mean(exp(u)) as ex\n");
        exact(Math.exp(-(Q1 + Q2) / 2) * Math.cosh(C), o.get("cc"));
        exact(Math.exp(-(Q1 + Q2) / 2) * Math.sinh(C), o.get("ss"));
        exact(Math.exp(Q1 / 2), o.get("ex"));
    }

    @Test
    void steinIdentity() {
        // E[u φ(u)] = σ² E φ'(u), and Isserlis for polynomials
        Map<String, Estimate> o = Limits.scalars(pair(Q1, Q2, C)
                + "output mean(u * erf(u)) as ue, mean(u^2 * v^2) as p4, mean(v * relu(u)) as vr\n");
        exact(Q1 * 2 / Math.sqrt(Math.PI) / Math.sqrt(1 + 2 * Q1), o.get("ue"));
        exact(Q1 * Q2 + 2 * C * C, o.get("p4"));
        exact(C * 0.5, o.get("vr"));
    }

    @Test
    void smoothFunctionsByQuadrature() {
        Map<String, Estimate> o = Limits.scalars(pair(1, 1, 0.5)
                + "output mean(tanh(u)^2) as t2, mean(tanh'(u)) as dt, mean(gelu(u)^2) as g2, mean(silu(u)^2) as s2, "
                + "mean(tanh(u) * tanh(v)) as tt, mean(gelu(u) * gelu(v)) as gg\n");
        quadrature(0.3942944903978413, o.get("t2"), 1e-7);
        quadrature(0.6057055096021586, o.get("dt"), 1e-7);
        quadrature(0.4252214825702986, o.get("g2"), 1e-7);
        quadrature(0.3557755198173521, o.get("s2"), 1e-7);
        quadrature(0.1863244132034481, o.get("tt"), 1e-7);
        quadrature(0.2272949150219915, o.get("gg"), 1e-7);
    }

    @Test
    void kinkedFunctionWithoutClosedForm() {
        Map<String, Estimate> o = Limits.scalars(pair(1, 1, 0.5) + "output mean(cos(relu(u)) * tanh(v)) as k\n");
        quadrature(-0.0866394296101950, o.get("k"), 1e-5);
    }

    static void quadrature(double expected, Estimate e, double tolerance) {
        assertEquals(Estimate.Method.QUADRATURE, e.method());
        assertEquals(expected, e.value(), tolerance);
        // the reported error bound covers the actual error
        assertTrue(Math.abs(e.value() - expected) <= e.error() + 1e-12,
                "actual error " + Math.abs(e.value() - expected) + " > reported " + e.error());
    }

    @Test
    void erfClosedFormAgreesWithCommonsMath() {
        // E erf(u) with a mean: erf(m / sqrt(1 + 2q))
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(0.3, 0.5)\noutput mean(erf(x)) as e\n");
        exact(Erf.erf(0.3 / Math.sqrt(2)), o.get("e"));
    }

    @Test
    void singularCovariancesAreNormalInput() {
        Map<String, Estimate> o = Limits.scalars("vector x1, x2 ~ N(0, [[1, 1], [1, 1]])\nvector one ~ N(1, 0)\n"
                + "output mean(tanh(x1) * tanh(x2)) as tt, mean(relu(x1) * relu(x2)) as rr, mean(tanh(x1 + one) * one) as t1, "
                + "mean(one * one) as oo\n");
        quadrature(0.3942944903978413, o.get("tt"), 1e-9);
        exact(0.5, o.get("rr"));
        exact(1, o.get("oo"));
        // E tanh(1 + Z), Z ~ N(0, 1): numpy Gauss–Hermite, 180 nodes
        quadrature(0.5504004907933271, o.get("t1"), 1e-9);
    }

    @Test
    void integrableSingularityIsIntegratedHonestly() {
        // E log|Z| = −(γ + ln 2)/2 for Z ~ N(0, 1)
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(0, 1)\noutput mean(log(abs(x))) as l\n");
        quadrature(-(0.5772156649015329 + Math.log(2)) / 2, o.get("l"), 1e-9);
    }
}
