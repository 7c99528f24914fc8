package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.repl.Repl;

/**
 * Deep, long and huge programs, and bad input: each gets an answer or a clear message (exit 2),
 * never a stack trace, a stack overflow, an internal error or a hang. The timeouts only turn a
 * hang into a failure; they are far above the time each case takes.
 */
class RobustnessTest {
    static final Duration HANG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Cli.Result tp(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = args[i].toString();
        Cli.Result r = assertTimeoutPreemptively(HANG, () -> Cli.run(a), () -> "no answer: tp " + String.join(" ", a));
        String all = r.out() + r.err();
        assertFalse(all.contains("Exception") || all.contains("\tat ") || all.contains("internal error")
                || all.contains("StackOverflow") || all.contains("OutOfMemory"), "tp " + String.join(" ", a) + ":\n" + r.err());
        return r;
    }

    static Cli.Result ok(Object... args) {
        Cli.Result r = tp(args);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    static Cli.Result refused(Object... args) {
        Cli.Result r = tp(args);
        assertEquals(2, r.code(), r.out() + r.err());
        return r;
    }

    /** The value of a scalar output in CSV (run: its mean; limit: its value). */
    static double csv(Cli.Result r, String output) {
        for (String line : r.out().split("\n")) {
            String[] f = line.split(",");
            if (f.length > 4 && f[0].equals(output)) return Double.parseDouble(f[3]);
            if (f.length > 5 && f[1].equals(output)) return Double.parseDouble(f[4]);
        }
        throw new AssertionError("no output " + output + " in\n" + r.out());
    }

    static String deepLoop(int steps) {
        return "vector x ~ N(0, 1)\nh[0] = x\nfor l in 1.." + steps + " { h[l] = tanh(h[l-1]) + 0.1 * x }\n"
                + "output mean(h[" + steps + "] * h[" + steps + "]) as q\n";
    }

    /** f(f(…f(x)…)), nested {@code times} deep. */
    static String composed(String def, int times) {
        StringBuilder e = new StringBuilder("x");
        for (int i = 0; i < times; i++) e.insert(0, "f(").append(")");
        return "vector x ~ N(0, 1)\ndef f(h) = " + def + "\ny = " + e + "\noutput mean(y * y) as q\n";
    }

    @Test
    void aLoopOf1000StepsRunsAndHasALimit() throws IOException {
        Path p = write("deep1000.tp", deepLoop(1000));
        assertTrue(Double.isFinite(csv(ok("run", p, "--width", 64, "--format", "csv"), "q")));
        assertEquals(0.40916, csv(ok("limit", p, "--format", "csv"), "q"), 1e-4);
    }

    @Test
    void aLoopOf20000StepsRunsAndHasALimit() throws IOException {
        Path p = write("deep20000.tp", deepLoop(20_000));
        assertTrue(Double.isFinite(csv(ok("run", p, "--width", 64, "--format", "csv"), "q")));
        assertEquals(0.40916, csv(ok("limit", p, "--format", "csv"), "q"), 1e-4);
    }

    @Test
    void aFunctionComposed1000Times() throws IOException {
        Path p = write("compose.tp", composed("tanh(h) + 0.1 * h", 1000));
        double finite = csv(ok("run", p, "--width", 64, "--format", "csv"), "q");
        double limit = csv(ok("limit", p, "--format", "csv"), "q");
        assertTrue(finite > 0 && limit > 0, finite + " " + limit);
    }

    /** h + h shares its argument: a DAG of 1000 nodes whose tree has 2^1000 leaves. */
    @Test
    void doublingComposed1000TimesIsLinearNotExponential() throws IOException {
        Path half = write("half.tp", composed("(h + h) / 2", 1000));
        Path plain = write("plain.tp", "vector x ~ N(0, 1)\ny = x\noutput mean(y * y) as q\n");
        // (h + h) / 2 is h exactly: the same bits as x itself
        assertEquals(ok("run", plain, "--width", 64, "--format", "csv").out(), ok("run", half, "--width", 64, "--format", "csv").out());
        assertEquals(1.0, csv(ok("limit", half, "--format", "csv"), "q"), 1e-12);
        Path doubling = write("double.tp", composed("h + h", 1000));
        Cli.Result r = refused("run", doubling, "--width", 8);
        assertTrue(r.err().contains("double.tp:4:8: error: `q` is infinite at width 8"), r.err());
        r = refused("limit", doubling);
        assertTrue(r.err().contains("double.tp:4:8: error: the limit of `q` is infinite"), r.err());
    }

    @Test
    void aSumOf2000TermsAndDeepParentheses() throws IOException {
        Path sum = write("sum.tp", "vector x ~ N(0, 1)\noutput mean(" + "x + ".repeat(1999) + "x) as s\n");
        ok("run", sum, "--width", 32);
        assertEquals(0.0, csv(ok("limit", sum, "--format", "csv"), "s"), 1e-12);
        Path parens = write("parens.tp", "vector x ~ N(0, 1)\noutput mean(" + "(".repeat(10_000) + "x" + ")".repeat(10_000) + ") as s\n");
        ok("run", parens, "--width", 32);
        ok("limit", parens);
        Path absurd = write("absurd.tp", "vector x ~ N(0, 1)\noutput mean(" + "(".repeat(200_000) + "x" + ")".repeat(200_000) + ")\n");
        Cli.Result r = refused("run", absurd);
        assertTrue(r.err().contains("absurd.tp:2:100012: error: brackets nested too deeply (more than 100000 levels; "
                + "the limit is 100000)"), r.err());
        assertTrue(r.err().length() < 2000, "a long line is shown as a window around the spot");
    }

    @Test
    void budgetsRefuseBeforeExpanding() throws IOException {
        Path loops = write("loops.tp", "vector x ~ N(0, 1)\nfor a in 1..1000 { for b in 1..1000 { for c in 1..1000 {\n"
                + "  y = tanh(x) + a + b + c } } }\noutput mean(x)\n");
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> refused("run", loops));
        assertTrue(r.err().contains("loops.tp:2:43: error: loop `c` would run 1 000 000 000 iterations in all "
                + "(1 000 × 1 000 × 1 000, with the loops around it); the limit is 1 000 000 loop iterations in all"), r.err());
        Path million = write("million.tp", "param L = 1000000\nvector x ~ N(0, 1)\nmatrix W ~ N(0, 1/n)\nh[0] = x\n"
                + "for l in 1..L { h[l] = W @ tanh(h[l-1]) }\noutput mean(h[L] * h[L])\n");
        r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> refused("limit", million));
        assertTrue(r.err().contains("million.tp:5:5: error: loop `l` would make about 2 000 002 core-program steps"), r.err());
        assertTrue(r.err().contains("the limit is 2 000 000 steps"), r.err());
    }

    @Test
    void theLimitRefusesTooManyMatMulsOfOneMatrix() throws IOException {
        Path net = write("net.tp", "vector x ~ N(0, 1)\nmatrix W ~ N(0, 1/n)\nh[0] = x\n"
                + "for l in 1..4000 { h[l] = W @ tanh(h[l-1]) }\noutput mean(h[4000] * h[4000]) as q\n");
        ok("run", net, "--width", 8);
        Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> refused("limit", net));
        assertTrue(r.err().contains("net.tp:2:8: error: the limit needs the covariances of the MatMuls of each matrix: "
                + "8 002 000 entries in all (4 000 MatMuls of `W` alone give 8 002 000)"), r.err());
    }

    @Test
    void aVectorOutputBeyondQuadratureIsOnParticles() throws IOException {
        Path p = write("six.tp", "vector a, b, c, d, e, f ~ N(0, 1)\n"
                + "y = tanh(a + b) * tanh(c + d) * tanh(e + f) * tanh(a - c) * tanh(b - e) * tanh(d - f)\noutput y\n");
        assertTrue(ok("limit", p, "--particles", 4096).out().contains("particles"));
        Cli.Result r = refused("limit", p, "--method", "quadrature");
        assertTrue(r.err().contains("six.tp:3:8: error: no limit for the output `y`: quadrature cannot settle"), r.err());
    }

    @Test
    void commandLineMistakesAreUsageErrors() throws IOException {
        Cli.Result none = tp();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Usage: tp"), none.err());
        String nngp = Cli.ROOT.resolve("programs/nngp.tp").toString();
        assertTrue(refused("run", nngp, "--widths", ",,").err().contains("tp: --widths needs at least one width"));
        assertTrue(refused("run", nngp, "--set", "rho=1e400").err().contains("tp: --set rho=1e400: the value must be a finite number"));
        assertTrue(refused("run", nngp, "--set", "rho=NaN").err().contains("the value must be a finite number"));
        assertTrue(refused("run", nngp, "--set", "rho=nan").err().contains("the value must be a number"));
        // checked before the computation (chen2025_features takes seconds), not after it
        Cli.Result plot = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused("check",
                Cli.ROOT.resolve("programs/chen2025_features.tp"), "--plot", "/no/such/folder/x.png"));
        assertTrue(plot.err().contains("tp: cannot write /no/such/folder/x.png: the folder /no/such/folder does not exist"), plot.err());
    }

    @Test
    void aByteOrderMarkIsAccepted() throws IOException {
        String text = "vector x ~ N(0, 1)\noutput mean(x * x) as k\n";
        Path plain = write("plain.tp", text);
        Path bom = dir.resolve("bom.tp");
        Files.write(bom, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
        assertEquals(ok("run", plain, "--width", 16, "--format", "csv").out(), ok("run", bom, "--width", 16, "--format", "csv").out());
    }

    @Test
    void importCycleThroughTheMainFile() throws IOException {
        Path a = write("a.tp", "import \"b.tp\"\nvector x ~ N(0, 1)\noutput mean(x)\n");
        write("b.tp", "import \"a.tp\"\ndef g(h) = h\n");
        Cli.Result r = refused("run", a);
        assertTrue(r.err().contains("b.tp:1:8: error: import cycle: " + a + " → " + dir.resolve("b.tp") + " → " + a), r.err());
        // however the main file is named
        r = refused("run", dir.resolve(".").resolve("a.tp"));
        assertTrue(r.err().contains("error: import cycle: "), r.err());
    }

    @Test
    void aStdlibModuleIsNotAProgram() {
        Cli.Result r = refused("run", "mlp");
        assertTrue(r.err().contains("stdlib:mlp:2:5: error: this file is a module (it holds only `def` and `import`): there is "
                + "nothing to run. Import it from a program (`import \"mlp\"`)"), r.err());
    }

    @Test
    void theReplSaysWhatIsWrongAndCarriesOn() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Repl repl = new Repl(new PrintWriter(out), new PrintWriter(err));
        repl.handle("vector x ~ N(0, 1)");
        repl.handle(":save /no/such/folder/session.tp");
        assertTrue(err.toString().contains("error: :save /no/such/folder/session.tp: the folder /no/such/folder does not exist"),
                err.toString());
        repl.handle("y = " + "(".repeat(200_000) + "x" + ")".repeat(200_000));
        assertTrue(err.toString().contains("brackets nested too deeply"), err.toString());
        repl.handle(":set rho=1e999");
        assertTrue(err.toString().contains("the value must be a finite number"), err.toString());
        repl.handle("mean(x * x)");
        assertTrue(out.toString().contains("mean(x * x) → 1.0"), out.toString());
    }
}
