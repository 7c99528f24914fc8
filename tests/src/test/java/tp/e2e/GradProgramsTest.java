package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.check.Checker;
import tp.check.Overrides;
import tp.check.Stdlib;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitOptions;
import tp.syntax.SourceFile;

/**
 * The training programs of programs/ and the stdlib, written on {@code grad} and the abc module,
 * against their hand-written predecessors (tests/src/test/resources/grad/NAME-hand.tp, whose
 * numeric parametrisation codes map to the names): the same networks and the same updates, so
 * the same limits (exact and quadrature outputs to 1e-12; particles within four joint standard
 * errors, since they are the same in law but not in bits: a replicate's matrix images are drawn
 * in the order the program multiplies, each new direction conditioned on the opposite direction's
 * images so far, and the two programs interleave forward and backward MatMuls differently) and the
 * same values at width 256 (to 1e-13; measured ≤ 1.4e-16).
 * Parametrisations without a limit (SP with one global learning rate, NTK's random readout) are
 * compared at finite width only.
 */
class GradProgramsTest {
    private static final Path HAND = Cli.ROOT.resolve("tests/src/test/resources/grad");

    static Program grad(String path, String... kv) throws IOException {
        String text = path.startsWith("stdlib:") ? Stdlib.read(path.substring(7)) : Files.readString(Cli.ROOT.resolve(path));
        return Checker.check(new SourceFile(path.startsWith("stdlib:") ? path : Cli.ROOT.resolve(path).toString(), text), GradTest.sets(kv));
    }

    /** The hand-written version, read as if it were beside the program it belongs to (for relative csv paths). */
    static Program hand(String name, String besides, String... kv) throws IOException {
        String text = Files.readString(HAND.resolve(name + "-hand.tp"));
        return Checker.check(new SourceFile(Cli.ROOT.resolve(besides).resolve(name + "-hand.tp").toString(), text), GradTest.sets(kv));
    }

    static void sameLimits(Program g, Program h) {
        Map<String, Estimate> lg = Limits.scalars(g, LimitOptions.defaults());
        Map<String, Estimate> lh = Limits.scalars(h, LimitOptions.defaults());
        assertEquals(lh.keySet(), lg.keySet());
        assertTrue(lg.size() >= 2, lg.keySet().toString());
        for (String k : lg.keySet()) {
            double x = lg.get(k).value();
            double y = lh.get(k).value();
            assertEquals(lh.get(k).method(), lg.get(k).method(), k);
            double tol = lg.get(k).method() == Estimate.Method.PARTICLES
                    ? 4 * Math.hypot(lg.get(k).stderr(), lh.get(k).stderr())
                    : 1e-12 * Math.max(1, Math.abs(x));
            assertTrue(Math.abs(x - y) <= tol, k + ": " + x + " vs " + y + " (" + lg.get(k).method() + ")");
        }
    }

    static void sameAtWidth256(Program g, Program h) {
        FiniteRun.Result fg = FiniteRun.run(g, List.of(256), 3, 1, 1);
        FiniteRun.Result fh = FiniteRun.run(h, List.of(256), 3, 1, 1);
        var og = fg.widths().get(0).outputs();
        var oh = fh.widths().get(0).outputs();
        assertEquals(oh.keySet(), og.keySet());
        for (var e : og.entrySet()) {
            if (e.getValue().output().kind() != Program.OutputKind.SCALAR) continue;
            double x = e.getValue().mean()[0];
            double y = oh.get(e.getKey()).mean()[0];
            assertTrue(Math.abs(x - y) <= 1e-13 * Math.max(1, Math.abs(x)), e.getKey() + " at n = 256: " + x + " vs " + y);
        }
    }

    static void same(Program g, Program h) {
        sameLimits(g, h);
        sameAtWidth256(g, h);
    }

    @Test
    void muPLinearAndTanhTraining() throws IOException {
        for (String p : List.of("mup_linear_sgd", "mup_tanh_sgd", "mup_sgd_step")) {
            same(grad("programs/" + p + ".tp"), hand(p, "programs"));
        }
    }

    @Test
    void muPDeepTanhOnParticles() throws IOException {
        Program g = grad("programs/mup_deep_tanh.tp");
        assertEquals(Estimate.Method.PARTICLES, Limits.scalars(g, LimitOptions.defaults()).get("f_test").method());
        same(g, hand("mup_deep_tanh", "programs"));
    }

    @Test
    void chenFeaturesMuPAndNtk() throws IOException {
        same(grad("programs/chen2025_features.tp", "T", "1"), hand("chen2025_features", "programs", "T", "1"));
        same(grad("programs/chen2025_features.tp", "T", "1", "P", "ntk"), hand("chen2025_features", "programs", "T", "1", "P", "1"));
        sameAtWidth256(grad("programs/chen2025_features.tp", "T", "1", "P", "ntk", "random_readout", "1"),
                hand("chen2025_features", "programs", "T", "1", "P", "1", "random_readout", "1"));
    }

    @Test
    void chenDigitsFourParametrisations() throws IOException {
        String[] names = {"mup", "ntk", "sp", "ip"};
        for (int k = 0; k < 4; k++) {
            same(grad("programs/chen2025_digits.tp", "T", "1", "par", names[k]),
                    hand("chen2025_digits", "programs", "T", "1", "par", String.valueOf(k)));
        }
    }

    @Test
    void deepLinearMuPNtkResidualAndGlobalSp() throws IOException {
        String dl = "programs/bordelon2025_deep_linear.tp";
        same(grad(dl, "T", "2"), hand("bordelon2025_deep_linear", "programs", "T", "2"));
        same(grad(dl, "T", "2", "P", "ntk"), hand("bordelon2025_deep_linear", "programs", "T", "2", "P", "1"));
        same(grad(dl, "T", "2", "res", "1", "L", "6"), hand("bordelon2025_deep_linear", "programs", "T", "2", "res", "1", "L", "6"));
        sameAtWidth256(grad(dl, "P", "sp_global", "lr", "0.0016"), hand("bordelon2025_deep_linear", "programs", "P", "2", "lr", "0.0016"));
    }

    @Test
    void coordCheckMuPAndGlobalSp() throws IOException {
        same(grad("stdlib:coord-check", "T", "1"), hand("coord-check", "stdlib", "T", "1"));
        sameAtWidth256(grad("stdlib:coord-check", "P", "sp_global"), hand("coord-check", "stdlib", "sp", "1"));
    }
}
