package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tp.check.Checker;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitOptions;
import tp.syntax.SourceFile;

/** Limits of whole programs against closed forms, recursions and finite-width estimates. */
class LimitProgramsTest {
    static Program load(String path, Map<String, Double> sets) throws IOException {
        return Checker.check(new SourceFile(path, Files.readString(Cli.ROOT.resolve(path))), sets);
    }

    static Program load(String path, tp.check.Overrides sets) throws IOException {
        return Checker.check(new SourceFile(path, Files.readString(Cli.ROOT.resolve(path))), sets);
    }

    static Map<String, Estimate> limit(String path, Map<String, Double> sets, LimitOptions o) throws IOException {
        return Limits.scalars(load(path, sets), o);
    }

    static final double E_TANH2 = 0.3942944903978413;   // numpy Gauss–Hermite, 180 nodes
    static final double E_DTANH = 0.6057055096021586;

    @Test
    void canonicalTransposeProgramIsExact() throws IOException {
        Map<String, Estimate> o = limit("programs/ata.tp", Map.of(), LimitOptions.defaults());
        assertEquals(2, o.get("xx").value(), 1e-9);
        assertEquals(1, o.get("vx").value(), 1e-9);
        assertEquals(Estimate.Method.EXACT, o.get("xx").method());
        Map<String, Estimate> dropped = limit("programs/ata.tp", Map.of(), LimitOptions.defaults().with(LimitOptions.ZDot.DROP));
        assertEquals(1, dropped.get("xx").value(), 1e-9);
        assertEquals(0, dropped.get("vx").value(), 1e-9);
    }

    @Test
    void canonicalTanhProgram() throws IOException {
        Map<String, Estimate> o = limit("programs/tanh_transpose.tp", Map.of(), LimitOptions.defaults());
        assertEquals(E_DTANH, o.get("yz").value(), 1e-7);
        assertEquals(E_TANH2 + E_DTANH * E_DTANH, o.get("zz").value(), 1e-7);
        Map<String, Estimate> dropped = limit("programs/tanh_transpose.tp", Map.of(), LimitOptions.defaults().with(LimitOptions.ZDot.DROP));
        assertEquals(0, dropped.get("yz").value(), 1e-9);
        assertEquals(E_TANH2, dropped.get("zz").value(), 1e-7);
    }

    @Test
    void derivativeAndSteinFormsOfZDotAgree() throws IOException {
        for (String p : List.of("programs/tanh_transpose.tp", "programs/mup_sgd_step.tp")) {
            Map<String, Estimate> d = limit(p, Map.of(), LimitOptions.defaults().with(LimitOptions.ZDot.DERIVATIVE));
            Map<String, Estimate> s = limit(p, Map.of(), LimitOptions.defaults().with(LimitOptions.ZDot.STEIN));
            for (String name : d.keySet()) {
                assertEquals(d.get(name).value(), s.get(name).value(), 1e-8, p + " " + name);
            }
        }
    }

    /** The recursion of the ReLU arc-cosine kernel (docs/limit.md), written out here independently of the engine. */
    static double[] recursion(boolean erf, int layers, double sw2, double sb2, double q1, double q2, double c) {
        double theta = c;
        for (int l = 0; l < layers; l++) {
            double s;
            double sdot;
            if (erf) {
                s = 2 / Math.PI * Math.asin(2 * c / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2)));
                sdot = 4 / Math.PI / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2) - 4 * c * c);
                double n1 = 2 / Math.PI * Math.asin(2 * q1 / (1 + 2 * q1));
                double n2 = 2 / Math.PI * Math.asin(2 * q2 / (1 + 2 * q2));
                q1 = sw2 * n1 + sb2;
                q2 = sw2 * n2 + sb2;
            } else {
                double th = Math.acos(c / Math.sqrt(q1 * q2));
                s = Math.sqrt(q1 * q2) * (Math.sin(th) + (Math.PI - th) * Math.cos(th)) / (2 * Math.PI);
                sdot = (Math.PI - th) / (2 * Math.PI);
                q1 = sw2 * q1 / 2 + sb2;
                q2 = sw2 * q2 / 2 + sb2;
            }
            c = sw2 * s + sb2;
            theta = c + sw2 * sdot * theta;
        }
        return new double[] {c, theta, q1};
    }

    @Test
    void nngpAndNtkOfAnMlpWithBias() throws IOException {
        for (int act = 0; act <= 1; act++) {
            Map<String, Estimate> o = limit("programs/mlp_kernels.tp", Map.of("erf_act", (double) act), LimitOptions.defaults());
            double[] ref = recursion(act == 1, 3, 2, 0.1, 1.2, 0.8, 0.5);
            assertEquals(ref[0], o.get("nngp").value(), 1e-10, "nngp, erf=" + act);
            assertEquals(ref[1], o.get("ntk").value(), 1e-10, "ntk, erf=" + act);
            assertEquals(ref[2], o.get("q1").value(), 1e-10, "q1, erf=" + act);
            assertEquals(Estimate.Method.EXACT, o.get("ntk").method());
        }
    }

    @Test
    void linearMuPTrainingMatchesTp4Corollary62() throws IOException {
        Map<String, Estimate> o = limit("programs/mup_linear_sgd.tp", Map.of(), LimitOptions.defaults());
        double a = 1;
        double b = 0;
        double c = 0;
        double d = 1;
        double lr = 0.5;
        for (int t = 0; t < 3; t++) {
            double xi = 1 + 0.5 * t;
            double y = 1 - 0.3 * t;
            double f = (a * c + b * d) * xi;
            assertEquals(f, o.get("f[" + t + "]").value(), 1e-12, "f[" + t + "]");
            double chi = lr * (f - y);
            double na = a - chi * xi * c;
            double nb = b - chi * xi * d;
            double nc = c - chi * xi * a;
            double nd = d - chi * xi * b;
            a = na;
            b = nb;
            c = nc;
            d = nd;
        }
        assertEquals((a * c + b * d) * 0.7, o.get("f_test").value(), 1e-12);
        assertEquals(Estimate.Method.EXACT, o.get("f_test").method());
    }

    static void agrees(Estimate limit, FiniteRun.Stat finite, double sigmas) {
        double m = finite.mean()[0];
        double se = finite.stderr()[0];
        assertTrue(Math.abs(m - limit.value()) <= sigmas * se + limit.error(),
                finite.output().name() + ": limit " + limit.value() + " vs finite " + m + " ± " + se);
    }

    @Test
    void tanhMuPTrainingAgreesWithFiniteWidth() throws IOException {
        Program p = load("programs/mup_tanh_sgd.tp", Map.of());
        Map<String, Estimate> lim = Limits.scalars(p, LimitOptions.defaults());
        assertEquals(Estimate.Method.QUADRATURE, lim.get("f_test").method());
        FiniteRun.Result fin = FiniteRun.run(p, List.of(4096), 11, 100, 2);
        for (String name : List.of("f[1]", "f[2]", "f_test")) agrees(lim.get(name), fin.widths().get(0).outputs().get(name), 4);
    }

    @Test
    void twoHiddenLayerMuPStepNeedsZDot() throws IOException {
        Program p = load("programs/mup_sgd_step.tp", Map.of());
        Map<String, Estimate> lim = Limits.scalars(p, LimitOptions.defaults());
        Map<String, Estimate> dropped = Limits.scalars(p, LimitOptions.defaults().with(LimitOptions.ZDot.DROP));
        FiniteRun.Result fin = FiniteRun.run(p, List.of(1024, 2048, 4096), 21, 12, 2);
        for (FiniteRun.WidthResult w : fin.widths()) {
            for (String name : List.of("f1", "g1")) agrees(lim.get(name), w.outputs().get(name), 4);
        }
        FiniteRun.Stat g1 = fin.widths().get(2).outputs().get("g1");
        double gap = Math.abs(dropped.get("g1").value() - g1.mean()[0]);
        assertTrue(gap > 8 * g1.stderr()[0], "dropping Ż should be visibly wrong: gap " + gap + ", stderr " + g1.stderr()[0]);
    }

    @TestFactory
    Stream<DynamicTest> everyProgramHasALimitWithMethodAndError() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Cli.ROOT.resolve("programs"))) {
            files = s.filter(p -> p.toString().endsWith(".tp")).sorted().collect(Collectors.toList());
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Cli.Result r = Cli.run("limit", f.toString(), "--format", "json");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("\"method\": ") && r.out().contains("\"error\": "), r.out());
        }));
    }
}
