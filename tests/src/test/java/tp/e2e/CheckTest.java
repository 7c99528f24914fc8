package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import tp.convergence.ConvergenceCheck;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;

/** {@code tp check}: rates, verdicts, claims at finite width, plots. */
class CheckTest {
    static ConvergenceCheck.Result check(Program p, List<Integer> widths, int seeds) {
        return ConvergenceCheck.of(new LimitBackend(p, LimitOptions.defaults()).run(), FiniteRun.sweep(p, widths, 0, seeds, 2, null));
    }

    @Test
    void canonicalProgramsShrinkLikeRootN() throws IOException {
        for (String path : List.of("programs/ata.tp", "programs/tanh_transpose.tp")) {
            ConvergenceCheck.Result r = check(LimitProgramsTest.load(path, Map.of()), List.of(128, 256, 512, 1024, 2048, 4096), 24);
            for (ConvergenceCheck.Component c : r.components()) {
                double rate = c.spread().slope();
                assertTrue(rate >= -0.65 && rate <= -0.35, path + " " + c.name() + ": rate " + rate);
                assertTrue(c.spread().contains(-0.5), c.verdict());
                assertTrue(c.consistent(), c.verdict());
            }
            assertTrue(r.consistent());
        }
    }

    @Test
    void aClaimOfTheValueWithoutZDotIsInconsistent(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("wrong.tp");
        // the value one gets by dropping Ż: E tanh(Z)² = 0.3942945
        Files.writeString(f, Files.readString(Cli.ROOT.resolve("programs/tanh_transpose.tp"))
                .replace("expect zz == 0.7611736 within 1e-6", "expect zz == 0.3942945 within 1e-6"));
        Cli.Result r = Cli.run("check", f.toString(), "--widths", "256,512,1024", "--seeds", "6");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED  zz == 0.3942945 within 1e-6: FAILS: the limit is 0.761174; at n = 1024 the mean is 0.76"),
                r.out());
        assertTrue(r.out().contains("s.e. from the claim)"), r.out());
        // a failed claim is the program's, not the theory's: convergence is judged on its own
        assertTrue(r.out().contains("convergence: consistent with the Master Theorem"), r.out());
        assertTrue(r.out().contains("claims: 1 of 2 FAILED (a claim of the program, not of the theory)"), r.out());
    }

    /**
     * A finite width's bias is the theorem's, a wrong limit is not: 1/n + 0.001·mean(x) is 44
     * standard errors from its limit 0 at n = 4096 (bias 1/n, noise 0.001 n^-1/2), but the gap
     * shrinks like n^-1; the limit of mean(x·x) held against finite widths of mean(x·x) + 0.1 leaves
     * a gap that does not shrink.
     */
    @Test
    void aShrinkingBiasIsConsistentAConstantGapIsNot() {
        List<Integer> widths = List.of(256, 512, 1024, 2048, 4096);
        ConvergenceCheck.Result bias = check(Limits.program("vector x ~ N(0, 1)\noutput 1/n + 0.001 * mean(x) as b\n"), widths, 8);
        ConvergenceCheck.Component b = bias.components().get(0);
        assertTrue(Math.abs(b.z()) > 4, b.verdict());
        assertTrue(b.consistent(), b.verdict());
        assertTrue(b.verdict().contains("a gap that shrinks ∝ n^-1.0"), b.verdict());

        Program right = Limits.program("vector x ~ N(0, 1)\noutput mean(x * x) as q\n");
        Program off = Limits.program("vector x ~ N(0, 1)\noutput mean(x * x) + 0.1 as q\n");
        ConvergenceCheck.Result wrong = ConvergenceCheck.of(new LimitBackend(right, LimitOptions.defaults()).run(),
                FiniteRun.sweep(off, widths, 0, 8, 2, null));
        ConvergenceCheck.Component q = wrong.components().get(0);
        assertFalse(q.consistent(), q.verdict());
        assertTrue(q.verdict().startsWith("INCONSISTENT"), q.verdict());
    }

    @Test
    void jsonContract() {
        Cli.Result r = Cli.run("check", Cli.ROOT.resolve("programs/nngp.tp").toString(), "--widths", "64,128,256", "--seeds", "4",
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        String j = r.out();
        assertTrue(j.startsWith("{\"version\": 1, \"mode\": \"check\", \"program\": \"nngp\", \"seeds\": 4, \"outputs\": [{\"name\": \"k\", "
                + "\"limit\": 0.3667168929127"), j);
        assertTrue(j.contains("\"widths\": [{\"width\": 64, \"mean\": "), j);
        assertTrue(java.util.regex.Pattern.compile("\"rate\": -[0-9]").matcher(j).find(), "a negative rate: " + j);
        assertTrue(j.contains("\"rate_ci\": [") && j.contains("\"consistent\": true"), j);
    }

    @Test
    void plotsAreRealImages(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("conv.png");
        Path svg = dir.resolve("values.svg");
        Cli.Result r = Cli.run("check", Cli.ROOT.resolve("programs/ata.tp").toString(), "--widths", "64,128,256", "--seeds", "4",
                "--plot", png.toString(), "--plot-values", svg.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG names its DTD on the web; parse without fetching it
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getElementsByTagName("path").getLength() + doc.getElementsByTagName("polyline").getLength() > 0);
        Cli.Result bad = Cli.run("check", Cli.ROOT.resolve("programs/ata.tp").toString(), "--plot", dir.resolve("x.gif").toString());
        assertEquals(2, bad.code());
    }
}
