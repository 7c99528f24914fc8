package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.check.Checker;
import tp.check.Overrides;
import tp.check.Stdlib;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitOptions;
import tp.syntax.SourceFile;

/**
 * {@code grad} against backward passes written by hand: the same networks, differentiated by tp
 * and by a person, must have the same limits (to 1e-12; on particles to 1e-11, since grad makes the
 * hand-written core program and so the same particles) and the same finite-width values.
 */
class GradTest {
    private static final Path HAND = Cli.ROOT.resolve("tests/src/test/resources/grad");

    static Program check(String name, String text, Overrides sets) {
        return Checker.check(new SourceFile(name, text), sets);
    }

    static Overrides sets(String... kv) {
        Overrides o = Overrides.none();
        for (int i = 0; i < kv.length; i += 2) o = o.with(kv[i], kv[i + 1]);
        return o;
    }

    /**
     * Every scalar output of two programs agrees, in the limit to {@code tol} (relative to max(1,
     * |value|); on particles to {@code particleTol}) and at width 256 to 1e-13. Particles see the
     * last bits of the inputs of near-singular regressions (a Gram matrix with λ_min ~ 1e-5 turns
     * a rounding difference of 1e-16 into 1e-11), so they get a tolerance of their own.
     */
    static void sameNumbers(Program a, Program b, double tol) {
        sameNumbers(a, b, tol, tol);
    }

    static void sameNumbers(Program a, Program b, double tol, double particleTol) {
        // the same estimator on both sides: agreement does not need many particles
        LimitOptions options = LimitOptions.defaults().withParticles(1 << 15, 16, 0);
        Map<String, Estimate> la = Limits.scalars(a, options);
        Map<String, Estimate> lb = Limits.scalars(b, options);
        assertEquals(la.keySet(), lb.keySet());
        assertTrue(la.size() >= 3, la.keySet().toString());
        for (String k : la.keySet()) {
            double x = la.get(k).value();
            double y = lb.get(k).value();
            double t = la.get(k).method() == Estimate.Method.PARTICLES ? particleTol : tol;
            assertTrue(Math.abs(x - y) <= t * Math.max(1, Math.abs(x)), k + ": " + x + " vs " + y + " (" + la.get(k).method() + ")");
        }
        FiniteRun.Result fa = FiniteRun.run(a, List.of(256), 3, 1, 1);
        FiniteRun.Result fb = FiniteRun.run(b, List.of(256), 3, 1, 1);
        for (var e : fa.widths().get(0).outputs().entrySet()) {
            if (e.getValue().output().kind() != Program.OutputKind.SCALAR) continue;
            double x = e.getValue().mean()[0];
            double y = fb.widths().get(0).outputs().get(e.getKey()).mean()[0];
            assertTrue(Math.abs(x - y) <= 1e-13 * Math.max(1, Math.abs(x)), e.getKey() + " at n = 256: " + x + " vs " + y);
        }
    }

    /** The stdlib's mlp-train (grad and the abc module) against its hand-written predecessor, every parametrisation. */
    @Test
    void mlpTrainOnGradEqualsTheHandWrittenBackwardPass() throws IOException {
        String hand = Files.readString(HAND.resolve("mlp-train-hand.tp"));
        String grad = Stdlib.read("mlp-train");
        String[][] cases = {{"mup", "0", "3", "2"}, {"mup", "0", "2", "2"}, {"ntk", "1", "3", "2"}, {"sp", "2", "2", "2"},
                {"ip", "3", "3", "1"}};
        for (String[] c : cases) {
            Program g = check("stdlib:mlp-train", grad, sets("P", c[0], "L", c[2], "T", c[3]));
            Program h = check("mlp-train-hand.tp", hand, sets("P", c[1], "L", c[2], "T", c[3]));
            sameNumbers(g, h, 1e-12, 1e-11);
        }
    }

    /** A two-hidden-layer tanh network, one SGD step written out line by line (no loops), both ways. */
    static final String TWO_LAYERS_HAND = """
            program two_hand
            param lr = 0.7
            vector U, v ~ N(0, 1)
            matrix W ~ N(0, 1/n)
            xi = 1.3
            y = -0.4
            h1 = U * xi
            x1 = tanh(h1)
            h2 = W @ x1
            x2 = tanh(h2)
            f0 = mean(v * x2)
            chi = lr * (f0 - y)
            dh2 = v * tanh'(h2)
            dh1 = (W.T @ dh2) * tanh'(h1)
            v1 = v - chi * x2
            W1 = W - chi * outer(dh2, x1)
            U1 = U - chi * xi * dh1
            f1 = mean(v1 * tanh(W1 @ tanh(U1 * xi)))
            g1 = mean(v1 * tanh(W1 @ tanh(U1 * -0.5)))
            output f0, f1, g1
            """;

    static final String TWO_LAYERS_GRAD = """
            program two_grad
            param lr = 0.7
            vector U, v ~ N(0, 1)
            matrix W ~ N(0, 1/n)
            xi = 1.3
            y = -0.4
            def f(U, W, v, xi) = mean(v * tanh(W @ tanh(U * xi)))
            f0 = f(U, W, v, xi)
            loss = 0.5 * (f0 - y) ^ 2
            v1 = v - lr * grad(loss, v)
            W1 = W - lr * grad(loss, W)
            U1 = U - lr * grad(loss, U)
            f1 = f(U1, W1, v1, xi)
            g1 = f(U1, W1, v1, -0.5)
            output f0, f1, g1
            """;

    @Test
    void oneStepOfATwoLayerTanhNetwork() {
        sameNumbers(check("grad.tp", TWO_LAYERS_GRAD, Overrides.none()), check("hand.tp", TWO_LAYERS_HAND, Overrides.none()), 1e-12, 1e-11);
    }

    /**
     * Three hidden layers, two data points, two steps, with a loss that averages over the points
     * and NTK's learning rates on the hidden and input layers: the hand derivation carries the
     * 1/D of the mean and the n^-1 itself.
     */
    static final String THREE_LAYERS_HAND = """
            program three_hand
            param lr = 0.4
            param xs = [1.0, -0.7]
            param ys = [0.5, 0.2]
            vector U0, v0 ~ N(0, 1)
            matrix A2, A3 ~ N(0, 1/n)
            U[0] = U0
            v[0] = v0
            W2[0] = A2
            W3[0] = A3
            for t in 0..1 {
              for a in 1..2 {
                h1[t][a] = U[t] * xs[a]
                h2[t][a] = W2[t] @ tanh(h1[t][a])
                h3[t][a] = W3[t] @ tanh(h2[t][a])
                f[t][a] = mean(v[t] * tanh(h3[t][a]))
              }
              for a in 1..2 {
                c[t][a] = (f[t][a] - ys[a]) / 2
                g3[t][a] = v[t] * tanh'(h3[t][a])
                g2[t][a] = (W3[t].T @ g3[t][a]) * tanh'(h2[t][a])
                g1[t][a] = (W2[t].T @ g2[t][a]) * tanh'(h1[t][a])
              }
              v[t+1] = v[t] - lr * sum(a in 1..2: c[t][a] * tanh(h3[t][a]))
              W3[t+1] = W3[t] - lr / n * sum(a in 1..2: c[t][a] * outer(g3[t][a], tanh(h2[t][a])))
              W2[t+1] = W2[t] - lr / n * sum(a in 1..2: c[t][a] * outer(g2[t][a], tanh(h1[t][a])))
              U[t+1] = U[t] - lr / n * sum(a in 1..2: c[t][a] * xs[a] * g1[t][a])
            }
            output f[1][1], f[1][2], mean(v[2] * tanh(W3[2] @ tanh(W2[2] @ tanh(U[2] * 0.3)))) as f_test
            """;

    static final String THREE_LAYERS_GRAD = """
            program three_grad
            param lr = 0.4
            param xs = [1.0, -0.7]
            param ys = [0.5, 0.2]
            vector U0, v0 ~ N(0, 1)
            matrix A2, A3 ~ N(0, 1/n)
            def net(U, W2, W3, v, x) = mean(v * tanh(W3 @ tanh(W2 @ tanh(U * x))))
            U[0] = U0
            v[0] = v0
            W2[0] = A2
            W3[0] = A3
            for t in 0..1 {
              for a in 1..2 { f[t][a] = net(U[t], W2[t], W3[t], v[t], xs[a]) }
              loss[t] = sum(a in 1..2: (f[t][a] - ys[a]) ^ 2) / 4
              v[t+1] = v[t] - lr * grad(loss[t], v[t])
              W3[t+1] = W3[t] - lr / n * grad(loss[t], W3[t])
              W2[t+1] = W2[t] - lr / n * grad(loss[t], W2[t])
              U[t+1] = U[t] - lr / n * grad(loss[t], U[t])
            }
            output f[1][1], f[1][2], net(U[2], W2[2], W3[2], v[2], 0.3) as f_test
            """;

    @Test
    void twoStepsOfAThreeLayerTanhNetworkOnTwoPoints() {
        sameNumbers(check("grad.tp", THREE_LAYERS_GRAD, Overrides.none()), check("hand.tp", THREE_LAYERS_HAND, Overrides.none()), 1e-12, 1e-11);
    }

    /** μP on the same network: the limit is on particles, and still the hand-written one's to rounding. */
    @Test
    void twoStepsOfAThreeLayerTanhNetworkUnderMuP() {
        String grad = THREE_LAYERS_GRAD.replace("lr / n *", "lr *");
        String hand = THREE_LAYERS_HAND.replace("lr / n *", "lr *");
        Program g = check("grad.tp", grad, Overrides.none());
        Program h = check("hand.tp", hand, Overrides.none());
        assertEquals(Estimate.Method.PARTICLES, Limits.scalars(g, LimitOptions.defaults().withParticles(1 << 12, 16, 0))
                .get("f_test").method());
        sameNumbers(g, h, 1e-12, 1e-11);
    }

    @Test
    void refusalsArePositionedAndSayWhy(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.tp");
        Files.writeString(p, """
                vector u, v ~ N(0, 1)
                matrix W ~ N(0, 1/n)
                h = W @ u
                s = mean(v * step(h))
                a = grad(s, u)
                b = grad(h, u)
                c = grad(s, u + 1)
                param lr = 0.1
                d = grad(s, lr)
                e = grad(mean(v * relu'(h)), W)
                output mean(v * u)
                """);
        Cli.Result r = Cli.run("limit", p.toString());
        assertEquals(2, r.code(), r.err());
        String err = r.err();
        assertTrue(err.contains("bad.tp:5:5: error: grad(s, u): `s` depends on `u` through `step("), err);
        assertTrue(err.contains("`step` jumps: its derivative is a Dirac delta"), err);
        assertTrue(err.contains("bad.tp:6:5: error: `grad` differentiates a scalar; `h` is a vector"), err);
        assertTrue(err.contains("bad.tp:7:5: error: `grad` differentiates with respect to a named vector, scalar or matrix; `u+1` is an expression"), err);
        assertTrue(err.contains("bad.tp:9:5: error: `grad` differentiates with respect to a vector, scalar or matrix of the program; `lr` is a number"), err);
        assertTrue(err.contains("bad.tp:10:5: error: grad(s, W): `s` depends on `W` through `step(h)`"), err);
        assertTrue(!err.contains("Exception"), err);
    }

    @Test
    void aGradientOfSomethingIndependentIsZeroWithAWarning(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("z.tp");
        Files.writeString(p, """
                vector u, v ~ N(0, 1)
                s = mean(v * v)
                g = grad(s, u)
                output mean(g * g) as z, s
                """);
        Cli.Result r = Cli.run("limit", p.toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("z.tp:3:5: warning: `s` does not depend on `u`: grad(s, u) is 0"), r.err());
        assertTrue(r.out().contains("z,scalar,value,0.0"), r.out());
    }

    /** grad with respect to a scalar, and a second-order use: the gradient of a gradient's size. */
    @Test
    void scalarsAndClosedForms(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("s.tp");
        Files.writeString(p, """
                vector u, v ~ N(0, [[1, 0.6], [0.6, 2]])
                c = mean(u * v)
                s = mean(u * u) * c * c
                dc = grad(s, c)
                du = grad(s, u)
                output dc, mean(du * u) as du_u, mean(du * v) as du_v
                """);
        Cli.Result r = Cli.run("limit", p.toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        // s = m c² with m = mean(u²): ∂s/∂c = 2 m c → 2·1·0.6; n ∂s/∂u = 2 u c² + 2 m c v
        assertEquals(1.2, RobustnessTest.csv(r, "dc"), 1e-12);
        assertEquals(2 * 0.36 * 1 + 2 * 0.6 * 0.6, RobustnessTest.csv(r, "du_u"), 1e-12);
        assertEquals(2 * 0.36 * 0.6 + 2 * 0.6 * 2, RobustnessTest.csv(r, "du_v"), 1e-12);
    }

    @Test
    void explainShowsWhatGradMadeInTheUsersNames() {
        Cli.Result r = Cli.run("explain", "mlp-train", "--set", "T=1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("∇h[0][1][3] = v0 * tanh'(h[0][1][3])"), r.out());
        assertTrue(r.out().contains("A[3].T @ ∇h[0][1][3]"), r.out());
    }

    @Test
    void stringParamsAndChoice(@TempDir Path dir) throws IOException {
        Cli.Result bad = Cli.run("limit", "mlp-train", "--set", "P=mpu");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("`P` is \"mpu\"; it must be one of \"mup\", \"ntk\", \"sp\", \"ip\" (did you mean \"mup\"?)")
                || bad.err().contains("`P` is \"mpu\"; it must be one of \"mup\", \"ntk\", \"sp\", \"ip\""), bad.err());
        Cli.Result num = Cli.run("limit", "mlp-train", "--set", "P=1");
        assertEquals(2, num.code());
        assertTrue(num.err().contains("--set P: the param is a string here (such as \"mup\"), and the value given is a number"), num.err());
    }

    /**
     * A product written twice is one value (its steps are emitted once), whose adjoint already sums
     * both places that read it: grad counts it once. loss = 2 mean(v · W x), so grad(loss, W) is
     * 2 outer(v, x) and mean(v · G x) = 2 E[v²] E[x²] = 2.
     */
    @Test
    void aProductWrittenTwiceIsCountedOnce() {
        Program p = check("dup.tp", """
                vector x, v ~ N(0, 1)
                matrix A ~ N(0, 1/n)
                W = A
                a = W @ x
                b = W @ x
                loss = mean(v * a) + mean(v * b)
                G = grad(loss, W)
                output mean((G @ x) * v) as gv, loss, mean(a * b) as ab
                """, Overrides.none());
        Map<String, Estimate> l = Limits.scalars(p, LimitOptions.defaults());
        assertEquals(2.0, l.get("gv").value(), 1e-15);
        assertEquals(1.0, l.get("ab").value(), 1e-15);
    }

    /**
     * A deep linear network on scalar inputs, trained per data point (h = U·ξ_a, the layers, f_a),
     * against the same network written with linearity used by hand: one forward pass at ξ = 1 and
     * f_a = ξ_a·f. The checker takes each point's factor ξ_a out of MatMuls and Moments, so the
     * per-point program has exactly the MatMuls of the one-pass program, and the same numbers.
     */
    /** What both programs share: the parameters, the initial weights and, per step, the update. */
    static final String DEEP_LINEAR_START = """
            param L = 3
            param T = 3
            param lr = 0.1
            param alpha = 0.5
            param inputs = [1.0, -0.5, 0.3]
            param labels = [0.8, -0.4, 0.2]
            vector U0, v0 ~ N(0, 1)
            matrix A[2..L] ~ N(0, 1/n)
            U[0] = U0
            v[0] = v0
            for l in 2..L { W[0][l] = A[l] }
            """;

    static final String DEEP_LINEAR_UPDATE = """
              if t < T {
                v[t+1] = v[t] - lr * grad(loss[t], v[t])
                U[t+1] = U[t] - lr * grad(loss[t], U[t])
                for l in 2..L { W[t+1][l] = W[t][l] - lr * grad(loss[t], W[t][l]) }
              }
            }
            """;

    static final String DEEP_LINEAR_PER_POINT = "program per_point\n" + DEEP_LINEAR_START + """
            for t in 0..T {
              for a in 1..3 {
                h[t][a][1] = U[t] * inputs[a]
                for l in 2..L { h[t][a][l] = h[t][a][l-1] + alpha * (W[t][l] @ h[t][a][l-1]) }
                f[t][a] = mean(v[t] * h[t][a][L])
              }
              loss[t] = sum(a in 1..3: 0.5 * (f[t][a] - labels[a]) ^ 2)
            """ + DEEP_LINEAR_UPDATE + "output loss[0], loss[T], f[T][1] as fT, f[T][2] / inputs[2] as fT2\n";

    static final String DEEP_LINEAR_ONE_PASS = "program one_pass\n" + DEEP_LINEAR_START + """
            for t in 0..T {
              h[t][1] = U[t]
              for l in 2..L { h[t][l] = h[t][l-1] + alpha * (W[t][l] @ h[t][l-1]) }
              g[t] = mean(v[t] * h[t][L])
              loss[t] = sum(a in 1..3: 0.5 * (inputs[a] * g[t] - labels[a]) ^ 2)
            """ + DEEP_LINEAR_UPDATE + "output loss[0], loss[T], g[T] as fT, g[T] as fT2\n";

    @Test
    void dataPointsOfALinearNetworkShareOnePass() {
        Program perPoint = check("per_point.tp", DEEP_LINEAR_PER_POINT, Overrides.none());
        Program onePass = check("one_pass.tp", DEEP_LINEAR_ONE_PASS, Overrides.none());
        assertEquals(matmuls(onePass), matmuls(perPoint));
        assertEquals(2 * 4 + 2 * 3, matmuls(onePass), "2 layers: forward in 4 passes, backward in 3");
        sameNumbers(perPoint, onePass, 1e-12);
    }

    /**
     * A value first read as a multiple of another (its MatMul computed from that vector) and named
     * only afterwards has lost its own reads: grad with respect to it is refused, with the place.
     */
    @Test
    void gradWithRespectToAValueReadAsAMultipleIsRefused(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("m.tp");
        Files.writeString(p, """
                vector u, v ~ N(0, 1)
                matrix A ~ N(0, 1/n)
                y = A @ (2 * u)
                x = 2 * u
                s = mean(v * y)
                g = grad(s, x)
                output mean(g * g) as gg
                """);
        Cli.Result r = Cli.run("limit", p.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("m.tp:6:5: error: `grad` cannot differentiate with respect to `x`: it is a multiple of another vector"),
                r.err());
    }

    private static long matmuls(Program p) {
        return p.steps().stream().filter(s -> s instanceof tp.ir.Step.MatMul).count();
    }
}
