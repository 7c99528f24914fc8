package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.check.Checker;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.syntax.SourceFile;

/**
 * The canonical programs of the Master Theorem: at n ≥ 1000 the multi-seed mean lies within 4
 * standard errors of the stated limit, and the values one would get by dropping Ż are far outside.
 */
class FiniteToLimitTest {
    static Program load(String path) throws IOException {
        return Checker.check(new SourceFile(path, Files.readString(Cli.ROOT.resolve(path))), Map.of());
    }

    static void assertNear(FiniteRun.Stat s, double limit, double sigmas) {
        double m = s.mean()[0];
        double se = s.stderr()[0];
        assertTrue(se > 0 && se < 0.05, "standard error " + se);
        assertTrue(Math.abs(m - limit) <= sigmas * se,
                s.output().name() + ": " + m + " ± " + se + " is not within " + sigmas + " SE of " + limit);
    }

    @Test
    void transposeComesBack() throws IOException {
        FiniteRun.Result r = FiniteRun.run(load("programs/ata.tp"), List.of(1024), 100, 20, 2);
        Map<String, FiniteRun.Stat> o = r.widths().get(0).outputs();
        assertNear(o.get("xx"), 2, 4);
        assertNear(o.get("vx"), 1, 4);
        // without Ż: mean(x*x) → 1, mean(v*x) → 0
        assertTrue(Math.abs(o.get("vx").mean()[0]) > 10 * o.get("vx").stderr()[0]);
    }

    @Test
    void tanhThroughTheTranspose() throws IOException {
        FiniteRun.Result r = FiniteRun.run(load("programs/tanh_transpose.tp"), List.of(1500), 100, 20, 2);
        Map<String, FiniteRun.Stat> o = r.widths().get(0).outputs();
        assertNear(o.get("yz"), 0.6057055, 4);
        assertNear(o.get("zz"), 0.7611736, 4);
        double dropped = 0.3942945;
        assertTrue(Math.abs(o.get("zz").mean()[0] - dropped) > 10 * o.get("zz").stderr()[0]);
    }

    @Test
    void nngpKernel() throws IOException {
        FiniteRun.Result r = FiniteRun.run(load("programs/nngp.tp"), List.of(1024), 100, 30, 2);
        assertNear(r.widths().get(0).outputs().get("k"), 0.366716892912781, 4);
    }

    @Test
    void seedSpreadShrinksLikeRootN() throws IOException {
        Program p = load("programs/ata.tp");
        FiniteRun.Result r = FiniteRun.run(p, List.of(128, 2048), 7, 16, 2);
        double small = r.widths().get(0).outputs().get("vx").stderr()[0];
        double large = r.widths().get(1).outputs().get("vx").stderr()[0];
        // 16× the width: 4× less spread, up to the noise of 16-seed estimates of a spread
        double ratio = small / large;
        assertTrue(ratio > 2 && ratio < 8, "spread ratio " + ratio);
        assertEquals(2, r.widths().size());
    }
}
