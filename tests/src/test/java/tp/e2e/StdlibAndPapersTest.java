package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tp.check.Checker;
import tp.check.Stdlib;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/** The stdlib in both modes, its claims, and the paper reproductions' trends across widths and depths. */
class StdlibAndPapersTest {
    /** Settings that keep CI fast; the programs' defaults are the documented sizes. */
    static final Map<String, String[]> SMALL = Map.of("mlp-train", new String[] {"--set", "T=1"});

    static Program stdlib(String name, Map<String, Double> sets) {
        return Checker.check(new SourceFile("stdlib:" + name, Stdlib.read(name)), sets);
    }

    static boolean isProgram(String name) {
        // comments do not count: abc's "the multiplier on layer l's output" is no output statement
        return Stdlib.read(name).lines().map(l -> l.replaceAll("//.*", ""))
                .anyMatch(l -> l.strip().startsWith("output") || l.contains(" output "));
    }

    @Test
    void stdlibListsEverythingWithADescription() {
        Cli.Result r = Cli.run("stdlib");
        assertEquals(0, r.code());
        for (String name : Stdlib.names()) {
            assertTrue(r.out().contains(name), name);
            assertTrue(Stdlib.description(name).length() > 20, "no description for " + name);
        }
        assertTrue(Stdlib.names().size() >= 5);
    }

    @TestFactory
    Stream<DynamicTest> everyStdlibProgramRunsInBothModesAndItsClaimsHold() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : Stdlib.names()) {
            if (!isProgram(name)) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> extra = List.of(SMALL.getOrDefault(name, new String[0]));
                List<String> run = new ArrayList<>(List.of("run", name, "--widths", "64,128", "--seeds", "2"));
                run.addAll(extra);
                Cli.Result r = Cli.run(run.toArray(new String[0]));
                assertEquals(0, r.code(), r.err());
                List<String> lim = new ArrayList<>(List.of("limit", name));
                lim.addAll(extra);
                Cli.Result l = Cli.run(lim.toArray(new String[0]));
                assertEquals(0, l.code(), l.out() + l.err());
            }));
        }
        return tests.stream();
    }

    @Test
    void atLeastEightShippedProgramsCarryClaims() throws IOException {
        int withClaims = 0;
        try (Stream<Path> s = Files.list(Cli.ROOT.resolve("programs"))) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".tp"))::iterator) {
                if (Files.readString(p).contains("expect ")) withClaims++;
            }
        }
        for (String name : Stdlib.names()) if (Stdlib.read(name).contains("expect ")) withClaims++;
        assertTrue(withClaims >= 8, "programs with claims: " + withClaims);
    }

    @Test
    void kernelsByBackpropMatchTheRecursionForEveryActivation() {
        for (double act : new double[] {0, 1, 2}) {
            for (double sb2 : new double[] {0, 0.1}) {
                Map<String, Estimate> o = Limits.scalars(stdlib("mlp-kernels", Map.of("act", act, "sb2", sb2)), LimitOptions.defaults());
                assertEquals(o.get("ntk_recursion").value(), o.get("ntk").value(), 1e-9, "act " + act + ", sb2 " + sb2);
                assertTrue(o.get("ntk").method() != Estimate.Method.PARTICLES);
            }
        }
    }

    static double mean(FiniteRun.Result r, int w, String name) {
        return r.widths().get(w).outputs().get(name).mean()[0];
    }

    /**
     * mlp-train under IP ({@code P=ip}): the hidden features vanish with width, so the limit does not
     * train (loss[T] = loss[0]) and at finite width the loss moves by less the wider the network.
     */
    @Test
    void mlpTrainUnderIpCollapses() {
        Program ip = Checker.check(new SourceFile("stdlib:mlp-train", Stdlib.read("mlp-train")),
                tp.check.Overrides.none().with("P", "ip").with("T", "1"));
        Map<String, Estimate> lim = Limits.scalars(ip, LimitOptions.defaults());
        assertEquals(lim.get("loss[0]").value(), lim.get("loss[1]").value(), 1e-12);
        FiniteRun.Result fin = FiniteRun.sweep(ip, List.of(128, 512, 2048), 0, 4, 2, null);
        double[] moved = new double[3];
        for (int w = 0; w < 3; w++) {
            double[][] before = fin.widths().get(w).outputs().get("loss[0]").values();
            double[][] after = fin.widths().get(w).outputs().get("loss[1]").values();
            for (int s = 0; s < before.length; s++) moved[w] += Math.abs(after[s][0] - before[s][0]) / before.length;
        }
        String seen = java.util.Arrays.toString(moved);
        assertTrue(moved[0] > moved[1] && moved[1] > moved[2], "|loss[1] − loss[0]| at n = 128, 512, 2048: " + seen);
        assertTrue(moved[2] < moved[0] / 16, "it vanishes with width: " + seen);
    }

    @Test
    void chenFeaturesMoveUnderMuPAndFreezeUnderNtk() throws IOException {
        Program mup = LimitProgramsTest.load("programs/chen2025_features.tp", Map.of("T", 1.0));
        Map<String, Estimate> lim = Limits.scalars(mup, LimitOptions.defaults());
        FiniteRun.Result fin = FiniteRun.sweep(mup, List.of(128, 512, 2048), 0, 4, 2, null);
        for (int l = 1; l <= 3; l++) {
            String c = "change[" + l + "]";
            assertTrue(lim.get(c).value() > 0.01);
            assertTrue(lim.get("lambda_min[" + l + "]").value() > 0);
            for (int w = 0; w < 3; w++) {
                assertEquals(lim.get(c).value(), mean(fin, w, c), 0.25 * lim.get(c).value(), c + " at width index " + w);
            }
        }
        Program ntk = LimitProgramsTest.load("programs/chen2025_features.tp",
                tp.check.Overrides.of(Map.of("T", 1.0, "random_readout", 1.0)).with("P", "ntk"));
        FiniteRun.Result frozen = FiniteRun.sweep(ntk, List.of(128, 512, 2048), 0, 4, 2, null);
        for (int l = 1; l <= 3; l++) {
            String c = "change[" + l + "]";
            double a = mean(frozen, 0, c);
            double b = mean(frozen, 1, c);
            double d = mean(frozen, 2, c);
            assertTrue(a > b && b > d, c + ": " + a + ", " + b + ", " + d);
            double slope = Math.log(d / a) / Math.log(16);
            assertTrue(slope < -0.7, c + " shrinks like n^" + slope);
        }
    }

    /**
     * Chen et al. on real digits, four parametrisations: every claim of the program holds in the
     * limit (μP: features move and stay independent; NTK and SP: they stay where they started; IP:
     * the hidden layers collapse to zero), and under μP the finite widths agree with the limit — an
     * independent computation (sampled matrices instead of the Master Theorem).
     */
    @Test
    void chenDigitsFourParametrisations() throws IOException {
        Path file = Cli.ROOT.resolve("programs/chen2025_digits.tp");
        String[] names = {"mup", "ntk", "sp", "ip"};
        for (int par = 0; par < 4; par++) {
            Program p = Checker.check(new SourceFile(file.toString(), Files.readString(file)),
                    tp.check.Overrides.none().with("par", names[par]));
            LimitResult r = new LimitBackend(p, LimitOptions.defaults()).run();
            assertFalse(r.expects().isEmpty());
            for (LimitResult.ExpectValue e : r.expects()) assertTrue(e.passed(), "par " + par + ": " + e.expect().text());
            if (par == 0) {
                Map<String, Estimate> lim = Limits.scalars(p, LimitOptions.defaults());
                FiniteRun.Result fin = FiniteRun.sweep(p, List.of(1024), 0, 4, 2, null);
                for (int l = 1; l <= 3; l++) {
                    String c = "change[" + l + "]";
                    FiniteRun.Stat s = fin.widths().get(0).outputs().get(c);
                    double tol = 5 * Math.hypot(s.stderr()[0], lim.get(c).stderr()) + 0.02 * lim.get(c).value();   // 2%: the O(1/n) bias at n = 1024
                    assertEquals(lim.get(c).value(), s.mean()[0], tol, c);
                }
            }
        }
    }

    static double lossAt(String program, Map<String, Double> sets, int width, int seeds) throws IOException {
        return lossStat(program, tp.check.Overrides.of(sets), width, seeds)[0];
    }

    static double lossAt(String program, tp.check.Overrides sets, int width, int seeds) throws IOException {
        return lossStat(program, sets, width, seeds)[0];
    }

    /** {mean, standard error} of the loss after 4 steps; an infinite mean when the run diverges. */
    static double[] lossStat(String program, Map<String, Double> sets, int width, int seeds) throws IOException {
        return lossStat(program, tp.check.Overrides.of(sets), width, seeds);
    }

    static double[] lossStat(String program, tp.check.Overrides sets, int width, int seeds) throws IOException {
        try {
            FiniteRun.Result r = FiniteRun.run(LimitProgramsTest.load(program, sets), List.of(width), 0, seeds, 2);
            FiniteRun.Stat s = r.widths().get(0).outputs().get("loss[4]");
            return new double[] {s.mean()[0], s.stderr()[0]};
        } catch (ProgramError diverged) {
            return new double[] {Double.POSITIVE_INFINITY, 0};
        }
    }

    static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
        return best;
    }

    static final String DL = "programs/bordelon2025_deep_linear.tp";

    @Test
    void deepLinearWiderIsBetterUnderMuP() throws IOException {
        double limit = Limits.scalars(LimitProgramsTest.load(DL, Map.of("lr", 0.05)), LimitOptions.defaults()).get("loss[4]").value();
        double[] loss = new double[4];
        double se = 0;
        int[] widths = {64, 256, 1024, 4096};
        for (int i = 0; i < 4; i++) {
            double[] st = lossStat(DL, Map.of("lr", 0.05), widths[i], 16);
            loss[i] = st[0];
            se = st[1];
        }
        assertTrue(loss[0] > loss[3], java.util.Arrays.toString(loss));
        assertTrue(Math.abs(loss[3] - limit) < Math.abs(loss[0] - limit), java.util.Arrays.toString(loss) + " vs " + limit);
        assertTrue(loss[3] >= limit - 4 * se, "the limit is the best a width can do: " + loss[3] + " ± " + se + " vs " + limit);
    }

    @Test
    void bestLearningRateTransfersAcrossWidthUnderMuPButNotSp() throws IOException {
        double[] mupGrid = {0.05, 0.1, 0.2};
        double[] limits = new double[3];
        for (int i = 0; i < 3; i++) {
            limits[i] = Limits.scalars(LimitProgramsTest.load(DL, Map.of("lr", mupGrid[i])), LimitOptions.defaults()).get("loss[4]").value();
        }
        int best = argmin(limits);
        for (int w : new int[] {128, 512, 2048}) {
            double[] loss = new double[3];
            for (int i = 0; i < 3; i++) loss[i] = lossAt(DL, Map.of("lr", mupGrid[i]), w, 4);
            assertEquals(best, argmin(loss), "μP at width " + w + ": " + java.util.Arrays.toString(loss));
        }
        double[] spGrid = {0.0004, 0.0008, 0.0016, 0.0032};
        int previous = Integer.MAX_VALUE;
        List<Integer> bests = new ArrayList<>();
        for (int w : new int[] {128, 512, 2048}) {
            double[] loss = new double[4];
            for (int i = 0; i < 4; i++) loss[i] = lossAt(DL, tp.check.Overrides.of(Map.of("lr", spGrid[i])).with("P", "sp_global"), w, 4);
            int b = argmin(loss);
            bests.add(b);
            assertTrue(b <= previous, "SP's best learning rate should not grow with width: " + bests);
            previous = b;
        }
        assertTrue(bests.get(2) < bests.get(0), "SP's best learning rate moves with width: " + bests);
    }

    @Test
    void bestLearningRateTransfersAcrossDepthWithRootLBranches() throws IOException {
        double[] grid = {0.05, 0.1, 0.2};
        List<Integer> residual = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (double depth : new double[] {4, 8, 16}) {
            double[] r = new double[3];
            double[] p = new double[3];
            for (int i = 0; i < 3; i++) {
                r[i] = limitLoss(Map.of("lr", grid[i], "L", depth, "res", 1.0));
                p[i] = limitLoss(Map.of("lr", grid[i], "L", depth, "res", 0.0));
            }
            residual.add(argmin(r));
            plain.add(argmin(p));
        }
        assertEquals(List.of(1, 1, 1), residual, "β/√L branches: the best learning rate at L = 4, 8, 16");
        assertTrue(plain.get(2) < plain.get(0), "without them it moves: " + plain);
    }

    static double limitLoss(Map<String, Double> sets) throws IOException {
        try {
            return Limits.scalars(LimitProgramsTest.load(DL, sets), LimitOptions.defaults()).get("loss[4]").value();
        } catch (ProgramError diverged) {
            return Double.POSITIVE_INFINITY;
        }
    }
}
