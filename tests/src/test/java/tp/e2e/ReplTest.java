package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tp.repl.Repl;

/** The REPL driven through streams, as a user would type. */
class ReplTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Repl repl = new Repl(new PrintWriter(out), new PrintWriter(err));

    String say(String input) {
        int o = out.getBuffer().length();
        int e = err.getBuffer().length();
        repl.handle(input);
        return out.getBuffer().substring(o) + err.getBuffer().substring(e);
    }

    @Test
    void proveALimitStepByStep() {
        assertEquals("", say("matrix W ~ N(0, 1/n)"));
        assertEquals("", say("vector y ~ N(0, 1)"));
        assertEquals("", say("z = W @ tanh(W.T @ y)"));
        String yz = say("mean(y * z)");
        assertTrue(yz.startsWith("mean(y * z) → 0.60570550960"), yz);
        assertTrue(yz.contains("[quadrature, error ≤"), yz);
        assertTrue(say("z").startsWith("Z^z ~ N(0.0, 0.76117365476"));
        String explained = say(":explain z");
        assertTrue(explained.contains("ZDot (derivative form)") && explained.contains("Z^z = 0.6057055096"), explained);
    }

    @Test
    void errorsNeverEndTheSessionAndUndoTakesBack() {
        say("vector x ~ N(0, 2)");
        String bad = say("k = mean(W)");
        assertTrue(bad.contains("<input>:1:10: error: unknown name `W`"), bad);
        assertTrue(say("k = mean(x * x)").isEmpty());
        assertTrue(say("k").startsWith("k → 2.0"));
        String syntax = say("k = = 3");
        assertTrue(syntax.contains("syntax error"), syntax);
        assertTrue(say(":undo").contains("undone"));
        assertTrue(say("k").contains("unknown name `k`"));
        assertTrue(say("mean(x * x * x * x)").startsWith("mean(x * x * x * x) → 12.0"));
        assertTrue(say(":frobnicate").contains("error: unknown command :frobnicate"));
    }

    @Test
    void outputNamesUndoScriptPositionsAndStrayClosers() throws IOException {
        say("vector x ~ N(0, 1)");
        say("matrix W ~ N(0, 1/n)");
        say("output mean((W @ x) * (W @ x)) as K[1][2]");
        assertTrue(say("K[1][2] * 2").startsWith("K[1][2] * 2 → 2.0"), "an indexed output name is usable");
        assertTrue(say("for l in 1..2 {\n  h[l] = x * l\n}\n").isEmpty());
        String undone = say(":undo");
        assertTrue(undone.contains("undone: `for l in 1..2 {` and the 2 lines of its block"), undone);
        String stray = say("}");
        assertTrue(stray.contains("with nothing open") && !stray.contains("unexpected ``"), stray);

        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Repl script = new Repl(new PrintWriter(o), new PrintWriter(e));
        int errors = script.script(new BufferedReader(new StringReader("vector x ~ N(0, 1)\n\n// a comment\nk = mean(x * q)\nk2 = mean(x * x)\n")));
        assertEquals(1, errors, e.toString());
        assertTrue(e.toString().contains("<stdin>:4:14: error: unknown name `q`"), e.toString());
    }

    @Test
    void setAParamAndSeeTheLimitChange() {
        say("param rho = 0.5");
        say("vector a, b ~ N(0, [[1, rho], [rho, 1]])");
        assertTrue(say("mean(relu(a) * relu(b))").startsWith("mean(relu(a) * relu(b)) → 0.30449889"));
        assertEquals("rho = 0.9\n", say(":set rho=0.9"));
        String after = say("mean(relu(a) * relu(b))");
        assertTrue(after.startsWith("mean(relu(a) * relu(b)) → 0.4547"), after);
        assertTrue(say(":set nosuch=1").contains("no param `nosuch`"));
        say(":undo");
        assertTrue(say("mean(relu(a) * relu(b))").startsWith("mean(relu(a) * relu(b)) → 0.30449889"));
    }

    @Test
    void multiLineBlocksRunAndCheckAtSmallWidths() throws IOException {
        String script = String.join("\n",
                "matrix A ~ N(0, 1/n)",
                "vector v ~ N(0, 1)",
                "for t in 1..2 {",
                "  x[t] = A.T @ (A @ v) * t",
                "}",
                ":run mean(x[1] * x[1]) --widths 64,128 --seeds 3",
                ":check mean(v * x[1]) --widths 128,256,512 --seeds 6",
                ":limit mean(v * x[2])",
                ":quit",
                "mean(v)");
        repl.script(new BufferedReader(new StringReader(script)));
        String o = out.toString();
        assertTrue(o.contains("finite widths [64, 128] · 3 seeds") && o.contains("mean(x[1]*x[1])"), o);
        assertTrue(o.contains("verdicts") && o.contains("consistent with the Master Theorem"), o);
        assertTrue(o.contains("mean(v * x[2]) → 2.0"), o);
        assertFalse(o.contains("mean(v) →"), "input after :quit must not run");
    }

    @Test
    void loadSaveAndDefs(@TempDir Path dir) throws IOException {
        assertTrue(say(":load " + Cli.ROOT.resolve("programs/nngp.tp")).contains("loaded"));
        assertTrue(say("k").startsWith("k → 0.36671689291278"));
        assertTrue(say(":limit").contains("claims"));
        Path saved = dir.resolve("s.tp");
        say("k2 = 2 * k");
        assertTrue(say(":save " + saved).contains("saved 2 statements"));
        assertTrue(Files.readString(saved).contains("k2 = 2 * k"));
        assertTrue(say(":defs").contains("k2 = 2 * k"));
        assertTrue(say(":reset").contains("empty"));
        assertTrue(say("k").contains("unknown name `k`"));
        assertTrue(repl.completions().contains(":explain"));
        assertTrue(repl.completions().contains("tanh"));
    }

    @Test
    void incompleteInputWaitsForMore() {
        assertTrue(Repl.incomplete("for l in 1..3 {"));
        assertTrue(Repl.incomplete("def f(x) {\n  y = tanh(x"));
        assertFalse(Repl.incomplete("def f(x) { return x } // {"));
        assertFalse(Repl.incomplete("y = tanh(x)"));
    }
}
