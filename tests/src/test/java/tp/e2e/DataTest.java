package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tp.e2e.RobustnessTest.csv;
import static tp.e2e.RobustnessTest.ok;
import static tp.e2e.RobustnessTest.refused;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data in the language: arrays of numbers, {@code csv}, {@code sum(i in …: …)} and array algebra,
 * against hand-computed values and the arc-cosine recursion evaluated in numpy.
 */
class DataTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String ARRAYS = """
            param X = [[1.0, 0.5], [-0.3, 1.2]]
            param y = [1, -0.5]
            z = [2, 3]
            vector h[1..2] ~ N(0, X @ X.T / 2)
            t = sum(a in 1..len(y): y[a] * h[a])
            output sum(a in 1..len(y): y[a] * z[a]) as s, len(X[1]) as cols, X.T[1][2] as xt, (X @ y)[2] as xy,
                   (y @ X)[1] as yx, mean(t * t) as v, sum(a in 1..0: h[a]) as empty, (2 * z - 1)[2] as lin
            """;

    @Test
    void arraysIndexingAlgebraAndSums() throws IOException {
        Cli.Result r = ok("limit", write("a.tp", ARRAYS), "--format", "csv");
        assertEquals(0.5, csv(r, "s"), 1e-15);                 // 1·2 − 0.5·3
        assertEquals(2, csv(r, "cols"), 0);
        assertEquals(-0.3, csv(r, "xt"), 1e-15);               // Xᵀ[1][2] = X[2][1]
        assertEquals(-0.9, csv(r, "xy"), 1e-15);               // −0.3·1 + 1.2·(−0.5)
        assertEquals(1.15, csv(r, "yx"), 1e-15);               // 1·1 + (−0.5)(−0.3)
        // Var(h1 − h2/2) with Σ = XXᵀ/2 = [[0.625, 0.15], [0.15, 0.765]]: 0.625 + 0.765/4 − 0.15
        assertEquals(0.66625, csv(r, "v"), 1e-12);
        assertEquals(0, csv(r, "empty"), 0);
        assertEquals(5, csv(r, "lin"), 0);
    }

    @Test
    void setTakesLists() throws IOException {
        Path p = write("a.tp", ARRAYS);
        Cli.Result r = ok("limit", p, "--format", "csv", "--set", "y=[2,1]", "--set", "X=[[1,0],[0,1]]");
        assertEquals(7, csv(r, "s"), 1e-15);                   // 2·2 + 1·3
        assertEquals(4 * 0.5 + 0.5, csv(r, "v"), 1e-12);       // Var(2h1 + h2) with Σ = I/2
        assertTrue(refused("limit", p, "--set", "y=[1,x]").err().contains("--set y=[1,x]: the value must be a number or a list"));
        assertTrue(refused("limit", p, "--set", "y=abc").err().contains("--set y=abc: the value must be a list of numbers"));
        assertTrue(refused("limit", p, "--set", "y=3").err().contains("the param is an array here"));
    }

    @Test
    void sumsOfVectorsAndMatrices() throws IOException {
        Path p = write("s.tp", """
                vector x[1..2] ~ N(0, [[1, 0.5], [0.5, 1]])
                matrix W ~ N(0, 1/n)
                s = sum(a in 1..3: a * x[1])
                M = W + sum(a in 1..2: outer(x[a], x[a]))
                output mean(s * s) as ss, mean(x[1] * (M @ x[1])) as q
                """);
        Cli.Result r = ok("limit", p, "--format", "csv");
        assertEquals(36, csv(r, "ss"), 1e-12);                 // (1 + 2 + 3)² E x1²
        assertEquals(1.25, csv(r, "q"), 1e-12);                // E[x1 W x1] → 0, plus (E x1²)² + (E x1x2)²
    }

    @Test
    void nngpOfDigitsMatchesTheArcCosineRecursion() {
        // numpy: X = digits.csv rows 1..4, columns 1..64, / 16; K1 = X Xᵀ / 64;
        // K2 = 2 √(q_aa q_bb) (sin θ + (π − θ) cos θ) / (2π), cos θ = K1_ab / √(q_aa q_bb)
        Map<String, Double> want = Map.of(
                "K[1][1]", 0.1873779296875, "K[1][2]", 0.13642358167280635, "K[1][3]", 0.15445470203258357,
                "K[1][4]", 0.12769605946834753, "K[2][2]", 0.25689697265625, "K[2][3]", 0.21666206475315214,
                "K[2][4]", 0.16503633618923777, "K[3][3]", 0.267822265625, "K[3][4]", 0.15124677111275128,
                "K[4][4]", 0.18023681640625);
        Cli.Result r = ok("limit", Cli.ROOT.resolve("programs/data_nngp.tp"), "--format", "csv");
        want.forEach((k, v) -> assertEquals(v, csv(r, k), 1e-12, k));
        for (int a = 1; a <= 4; a++) assertEquals(a - 1, csv(r, "digit[" + a + "]"), 0);   // the label column
    }

    @Test
    void dataMistakesArePositioned() throws IOException {
        write("bad.csv", "a,b\n1,2\n3,x\n");
        write("rag.csv", "1,2\n3\n");
        String err = refused("check", write("e.tp", """
                y = [1, 2]
                a = y[3]
                b = [1, 2] + [1, 2, 3]
                c = "hello" + 1
                d = csv("missing.csv")
                e = csv("bad.csv")
                f = csv("rag.csv")
                vector v ~ N(0, 1)
                g = sum(v)
                vector u[1..2] ~ N(0, [[1, 2], [2, 1]] @ [[1, 0], [0, 1]])
                output v
                """)).err();
        assertTrue(err.contains("e.tp:2:5: error: `y[3]` is not defined (y has elements 1..2)"), err);
        assertTrue(err.contains("e.tp:3:12: error: `+` needs arrays of the same shape"), err);
        assertTrue(err.contains("e.tp:4:13: error: `\"hello\"` is a string; `+` acts elementwise"), err);
        assertTrue(err.contains("e.tp:5:9: error: no file " + dir.resolve("missing.csv")), err);
        assertTrue(err.contains("bad.csv:3:3: error: not a number: \"x\""), err);
        assertTrue(err.contains("e.tp:6:5: error: cannot read"), err);
        assertTrue(err.contains("rag.csv:2:1: error: this row has 1 cell; the rows above have 2"), err);
        assertTrue(err.contains("sum of a vector's coordinates is n·`mean(v)`"), err);
        assertTrue(err.contains("e.tp:10:40: error: the covariance is not positive semi-definite"), err);
        String syntax = refused("check", write("f.tp", "x = foo(i in 1..2: i)\n")).err();
        assertTrue(syntax.contains("f.tp:1:5: error: `foo(i in …: …)`: only `sum` takes an index range"), syntax);
    }

    /**
     * The whole data set as a first layer: 400 preactivations whose covariance is the 400 × 400 Gram
     * matrix of the images (label column included, /16, /65). Its entries are the limits of the
     * Moments, exactly; references by numpy (np.loadtxt of the file, X @ X.T / 65). How long checking
     * takes is measured by bench/, not here.
     */
    @Test
    void gramCovarianceOfTheWholeDataSet() {
        String program = """
                D = csv("%s")
                X = D / 16
                vector h[1..400] ~ N(0, X @ X.T / 65)
                output mean(h[1] * h[2]) as k12, mean(h[400] * h[399]) as k400
                """.formatted(Cli.ROOT.resolve("data/digits.csv"));
        Map<String, tp.limit.Estimate> k = Limits.scalars(program);
        assertEquals(0.11213942307692308, k.get("k12").value(), 1e-15);
        assertEquals(0.1947716346153846, k.get("k400").value(), 1e-15);
    }

    /**
     * A program as a user with data writes it — points read from a CSV file, labels a list param,
     * `len` and `sum` — against independent numpy computations: the tanh NNGP kernel of the points
     * (first layer h ~ N(0, X Xᵀ / d)) and the network's outputs after one μP SGD step of its readout
     * v and first layer (f_0 = 0 in the limit, so χ = −lr·y). References: numpy tensor Gauss–Hermite
     * over (h_1, h_2, h_3) (96 nodes each, Cholesky of K) and over v (140 nodes); 64 and 48 nodes
     * agree to 1e-10.
     */
    @Test
    void oneMuPStepOnCsvDataMatchesNumpy() throws IOException {
        write("points.csv", "x1,x2,x3\n1.0,0.5,0.2\n-0.3,1.2,0.4\n0.8,-0.6,1.0\n");
        Path program = write("step.tp", """
                param X = csv("points.csv")
                param y = [1, -0.5, 0.25]
                param lr = 0.5
                D = len(X)
                d = len(X[1])
                K = X @ X.T / d
                vector h[1..D] ~ N(0, K)
                vector v ~ N(0, 1)
                for a in 1..D { chi[a] = lr * (mean(v * tanh(h[a])) - y[a]) }
                v1 = v - sum(a in 1..D: chi[a] * tanh(h[a]))
                for b in 1..D { h1[b] = h[b] - sum(a in 1..D: chi[a] * K[a][b] * v * (1 - tanh(h[a]) ^ 2)) }
                output mean(tanh(h[1]) * tanh(h[2])) as k12, mean(tanh(h[3]) * tanh(h[3])) as k33
                for b in 1..D { output mean(v1 * tanh(h1[b])) as f1[b] }
                """);
        Cli.Result r = ok("limit", program, "--format", "csv");
        double[] expected = {0.0673044826062415, 0.3220300951892817, 0.2502003554998998, -0.1082331767574228, 0.2466111781296521};
        String[] names = {"k12", "k33", "f1[1]", "f1[2]", "f1[3]"};
        for (int i = 0; i < names.length; i++) {
            double[] got = valueAndError(r, names[i]);
            double off = Math.abs(got[0] - expected[i]);
            assertTrue(off <= got[1] + 1e-9, names[i] + " = " + got[0] + " ± " + got[1] + ", numpy " + expected[i]);
            assertTrue(off <= 5e-8, names[i] + " = " + got[0] + ", numpy " + expected[i]);   // four directions: 1e-9 to 1.6e-8 measured
        }
    }

    /** gram of an array of vectors is gram of its elements in index order: λ_min of [[1, ½], [½, 1]] is ½. */
    @Test
    void gramOfAnArrayOfVectors() throws IOException {
        Cli.Result r = ok("limit", write("g.tp", """
                vector h[1..2] ~ N(0, [[1, 0.5], [0.5, 1]])
                output mineig(gram(h)) as a, mineig(gram(h[1], h[2])) as b, maxeig(gram(h)) as c
                """), "--format", "csv");
        assertEquals(0.5, csv(r, "a"), 1e-15);
        assertEquals(0.5, csv(r, "b"), 1e-15);
        assertEquals(1.5, csv(r, "c"), 1e-15);
    }

    /** A claim inside a loop is shown with its indices' values; a param keeps its name. */
    @Test
    void claimsInLoopsShowTheirIndices() {
        tp.ir.Program p = Limits.program("vector x ~ N(0, 1)\nparam c = 2\nfor l in 1..2 {\n  q[l] = mean(x * x) * l\n"
                + "  expect q[l] == l within 1e-12\n}\nexpect q[2] == c\noutput q[2]\n");
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (tp.limit.LimitResult.ExpectValue e : new tp.limit.LimitBackend(p, tp.limit.LimitOptions.defaults()).run().expects()) {
            assertTrue(e.passed(), e.expect().text());
            texts.add(e.expect().text());
        }
        assertEquals(java.util.List.of("q[1] == 1 within 1e-12", "q[2] == 2 within 1e-12", "q[2] == c"), texts);
    }

    /** {value, error bound or standard error} of a scalar output in `tp limit --format csv`. */
    static double[] valueAndError(Cli.Result r, String output) {
        for (String line : r.out().split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length >= 7 && f[0].equals(output)) {
                double err = f[5].isEmpty() ? 0 : Double.parseDouble(f[5]);
                double se = f[6].isEmpty() ? 0 : 5 * Double.parseDouble(f[6]);
                return new double[] {Double.parseDouble(f[3]), Math.max(err, se)};
            }
        }
        throw new AssertionError("no output " + output + " in\n" + r.out());
    }
}
