package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.limit.Estimate;
import tp.limit.LimitOptions;
import tp.syntax.ProgramError;

/**
 * Every number is within its stated error of the truth, or refused with a position: kinks and
 * jumps with means in one and two dimensions, Ż through kinks, n inside vector and matrix
 * expressions, undefined expectations. References were computed independently (scipy's
 * adaptive quadrature on conditional 1-D integrals split at every kink, to ~1e-15; closed forms
 * where they exist); they are typed here, never produced by tp.
 */
class TrustTest {
    /** Within the stated error, and within 1e-8 (the expectations here are one- or two-dimensional). */
    static void honest(double truth, Estimate e) {
        double off = Math.abs(e.value() - truth);
        assertTrue(off <= e.error() + 1e-14 * Math.max(1, Math.abs(truth)),
                "value " + e.value() + " is " + off + " from " + truth + ", stated error " + e.error());
        assertTrue(off <= 1e-8, "value " + e.value() + " is " + off + " from " + truth);
    }

    static Map<String, Estimate> limits(String program, LimitOptions.Forced method) {
        return Limits.scalars(program, LimitOptions.defaults().with(method));
    }

    static final String PQ = "vector p, q ~ N([0.3, -0.2], [[1, 0.5], [0.5, 1]])\n";

    @Test
    void jumpsAndKinksWithMeansInOneAndTwoDimensions() {
        for (LimitOptions.Forced m : new LimitOptions.Forced[] {LimitOptions.Forced.AUTO, LimitOptions.Forced.QUADRATURE}) {
            Map<String, Estimate> o = limits("vector u ~ N(0, 1)\noutput mean(step(u) * sigmoid(u)) as a\n", m);
            honest(0.337428412633488, o.get("a"));
            o = limits(PQ + "output mean(relu(p) * relu(q)) as rr, mean(step(p)) as s, mean(relu(p) * tanh(q)) as rt,"
                    + " mean(sign(p) * sin(q)) as ss, mean(max(p, q) * tanh(q)) as mt\n", m);
            honest(0.3227222943056742, o.get("rr"));
            honest(0.6179114221889527, o.get("s"));   // Φ(0.3)
            honest(0.12096929651590034, o.get("rt"));
            honest(0.20352704052458204, o.get("ss"));
            honest(0.33338867293425184, o.get("mt"));
        }
        Map<String, Estimate> o = Limits.scalars("vector y1, y2 ~ N([0.1, 0.3], [[1, 0.7], [0.7, 2]])\n"
                + "output mean(step(y1) * tanh(y2)) as st, mean(relu(y1) * tanh'(y2)) as rd, mean(log(abs(y1))) as lg,"
                + " mean(sqrt(abs(y1 - 0.2)) * y2) as sq\n");
        honest(0.21320144378918215, o.get("st"));
        honest(0.17588321591338066, o.get("rd"));
        honest(-0.6301897449648561, o.get("lg"));
        honest(0.21856510329757264, o.get("sq"));
    }

    @Test
    void zDotThroughKinks() {
        // Z^z = Ẑ + c1 Z^x1 + c2 Z^x2 with c1 = E step(u1) tanh(u2), c2 = E relu(u1) tanh'(u2),
        // (u1, u2) ~ N(0, [[1.04, 0.52], [0.52, 1.66]]) (second moments of x1, x2)
        Map<String, Estimate> o = Limits.scalars("vector x1, x2 ~ N([0.2, -0.4], [[1, 0.6], [0.6, 1.5]])\n"
                + "matrix W ~ N(0, 1/n)\nz = W.T @ (relu(W @ x1) * tanh(W @ x2))\n"
                + "output mean(z * z) as zz, mean(z * x1) as z1, mean(z * x2) as z2\n");
        honest(0.3804804607203264, o.get("zz"));
        honest(0.21314862398070322, o.get("z1"));
        honest(0.38238160102055574, o.get("z2"));
    }

    @Test
    void zDotThroughJumpsInTheSteinForm() {
        // c = σ² C⁻¹ E[u φ(u)] with C = σ² E[x xᵀ] (Stein's lemma; the derivative of step·sign is a delta)
        Map<String, Estimate> o = Limits.scalars("vector x1, x2 ~ N([0.5, -0.3], [[1, 0.3], [0.3, 1]])\n"
                + "matrix W ~ N(0, 2/n)\nz = W.T @ (step(W @ x1) * sign(W @ x2))\n"
                + "output mean(z * z) as zz, mean(z * x1) as z1, mean(z * x2) as z2\n");
        honest(1.318309886183791, o.get("zz"));
        honest(0.0810593419455024, o.get("z1"));
        honest(0.5890312181373174, o.get("z2"));
    }

    @Test
    void logarithmsOfValuesThatNeverReachZeroOrOnlyOnANullSet() {
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(0, 1)\noutput mean(log(x * x)) as a, mean(log(exp(x))) as b\n");
        honest(-(0.5772156649015329 + Math.log(2)), o.get("a"));   // E log Z² = −γ − log 2
        honest(0, o.get("b"));
    }

    @Test
    void exponentialTiltsAndWideBoxes() {
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(0, 1)\noutput mean(exp(x) * step(x)) as a, mean(exp(3 * x) * tanh(x)) as b\n");
        assertEquals(Math.exp(0.5) * 0.8413447460685429, o.get("a").value(), 1e-14);   // e^{1/2} Φ(1)
        Estimate b = o.get("b");   // e^{9/2} E tanh(Z + 3)
        assertTrue(Math.abs(b.value() - 87.46095303324694) <= b.error() + 1e-12, b.toString());
        assertTrue(b.error() < 1e-7, b.toString());
    }

    @Test
    void secondMomentsOfAffineFormsCarryTheEntriesErrors() {
        // Var(u − v) = Var(Ẑ of 1e-8 z) = 1e-16 exactly; Var(v) = 1 + 1e-16 rounds to 1, so the
        // forms' sums give 0: within its error only if the entry's error is carried
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(0, 1)\nvector z ~ N(0, 1)\nmatrix W ~ N(0, 1/n)\n"
                + "u = W @ x\nv = W @ (x + 0.00000001 * z)\nd = u - v\noutput mean(d * d) as dd, mean(u * d) as ud\n");
        Estimate dd = o.get("dd");
        // strictly (honest's slack of 1e-14 would hide it)
        assertTrue(Math.abs(dd.value() - 1e-16) <= dd.error() && dd.error() < 1e-12, dd.toString());
        honest(0, o.get("ud"));
    }

    @Test
    void coefficientsThatCancelCarryTheirRounding() {
        // 0.1 + 0.2 − 0.3 is 5.55e-17 in doubles and 2.7755575615628914e-17 exactly (of those
        // doubles), so the limits are that times 1e10 and its square times 1e20 + 1
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(10000000000, 1)\nu = 0.1 * x + 0.2 * x - 0.3 * x\n"
                + "output mean(u) as m, mean(u * u) as s\n");
        Estimate m = o.get("m");
        Estimate s = o.get("s");
        assertTrue(Math.abs(m.value() - 2.7755575615628914e-07) <= m.error(), m.toString());
        assertTrue(Math.abs(s.value() - 7.703719777548943e-14) <= s.error(), s.toString());
    }

    @Test
    void nonlinearFunctionsOfFormsCarryTheirCoefficientsErrors() {
        // u's coefficient is 5.55e-17 as computed, 2.7755575615628914e-17 exactly (of those doubles): u is
        // N(2.78e-7, 2.78e-17²) and positive, so E tanh(u) = E u − E u³/3 + … = 2.7755575615628914e-07 (to
        // 1e-20) and E relu(u)² = E u² = 7.703719777548943e-14 (+ 1e-33). Both were printed at twice that
        // with stated errors of 1.9e-17 and 1.8e-15 (the quadrature tier integrates the form as computed)
        String u = "vector x ~ N(10000000000, 1)\nu = 0.1 * x + 0.2 * x - 0.3 * x\n";
        for (LimitOptions.Forced m : new LimitOptions.Forced[] {LimitOptions.Forced.AUTO, LimitOptions.Forced.QUADRATURE}) {
            Map<String, Estimate> o = limits(u + "k = mean(x) / 1e10\noutput mean(tanh(u)) as t, mean(relu(u) * relu(u)) as r,"
                    + " mean(sigmoid(u) * sqrt(9 * k)) as s\n", m);
            assertTrue(Math.abs(o.get("t").value() - 2.7755575615628914e-07) <= o.get("t").error(), o.toString());
            assertTrue(Math.abs(o.get("r").value() - 7.703719777548943e-14) <= o.get("r").error(), o.toString());
            // √(9 k) E σ(u) = 3 (1/2 + E u/4 − …) = 1.5 + 2.0816681711721685e-07 (a scalar factor, evaluated)
            assertTrue(Math.abs(o.get("s").value() - (1.5 + 2.0816681711721685e-07)) <= o.get("s").error(), o.toString());
        }
        // through vectors defined as nonlinear functions of u, and through a MatMul of one: v = tanh(u) ≈ u,
        // w = 1e6 relu(u) = 1e6 u (u > 0), so E v = 2.7755575615628914e-07, E v² = 7.703719777548943e-14,
        // E tanh(w) = tanh(0.27755575615628914) (w's spread is 3e-11) and E[(W w)²] = E w² = 0.07703719777548943
        Map<String, Estimate> o = Limits.scalars(u + "vector y ~ N(0, 1)\nv = tanh(u) + 0 * y\nw = relu(u) * 1e6\n"
                + "matrix W ~ N(0, 1/n)\noutput mean(v) as mv, mean(v * v) as vv, mean(tanh(w)) as tw, mean((W @ w) * (W @ w)) as ww\n");
        assertTrue(Math.abs(o.get("mv").value() - 2.7755575615628914e-07) <= o.get("mv").error(), o.toString());
        assertTrue(Math.abs(o.get("vv").value() - 7.703719777548943e-14) <= o.get("vv").error(), o.toString());
        assertTrue(Math.abs(o.get("tw").value() - Math.tanh(0.27755575615628914)) <= o.get("tw").error(), o.toString());
        assertTrue(Math.abs(o.get("ww").value() - 0.07703719777548943) <= o.get("ww").error(), o.toString());
        // a form without cancellation (its coefficients' error is rounding, 1e-16 of its size) keeps the quadrature's error (1.3e-14)
        o = Limits.scalars("vector x ~ N(0.5, 1)\nu = 0.1 * x + 0.2 * x\noutput mean(tanh(u)) as t\n");
        honest(0.1376338473732087257, o.get("t"));
        assertTrue(o.get("t").error() < 1e-13, o.toString());
    }

    @Test
    void aBreakAlongADirectionTooThinToKeepIsRefused() {
        // x1, x2 of correlation ρ = 0.999999999999999 (the double): Var(x1 − x2) = 2(1 − ρ) = 2.0e-15, below the
        // rank tolerance, so the quadrature factor and the particles' sampling both drop that direction;
        // E[step(x1 − x2) tanh(x1)] is 5.4011092465906694e-09 (mpmath, conditioning on x1 − x2) and was
        // printed as 0.27798965789105 ± 2.8e-12 (E[step(x1) tanh(x1)])
        String xs = "vector x1, x2 ~ N(0, [[1, 0.999999999999999], [0.999999999999999, 1]])\n";
        refused(xs + "output mean(step(x1 - x2) * tanh(x1)) as c\n", "2:8", "below what the tiers resolve");
        // breaks along the kept direction are computed, and right: E[step(x1) step(x2) tanh(x1)] =
        // 0.27798965789104960 and E[step(x1) step(x2)] = 1/4 + asin(ρ)/2π = 0.49999999288521961 (mpmath)
        Map<String, Estimate> o = Limits.scalars(xs + "output mean(step(x1) * step(x2) * tanh(x1)) as a, mean(step(x1) * step(x2)) as b\n");
        honest(0.27798965789104960, o.get("a"));
        // (strictly: its stated error is 4.4e-16, below honest's slack)
        Estimate b = o.get("b");
        assertTrue(Math.abs(b.value() - 0.49999999288521961) <= b.error(), b.toString());
    }

    /** A refusal: the program is rejected at the given line:col, with the given words. */
    static void refused(String program, String where, String words) {
        try {
            Map<String, Estimate> o = Limits.scalars(program);
            fail("expected a refusal, got " + o);
        } catch (ProgramError e) {
            String text = e.render();
            assertTrue(text.contains("test.tp:" + where + ": error: "), text);
            assertTrue(text.contains(words), text);
            assertFalse(text.contains("Exception"), text);
        }
    }

    @Test
    void widthInsideVectorExpressionsIsTakenToItsLimitOrRefused() {
        String x = "vector x ~ N(0, 1)\nvector y ~ N(0, 1)\n";
        refused(x + "v = n * x\noutput mean(v * v)\n", "3:7", "grows like n^1");
        refused(x + "v = sqrt(n) * mean(x) * x\noutput mean(v * v)\n", "3:23", "its limit is random");
        refused(x + "z = x * sqrt(n)\noutput mean(z * y)\n", "3:7", "grows like n^0.5");
        refused(x + "output mean(tanh(n * x))\n", "3:8", "grows like n^1");
        refused(x + "matrix W ~ N(0, 1/n)\ng = W @ x\nW1 = W - n * outer(g, x)\noutput mean((W1 @ x) * x)\n", "6:8", "grows like n^1");
        Map<String, Estimate> o = Limits.scalars(x + "output mean((x * (n / (n + 1)) + 1 / n) * x) as a, mean(x * x / n) as b,"
                + " mean(x * y) * (2 * n + 1) / n as c, (2 * n + 1) / n * mean(x * y) as d, mean((x + n) - n + x * n / n) as e\n");
        assertEquals(Estimate.Method.EXACT, o.get("a").method());
        assertEquals(1.0, o.get("a").value(), 1e-15);
        assertEquals(0.0, o.get("b").value(), 0);
        assertEquals(0.0, o.get("c").value(), 0);
        assertEquals(0.0, o.get("d").value(), 0);
        // E[x y] = 0 for independent atoms: the algebra's rounding of an exact 0 (8 ulps of 0), nothing from n
        assertTrue(o.get("c").error() < 1e-300, o.get("c").toString());
        assertEquals(0.0, o.get("e").value(), 0);
        o = Limits.scalars("vector x ~ N(1, 1)\noutput mean(x) * (2 * n + 1) / n as c, n * (sqrt(1 + 1 / n) - 1) as h\n");
        assertEquals(2.0, o.get("c").value(), 1e-15);
        assertEquals(0.5, o.get("h").value(), 1e-15);
        refused("vector x ~ N(1, 1)\ns = mean(x)\noutput n * (s - 1)\n", "3:8", "random value");
    }

    @Test
    void undefinedLimitsAreRefused() {
        String x = "vector x ~ N(0, 1)\n";
        refused(x + "matrix W ~ N(0, 1/n)\nh = log(x)\ng = W @ h\noutput mean(g * g)\n", "4:7", "`h` is undefined in the limit");
        refused(x + "output mean(1 / x)\n", "2:8", "the expectation does not exist");
        refused(x + "output mean(1 / (x * x))\n", "2:8", "the expectation does not exist");
        refused(x + "output log(x)\n", "2:8", "the limit of output `log(x)` is undefined");
        refused(x + "output mean(sqrt(x))\n", "2:8", "`sqrt` of a value that can be negative");
        refused(x + "output mean(exp(x * x))\n", "2:8", "exp(c·|z|^2)");
        refused(x + "output mean(pow(abs(x), -1))\n", "2:8", "the expectation does not exist");
        refused(x + "matrix W ~ N(0, 1/n)\nh = W @ pow(abs(x), -0.5)\noutput mean(h * h)\n", "3:7", "no finite second moment");
        Map<String, Estimate> o = Limits.scalars(x + "output mean(pow(abs(x), -0.5)) as a, mean(1 / (1 + x * x)) as b\n");
        // E|Z|^-1/2 = 2^{-1/4} Γ(1/4) / √π
        honest(Math.pow(2, -0.25) * 3.6256099082219083 / Math.sqrt(Math.PI), o.get("a"));
        honest(0.6556795424187985, o.get("b"));   // √(π/2) e^{1/2} erfc(1/√2)
    }

    /**
     * relu(−0.3·y − 1) is non-zero only 4.1 standard deviations out (probability 2e-5): with 16384
     * particles in 16 replicates a single replicate sees it, and its "standard error" would equal the
     * value itself while the truth (1.13463592350412e-07, by quadrature in scipy) is 24 times larger.
     * Refused; with 65536 particles the estimate is within its standard error.
     */
    @Test
    void anEstimateCarriedByOneReplicateIsRefused() {
        String program = "vector x1 ~ N(0.3, 0.57)\nmatrix W ~ N(0, 1/n)\ny1 = W @ x1\nz = W.T @ (relu(-0.3*y1 - 1))\n"
                + "output mean(z * z) as o\n";
        LimitOptions particles = LimitOptions.defaults().with(LimitOptions.Forced.PARTICLES);
        try {
            Map<String, Estimate> o = Limits.scalars(program, particles.withParticles(16384, 16, particles.seed()));
            fail("expected a refusal, got " + o);
        } catch (ProgramError e) {
            assertTrue(e.render().contains("test.tp:5:8: error: no limit for `o`: its particle estimate rests on one replicate of 16"),
                    e.render());
        }
        Estimate e = Limits.scalars(program, particles.withParticles(65536, 16, particles.seed())).get("o");
        assertTrue(Math.abs(e.value() - 1.13463592350412e-07) <= 3 * e.stderr(), e.toString());
    }

    /**
     * The closed forms of relu·relu, step·step, sign·sign and relu·step as the correlation ρ of
     * the pair nears ±1 (variances 1.3 and 0.7; ρ = ∓(1 − 1e-10), −(1 − 1e-6)). Through arccos of
     * a rounded ρ they lost all their digits (relu·relu 13% off at ρ = −1 + 1e-10, with a stated
     * error of 2e-31); through the angle's sine formed with fma they keep them. References from
     * the same doubles in 60-digit arithmetic (mpmath).
     */
    @Test
    void closedFormsOfNearlyParallelPairsKeepTheirDigits() {
        double[][] cases = {
            {-0.9539392013215517, 1.4314110594154744e-16, 2.2507904479607793e-6, -0.99999099683820816, 2.2743202286721121e-11},
            {-0.9539382474777442, 1.4314117842617273e-10, 0.00022507909779212496, -0.9990996836088315, 2.2743209206579179e-7},
            {0.9539392013215517, 0.47696960066077602, 0.49999774920955204, 0.99999099683820816, 0.45486418412397981},
        };
        for (double[] c : cases) {
            Map<String, Estimate> o = Limits.scalars("vector x, y ~ N([0, 0], [[1.3, " + c[0] + "], [" + c[0] + ", 0.7]])\n"
                    + "output mean(relu(x) * relu(y)) as rr, mean(step(x) * step(y)) as ss, mean(sign(x) * sign(y)) as gg,"
                    + " mean(relu(x) * step(y)) as rs\n");
            String[] names = {"rr", "ss", "gg", "rs"};
            for (int k = 0; k < 4; k++) {
                Estimate e = o.get(names[k]);
                double off = Math.abs(e.value() - c[k + 1]);
                assertTrue(off <= e.error(), "cov " + c[0] + ": " + names[k] + " = " + e.value() + " is " + off + " from " + c[k + 1]
                        + ", stated error " + e.error());
                assertTrue(off <= 1e-14 * Math.abs(c[k + 1]), names[k] + ": " + off);
            }
        }
    }

    /**
     * Two ReLU layers on inputs whose correlation is 1 − ε: the second layer's covariance entries
     * carry the first layer's rounding, and step·step reads them where its slope in ρ is 1/(2π sin θ).
     * Without that rounding carried into the closed form the error stated 4.4e-16 while step·step
     * was 1.1e-13 off (ε = 1e-8). References: the recursion of arccos kernels in 60-digit
     * arithmetic (mpmath) from the same doubles.
     */
    @Test
    void roundingOfCovarianceEntriesIsCarriedIntoClosedForms() {
        double[][] cases = {{1e-8, 0.49997749276749026, 0.49999999500045011}, {1e-12, 0.49999977492347809, 0.49999999999950001}};
        for (double[] c : cases) {
            String rho = Double.toString(1 - c[0]);
            Map<String, Estimate> o = Limits.scalars("vector x, y ~ N([0, 0], [[1, " + rho + "], [" + rho + ", 1]])\n"
                    + "matrix W ~ N(0, 2/n)\nmatrix V ~ N(0, 2/n)\na = W @ relu(x)\nb = W @ relu(y)\nu = V @ relu(a)\nv = V @ relu(b)\n"
                    + "output mean(step(u) * step(v)) as ss, mean(relu(u) * relu(v)) as rr\n");
            for (int k = 0; k < 2; k++) {
                Estimate e = o.get(k == 0 ? "ss" : "rr");
                double off = Math.abs(e.value() - c[k + 1]);
                assertTrue(off <= e.error(), "ε = " + c[0] + ": " + e + " is " + off + " from " + c[k + 1]);
                assertTrue(e.error() <= 1e-7, "ε = " + c[0] + ": " + e);
            }
        }
    }

    /**
     * The NTK recursion of a depth-30 ReLU network on two inputs: each layer's error is carried into
     * the next (the covariance entries into the closed forms, the scalars through Θ = K + 2 E[ṡ ṡ] Θ),
     * and stays a useful bound: within it of the 60-digit recursion, and under 1e-9. (With a
     * factor 2 on every carried error it grew like 2^L: 1.7e-5 at depth 30.)
     */
    @Test
    void deepKernelErrorsStayBoundsWithoutBlowingUp() {
        Map<String, Estimate> o = Limits.scalars("vector x1, x2 ~ N(0, [[1.2, 0.9], [0.9, 1.0]])\nmatrix W[1..30] ~ N(0, 2/n)\n"
                + "h[1][0] = x1\nh[2][0] = x2\nt[0] = mean(x1 * x1)\nu[0] = mean(x1 * x2)\nfor l in 1..30 {\n"
                + "  for a in 1..2 { h[a][l] = W[l] @ relu(h[a][l-1]) }\n"
                + "  t[l] = mean(h[1][l] * h[1][l]) + 2 * mean(step(h[1][l-1]) * step(h[1][l-1])) * t[l-1]\n"
                + "  u[l] = mean(h[1][l] * h[2][l]) + 2 * mean(step(h[1][l-1]) * step(h[2][l-1])) * u[l-1]\n}\n"
                + "output t[10] as t10, u[10] as u10, t[30] as t30, u[30] as u30\n");
        double[] truth = {13.199999999999999512, 5.9089757440772067274, 37.199999999999998623, 12.309565766079894334};
        String[] names = {"t10", "u10", "t30", "u30"};
        for (int k = 0; k < 4; k++) {
            Estimate e = o.get(names[k]);
            double off = Math.abs(e.value() - truth[k]);
            assertTrue(off <= e.error(), names[k] + ": " + e + " is " + off + " from " + truth[k]);
            assertTrue(e.error() <= 1e-9, names[k] + ": " + e);
        }
    }

    /**
     * sin·sin of a nearly constant pair: E[sin u sin v] = e^{−(q1+q2)/2} sinh c was formed as the
     * difference of two terms near 1 and came out 1.2e-8 relatively off (9.99999988e-9 for
     * 9.9999999e-9) with a stated error of 1.3e-23. References from 40-digit arithmetic (mpmath).
     */
    @Test
    void trigonometricPairsDoNotCancel() {
        Estimate e = Limits.scalars("vector x, y ~ N([0, 0], [[1e-8, 1e-8], [1e-8, 1e-8]])\noutput mean(sin(x) * sin(y)) as s\n").get("s");
        double truth = 9.9999999000000008758922674501e-09;
        assertTrue(Math.abs(e.value() - truth) <= e.error() && e.error() < 1e-20, e + " for " + truth);
        Map<String, Estimate> o = Limits.scalars("vector x, y ~ N([0.7, 0.7], [[1e-10, 1e-10], [1e-10, 1e-10]])\n"
                + "output mean(sin(x) * sin(y)) as s, mean(cos(x) * cos(y)) as c\n");
        double[] truths = {0.41501642856687620122, 0.58498357143312379878};
        for (int k = 0; k < 2; k++) {
            Estimate x = o.get(k == 0 ? "s" : "c");
            assertTrue(Math.abs(x.value() - truths[k]) <= x.error(), x + " for " + truths[k]);
        }
    }

    /**
     * erf·erf of a wide pair: (2/π) asin(2c / √((1+2q1)(1+2q2))) near asin's edge lost digits to
     * the rounding of its argument (3e-14 off with a stated 8.9e-16 at variance 1e6); through
     * atan2 and the angle's sine it keeps them; so does erf'·erf'. References from 40-digit
     * arithmetic (mpmath).
     */
    @Test
    void erfPairsOfLargeVarianceKeepTheirDigits() {
        Estimate e = Limits.scalars("vector x ~ N(0, 1e6)\noutput mean(erf(x) * erf(x)) as e\n").get("e");
        double truth = 0.99936338036026149513;
        assertTrue(Math.abs(e.value() - truth) <= e.error(), e + " for " + truth);
        // erf'·erf': 4/π / √((1+2q)² − 4q²), the difference formed as 1 + 4q
        Estimate d = Limits.scalars("vector x ~ N(0, 1e9)\noutput mean(erf'(x) * erf'(x)) as d\n").get("d");
        double exact = 0.00002013168483927835341; // 1.2e-10 relatively off before, stated 1.3e-15
        assertTrue(Math.abs(d.value() - exact) <= d.error(), d + " for " + exact);
    }

    /**
     * One-dimensional closed forms where their terms cancel or their special functions lose digits:
     * E[sign(x)] for a mean of 1e-10 was 2Φ(t) − 1 (2e-6 relatively off with a stated 1e-25; now
     * erf(t/√2)); E[relu(x)] and E[step(x)] ten standard deviations out, E[gelu(x)] at −38, whose
     * rounding is now counted on their terms and on the relative error of e^{−t²/2} and erfc.
     * References from 40-digit arithmetic (mpmath).
     */
    @Test
    void oneDimensionalClosedFormsInTheirTails() {
        Map<String, Estimate> o = Limits.scalars("vector x ~ N(-10, 1)\nvector y ~ N(1e-10, 1)\nvector z ~ N(-38, 1)\n"
                + "output mean(relu(x)) as r, mean(step(x)) as s, mean(sign(y)) as g, mean(gelu(z)) as u\n");
        String[] names = {"r", "s", "g", "u"};
        double[] truth = {7.4745602545893280366e-25, 7.619853024160526066e-24, 7.9788456080286538495e-11, -4.6653838108164991e-158};
        for (int k = 0; k < 4; k++) {
            Estimate e = o.get(names[k]);
            assertTrue(Math.abs(e.value() - truth[k]) <= e.error(), names[k] + ": " + e + " for " + truth[k]);
            assertTrue(e.error() <= 1e-10 * Math.abs(truth[k]), names[k] + ": " + e);
        }
    }

    /**
     * The same through affine forms (the exact tier's pairs): a residual ReLU network, 8 blocks
     * h ← h + W relu(h)/√8, on inputs of correlation 1 − ε. Its variances and covariance are sums
     * over atoms, whose entries' errors and rounding now reach the closed form: step·step was
     * 9.7e-12 off with a stated 4.4e-16 at ε = 1e-12. References: the residual kernel recursion in
     * 60-digit arithmetic (mpmath).
     */
    @Test
    void roundingOfAffineCovariancesIsCarriedIntoClosedForms() {
        double[][] cases = {{1e-8, 0.49997749239222843086}, {1e-12, 0.49999977492344056309}};
        for (double[] c : cases) {
            String rho = Double.toString(1 - c[0]);
            Estimate e = Limits.scalars("param L = 8\nvector x, y ~ N([0, 0], [[1, " + rho + "], [" + rho + ", 1]])\n"
                    + "matrix W[1..L] ~ N(0, 2/n)\nh[0] = x\ng[0] = y\nfor l in 1..L {\n"
                    + "  h[l] = h[l-1] + (W[l] @ relu(h[l-1])) / sqrt(L)\n  g[l] = g[l-1] + (W[l] @ relu(g[l-1])) / sqrt(L)\n}\n"
                    + "output mean(step(h[L]) * step(g[L])) as ss\n").get("ss");
            assertTrue(Math.abs(e.value() - c[1]) <= e.error(), "ε = " + c[0] + ": " + e + " for " + c[1]);
            assertTrue(e.error() <= 1e-7, "ε = " + c[0] + ": " + e);
        }
    }

    /** s_{t+1} = 3.9 s_t (1 − s_t) from s_0 = mean(x·x)/3 = 1/3, t steps, in 120-digit decimal arithmetic. */
    static double logistic(int t) {
        java.math.MathContext mc = new java.math.MathContext(120);
        java.math.BigDecimal s = java.math.BigDecimal.ONE.divide(java.math.BigDecimal.valueOf(3), mc);
        java.math.BigDecimal r = new java.math.BigDecimal("3.9");
        for (int i = 0; i < t; i++) s = r.multiply(s, mc).multiply(java.math.BigDecimal.ONE.subtract(s, mc), mc);
        return s.doubleValue();
    }

    static String chaos(int t) {
        return "vector x ~ N(0, 1)\nvector y ~ N(0, 1)\ns[0] = mean(x * x) / 3\n"
                + "for t in 1..T { s[t] = 3.9 * s[t-1] * (1 - s[t-1]) }\n".replace("T", Integer.toString(t))
                + "v = s[T] * x + y\noutput mean(v * v) as m, mean(relu(v) * relu(v)) as r\n".replace("T", Integer.toString(t));
    }

    /**
     * A scalar's rounding, amplified by a chaotic map (3.9 s(1 − s), Lyapunov exponent about 0.5),
     * reaches a vector and the moments of that vector: m = s² + 1 and r = m / 2 exactly, with s
     * from 120-digit arithmetic. After 50 steps the doubles are 1.5e-7 off; the bookkeeping alone
     * stated 5.3e-15 (rounding counted once, at the moment), the re-runs see the amplification.
     * After 100 steps nothing of s survives in double precision, and the errors say so (about 1).
     */
    @Test
    void roundingAmplifiedByTheDynamicsIsInTheError() {
        for (int t : new int[] {50, 100}) {
            double s = logistic(t);
            Map<String, Estimate> o = Limits.scalars(chaos(t));
            for (String name : new String[] {"m", "r"}) {
                double truth = name.equals("m") ? s * s + 1 : (s * s + 1) / 2;
                Estimate e = o.get(name);
                double off = Math.abs(e.value() - truth);
                assertTrue(off <= e.error(), t + " steps: " + name + " = " + e.value() + " is " + off + " from " + truth
                        + ", stated error " + e.error());
                // and the error is the amplification, not a blanket: within 1000 times what is off
                assertTrue(e.error() <= 1000 * off, t + " steps: " + name + ": error " + e.error() + " for " + off + " off");
            }
        }
    }

    /** The re-runs run beside the first run on other threads, or after it on one: the same bits either way. */
    @Test
    void reRunsGiveTheSameBitsWhateverTheThreads() {
        Map<String, Estimate> one = Limits.scalars(Limits.program(chaos(50)), LimitOptions.defaults().withThreads(1));
        Map<String, Estimate> four = Limits.scalars(Limits.program(chaos(50)), LimitOptions.defaults().withThreads(4));
        assertEquals(one, four);
        assertTrue(one.get("m").error() > 1e-10, one.toString());
    }

    /**
     * s ← s², from s = mean(x·x) = 1: exactly 1 at every step, and in doubles too, but a change of
     * one rounding at any step grows like its 2^60th power. A re-run with each step's result moved
     * within its rounding overflows; the limit is refused at the step that overflows, not printed
     * as 1 with a rounding's error.
     */
    @Test
    void aValueThatARoundingCanTipOverIsRefused() {
        String program = "vector x ~ N(0, 1)\nvector y ~ N(0, 1)\ns[0] = mean(x * x)\nfor t in 1..60 { s[t] = s[t-1] * s[t-1] }\n"
                + "v = s[60] * x + y\noutput mean(v * v) as m\n";
        try {
            Map<String, Estimate> o = Limits.scalars(program);
            fail("expected a refusal, got " + o);
        } catch (ProgramError e) {
            assertTrue(e.render().contains("test.tp:4:") && e.render().contains("is infinite")
                    && e.render().contains("not determined at double precision"), e.render());
        }
    }
}
