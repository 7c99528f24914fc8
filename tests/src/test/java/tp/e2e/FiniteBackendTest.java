package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import tp.check.Checker;
import tp.finite.FiniteBackend;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/** Reproducibility, batching, memory and lowering of the finite-width backend. */
class FiniteBackendTest {
    static Program program(String text) {
        return Checker.check(new SourceFile("test.tp", text), Map.of());
    }

    static final String DEEP = String.join("\n",
            "param L = 3",
            "vector x1, x2 ~ N(0, [[1, 0.4], [0.4, 1]])",
            "matrix W[1..L] ~ N(0, 2/n)",
            "vector v ~ N(0, 1)",
            "h1[0] = x1",
            "h2[0] = x2",
            "for l in 1..L {",
            "  h1[l] = W[l] @ tanh(h1[l-1])",
            "  h2[l] = W[l] @ tanh(h2[l-1])",
            "}",
            "d = W[L].T @ (v * tanh'(h1[L]))",
            "output mean(h1[L] * h2[L]) as k, mean(d * d) as g, d");

    @Test
    void sameSeedSameBitsWithOneAndTwoThreads() {
        Program p = program(DEEP);
        // 1100 is not a multiple of the kernel's block: blocks of unequal size across threads
        FiniteRun.Result one = FiniteRun.run(p, List.of(1100), 42, 2, 1);
        FiniteRun.Result two = FiniteRun.run(p, List.of(1100), 42, 2, 2);
        for (String name : List.of("k", "g", "d")) {
            FiniteRun.Stat a = one.widths().get(0).outputs().get(name);
            FiniteRun.Stat b = two.widths().get(0).outputs().get(name);
            for (int s = 0; s < 2; s++) assertArrayEquals(a.values()[s], b.values()[s], 0.0, name);
        }
        FiniteRun.Result other = FiniteRun.run(p, List.of(1100), 43, 1, 2);
        assertNotEquals(one.widths().get(0).outputs().get("k").values()[0][0],
                other.widths().get(0).outputs().get("k").values()[0][0]);
    }

    @Test
    void addingADeclarationDoesNotChangeOtherSamples() {
        String base = "matrix W ~ N(0, 1/n)\nvector x ~ N(0, 1)\ny = W @ x\noutput mean(y * y) as q\n";
        String more = "matrix A ~ N(0, 1/n)\nvector u ~ N(0, 1)\n" + base + "z = A @ u\noutput mean(z * y) as r\n";
        double a = FiniteRun.run(program(base), List.of(300), 5, 1, 2).widths().get(0).outputs().get("q").values()[0][0];
        double b = FiniteRun.run(program(more), List.of(300), 5, 1, 2).widths().get(0).outputs().get("q").values()[0][0];
        assertEquals(a, b, 0.0);
    }

    @Test
    void matMulsOfOneMatrixAreBatched() {
        Program p = program("param rho = 0.6\nvector x1, x2 ~ N(0, [[1, rho], [rho, 1]])\nmatrix W ~ N(0, 2/n)\n"
                + "g1 = W @ relu(x1)\ng2 = W @ relu(x2)\noutput mean(relu(g1) * relu(g2))\n");
        FiniteBackend.Sample s = new FiniteBackend(p, ForkJoinPool.commonPool()).run(256, 0);
        assertEquals(2, s.timings().matmuls);
        assertEquals(1, s.timings().batches);
    }

    @Test
    void lowRankUpdateIsLoweredExactly() {
        String common = "param lr = 0.3\nmatrix W ~ N(0, 1/n)\nvector h, g, x2 ~ N(0, 1)\n";
        Program lowered = program(common + "W1 = W - lr * outer(g, h)\nz = W1 @ x2\noutput mean(z * z) as q, mean(z * g) as r\n");
        Program explicit = program(common + "z = W @ x2 - lr * g * mean(h * x2)\noutput mean(z * z) as q, mean(z * g) as r\n");
        var a = FiniteRun.run(lowered, List.of(200), 3, 1, 1).widths().get(0).outputs();
        var b = FiniteRun.run(explicit, List.of(200), 3, 1, 1).widths().get(0).outputs();
        assertEquals(b.get("q").values()[0][0], a.get("q").values()[0][0], 1e-12);
        assertEquals(b.get("r").values()[0][0], a.get("r").values()[0][0], 1e-12);
        // and the update does something
        Program plain = program(common + "z = W @ x2\noutput mean(z * z) as q, mean(z * g) as r\n");
        var c = FiniteRun.run(plain, List.of(200), 3, 1, 1).widths().get(0).outputs();
        assertTrue(Math.abs(c.get("r").values()[0][0] - a.get("r").values()[0][0]) > 1e-3);
    }

    @Test
    void transposedUpdateIsTheTransposeOfTheUpdate() {
        String common = "matrix W ~ N(0, 1/n)\nvector a, b, x ~ N(0, 1)\nM = W + 0.5 * outer(a, b)\n";
        Program p = program(common + "y = M.T @ x\nz = W.T @ x + 0.5 * b * mean(a * x)\n"
                + "output mean(y * y) as p, mean(z * z) as q\n");
        var o = FiniteRun.run(p, List.of(150), 1, 1, 1).widths().get(0).outputs();
        assertEquals(o.get("q").values()[0][0], o.get("p").values()[0][0], 1e-12);
    }

    @Test
    void aWidthThatDoesNotFitIsRefusedBeforeAllocating() {
        Program p = program("matrix W ~ N(0, 1/n)\nmatrix V ~ N(0, 1/n)\nvector x ~ N(0, 1)\n"
                + "output mean((W @ x) * (V @ x))\n");
        ProgramError e = assertThrows(ProgramError.class, () -> FiniteRun.run(p, List.of(300_000), 0, 1, 1));
        String msg = e.diagnostics().get(0).message();
        assertTrue(msg.contains("width 300000 needs 1440.0 GB"), msg);
        assertTrue(msg.contains("2 matrices"), msg);
        double need = FiniteBackend.bytesNeeded(p, 300_000);
        assertTrue(need >= 2 * 8.0 * 300_000 * 300_000);
    }

    @Test
    void userDerivativesAreDerivatives() {
        Program p = program("def f(x) = x * tanh(x)\nvector u ~ N(0, 1)\n"
                + "a = f'(u)\nb = tanh(u) + u * tanh'(u)\nc = f''(u)\nd = 2 * tanh'(u) - 2 * u * tanh(u) * tanh'(u)\n"
                + "output mean((a - b) ^ 2) as e1, mean((c - d) ^ 2) as e2, mean(a * a) as s\n");
        var o = FiniteRun.run(p, List.of(100), 0, 1, 1).widths().get(0).outputs();
        assertEquals(0, o.get("e1").values()[0][0], 1e-24);
        assertEquals(0, o.get("e2").values()[0][0], 1e-24);
        assertTrue(o.get("s").values()[0][0] > 0.1);
    }

    @Test
    void builtInDerivativesMatchFiniteDifferences() {
        String[] fns = {"tanh", "sigmoid", "erf", "gelu", "silu", "softplus", "sin", "cos", "exp", "relu", "abs"};
        for (String f : fns) {
            Program p = program("vector u ~ N(0, 1)\nh = 1e-6\n"
                    + "fd = (" + f + "(u + h) - " + f + "(u - h)) / (2 * h)\n"
                    + "output mean((fd - " + f + "'(u)) ^ 2) as err\n");
            var o = FiniteRun.run(p, List.of(64), 0, 1, 1).widths().get(0).outputs();
            assertTrue(o.get("err").values()[0][0] < 1e-12, f + "': " + o.get("err").values()[0][0]);
        }
    }

    @Test
    void gramOutputsAndEigenvalues() {
        Program p = program("vector a, b ~ N(0, [[1, 0.5], [0.5, 1]])\n"
                + "output gram(a, b) as G, mineig(gram(a, b)) as lo, maxeig(gram(a, b)) as hi, mean(a*a) as aa, mean(a*b) as ab, mean(b*b) as bb\n");
        var o = FiniteRun.run(p, List.of(500), 0, 1, 1).widths().get(0).outputs();
        double aa = o.get("aa").values()[0][0];
        double ab = o.get("ab").values()[0][0];
        double bb = o.get("bb").values()[0][0];
        double[] g = o.get("G").values()[0];
        assertArrayEquals(new double[] {aa, ab, ab, bb}, g, 0.0);
        double mid = (aa + bb) / 2;
        double rad = Math.sqrt((aa - bb) * (aa - bb) / 4 + ab * ab);
        assertEquals(mid - rad, o.get("lo").values()[0][0], 1e-12);
        assertEquals(mid + rad, o.get("hi").values()[0][0], 1e-12);
        assertFalse(Double.isNaN(mid));
    }
}
