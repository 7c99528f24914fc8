package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tp sweep} and {@code tp merge} on a small held-back program: a one-hidden-layer linear
 * network under μP trained three steps on one input with two labels (1 and 0); the objective, the
 * loss averaged over the three steps, has an interior optimum in the learning rate. The limit is
 * checked against an independent computation: the moments a = E u², b = E v², c = E uv follow a
 * closed recurrence, scanned finely here (its optimum is lr = 1/4, where one step lands on the
 * best fit c = 1/2 and stays).
 */
class SweepTest {
    static final String PROGRAM = """
            program mup_one_hidden
            param lr = 0.1
            param T = 3
            vector u0, v0 ~ N(0, 1)
            u[0] = u0
            v[0] = v0
            for t in 0..T {
              f[t] = mean(v[t] * u[t])
              if t < T {
                chi[t] = lr * (2 * f[t] - 1)
                u[t+1] = u[t] - chi[t] * v[t]
                v[t+1] = v[t] - chi[t] * u[t]
              }
            }
            fT = f[T]
            loss = sum(t in 1..T: 0.5 * (f[t] - 1) ^ 2 + 0.5 * f[t] ^ 2) / T
            h = u[T] * v[T]
            output fT, loss, h
            """;

    /** The same network with its step scaled by √n, a wrong parametrisation: the best lr ∝ n^-1/2. */
    static final String WRONG = PROGRAM.replace("program mup_one_hidden", "program scaled_step")
            .replace("chi[t] = lr * (2 * f[t] - 1)", "chi[t] = lr * n ^ 0.5 * (2 * f[t] - 1)");

    @TempDir static Path dir;
    static Path file;
    static Path wrong;

    @BeforeAll
    static void write() throws IOException {
        file = dir.resolve("mup1.tp");
        Files.writeString(file, PROGRAM);
        wrong = dir.resolve("wrong.tp");
        Files.writeString(wrong, WRONG);
    }

    static final String[] GRID = {"--grid", "lr=0.1..0.6:21:log", "--objective", "loss"};

    static String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", file.toString()));
        a.addAll(List.of(GRID));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** The limit's objective at learning rate lr: the loss averaged over steps 1..T, by the moments' recurrence (u' = u − χv, v' = v − χu). */
    static double limitLoss(double lr, int steps) {
        double a = 1, b = 1, c = 0, sum = 0;
        for (int t = 0; t < steps; t++) {
            double chi = lr * (2 * c - 1);
            double a2 = a - 2 * chi * c + chi * chi * b;
            double b2 = b - 2 * chi * c + chi * chi * a;
            double c2 = c - chi * (a + b) + chi * chi * c;
            a = a2;
            b = b2;
            c = c2;
            sum += 0.5 * (c - 1) * (c - 1) + 0.5 * c * c;
        }
        return sum / steps;
    }

    /** CSV rows of the sweep (header first), split on commas (no field here holds one). */
    static List<String[]> csv(String out) {
        List<String[]> rows = new ArrayList<>();
        for (String l : out.split("\n")) rows.add(l.split(",", -1));
        return rows;
    }

    @Test
    void findsTheBestLearningRatePerWidthAndInTheLimit() {
        Cli.Result r = Cli.run(args("--widths", "64,256,1024", "--seeds", "8", "--limit", "--format", "csv", "--threads", "2"));
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = csv(r.out());
        List<String> head = List.of(rows.get(0));
        assertEquals(List.of("width", "lr", "objective", "mean", "stderr", "best_lr", "best_lo", "best_hi", "best_value", "edge"), head);
        // the reference: a fine scan of the recurrence over the grid's range
        double bestLr = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 200_000; i++) {
            double lr = 0.1 * Math.pow(6, i / 200_000.0);
            double l = limitLoss(lr, 3);
            if (l < bestLoss) {
                bestLoss = l;
                bestLr = lr;
            }
        }
        int limitRows = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            double lr = Double.parseDouble(row[1]);
            double best = Double.parseDouble(row[5]);
            if (row[0].equals("limit")) {
                limitRows++;
                // every grid point's limit is the recurrence's value (the limit is exact here)
                assertEquals(limitLoss(lr, 3), Double.parseDouble(row[3]), 1e-12, "limit at lr " + lr);
                // the refined optimum is within 1% of the fine scan's (the grid's step is 9%), which is 1/4
                assertEquals(0.25, bestLr, 1e-4);
                assertEquals(bestLr, best, 0.01 * bestLr, "the limit's best lr");
                assertEquals("false", row[9]);
            } else {
                // at every width the optimum is near the limit's: inside its bootstrap interval, or within 5%
                double lo = Double.parseDouble(row[6]);
                double hi = Double.parseDouble(row[7]);
                assertTrue(lo <= best && best <= hi, "n = " + row[0] + ": " + best + " outside [" + lo + ", " + hi + "]");
                assertTrue(Math.abs(best - bestLr) < 0.05 * bestLr || (lo <= bestLr && bestLr <= hi),
                        "n = " + row[0] + ": best lr " + best + " [" + lo + ", " + hi + "], limit's " + bestLr);
            }
        }
        assertEquals(21, limitRows);
        Cli.Result table = Cli.run(args("--widths", "64,256,1024", "--seeds", "8", "--limit"));
        assertTrue(table.out().contains("across width: transfers: the optimum does not move with width"), table.out());
        assertTrue(table.out().contains("interval: 95% bootstrap over the 8 seeds (1000 resamples)"), table.out());
    }

    @Test
    void aWrongParametrisationMovesTheOptimumLikeItsScaling() {
        List<String> a = new ArrayList<>(List.of("sweep", wrong.toString(), "--grid", "lr=0.002..0.2:21:log", "--objective", "loss",
                "--widths", "64,256,1024,4096", "--seeds", "6", "--format", "json"));
        Cli.Result r = Cli.run(a.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        // the step is lr·√n: the best lr goes like n^-1/2
        String t = r.out().substring(r.out().indexOf("\"transfers\": [{"));
        double exponent = Double.parseDouble(t.replaceAll("(?s).*?\"exponent\": ([-0-9.Ee]+).*", "$1"));
        assertEquals(-0.5, exponent, 0.05, t);
        assertTrue(t.contains("\"transfers\": false"), t);
        assertTrue(t.contains("does not transfer: the optimum moves with width"), t);
    }

    @Test
    void shardsMergedEqualTheWholeSweepByteForByte() throws IOException {
        String[] common = {"--grid", "T=2,3", "--widths", "32,128", "--seeds", "3", "--limit"};
        for (String format : List.of("table", "csv", "json")) {
            List<String> whole = new ArrayList<>(List.of(args(common)));
            whole.addAll(List.of("--format", format));
            Cli.Result expected = Cli.run(whole.toArray(new String[0]));
            assertEquals(0, expected.code(), expected.err());
            List<String> merge = new ArrayList<>(List.of("merge"));
            for (int i = 3; i >= 1; i--) {   // any order
                Path shard = dir.resolve("s" + i + "-" + format + ".shard");
                List<String> a = new ArrayList<>(List.of(args(common)));
                a.addAll(List.of("--shard", i + "/3", "--out", shard.toString(), "--threads", String.valueOf(i)));
                Cli.Result s = Cli.run(a.toArray(new String[0]));
                assertEquals(0, s.code(), s.err());
                assertEquals("", s.out());
                assertTrue(s.err().contains("shard " + i + "/3: 42 of 126 cells written"), s.err());
                merge.add(shard.toString());
            }
            merge.addAll(List.of("--format", format));
            Cli.Result merged = Cli.run(merge.toArray(new String[0]));
            assertEquals(0, merged.code(), merged.err());
            assertEquals(expected.out(), merged.out(), format);
        }
        // an incomplete set of shards is refused
        Cli.Result missing = Cli.run("merge", dir.resolve("s1-json.shard").toString(), dir.resolve("s3-json.shard").toString());
        assertEquals(2, missing.code());
        assertEquals("tp: missing shards: 2/3\n", missing.err());
        Path cut = dir.resolve("cut.shard");
        String text = Files.readString(dir.resolve("s2-json.shard"));
        Files.writeString(cut, text.substring(0, text.length() / 2));
        Cli.Result damaged = Cli.run("merge", dir.resolve("s1-json.shard").toString(), cut.toString(), dir.resolve("s3-json.shard").toString());
        assertEquals(2, damaged.code());
        assertTrue(damaged.err().contains("cut.shard: the shard file is cut short"), damaged.err());
    }

    @Test
    void theThreadCountChangesNoBit() {
        Cli.Result one = Cli.run(args("--widths", "32,64", "--seeds", "4", "--limit", "--format", "json", "--threads", "1"));
        Cli.Result four = Cli.run(args("--widths", "32,64", "--seeds", "4", "--limit", "--format", "json", "--threads", "4"));
        assertEquals(0, one.code(), one.err());
        assertEquals(one.out(), four.out());
    }

    @Test
    void badInputIsAClearMessageAndExitTwo() {
        String f = file.toString();
        String[][] cases = {
            {"--grid depth: the program has no param `depth`", "sweep", f, "--grid", "lr=0.1,0.2", "--grid", "depth=2,4"},
            {"--grid depth: the program has no param `depth` (params: T, lr)", "sweep", f, "--grid", "depth=2,4"},
            {"--grid lr=0.1..1:x:log: the count `x` is not a whole number", "sweep", f, "--grid", "lr=0.1..1:x:log"},
            {"--grid lr=0.1..1: a range is FROM..TO:COUNT or FROM..TO:COUNT:log", "sweep", f, "--grid", "lr=0.1..1"},
            {"--grid lr=1..0.1:4: the range must go up", "sweep", f, "--grid", "lr=1..0.1:4"},
            {"--grid lr=0..1:4:log: a log range needs positive ends", "sweep", f, "--grid", "lr=0..1:4:log"},
            {"--shard must be i/k with 1 ≤ i ≤ k; got 0/4", "sweep", f, "--grid", "lr=0.1,0.2", "--shard", "0/4"},
            {"--shard must be i/k, as in 2/8; got 2", "sweep", f, "--grid", "lr=0.1,0.2", "--shard", "2"},
            {"--objective nope: not an output of the program (outputs: fT, loss, h)", "sweep", f, "--grid", "lr=0.1,0.2", "--objective", "nope"},
            {"--objective h: a vector output; the objective must be a scalar output", "sweep", f, "--grid", "lr=0.1,0.2", "--objective", "h"},
            {"--set lr and --grid lr: a param is either set or swept", "sweep", f, "--grid", "lr=0.1,0.2", "--set", "lr=1"},
            {"not a shard file of tp sweep", "merge", f},
            {"--spark spark://127.0.0.1:7077: no sweep backend for this URL on the classpath", "sweep", f, "--grid", "lr=0.1,0.2",
                "--spark", "spark://127.0.0.1:7077"},
            {"a plot is written as .png or .svg; got x.pdf", "sweep", f, "--grid", "lr=0.1,0.2", "--plot", "x.pdf"},
        };
        for (String[] c : cases) {
            String[] a = java.util.Arrays.copyOfRange(c, 1, c.length);
            Cli.Result r = Cli.run(a);
            assertEquals(2, r.code(), String.join(" ", a) + "\n" + r.err());
            assertTrue(r.err().contains(c[0]), String.join(" ", a) + ": " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void plotsAreValidPngAndSvg() throws Exception {
        Path png = dir.resolve("lr.png");
        Path svg = dir.resolve("lr.svg");
        for (Path p : List.of(png, svg)) {
            Cli.Result r = Cli.run(args("--widths", "32,128", "--seeds", "3", "--limit", "--plot", p.toString()));
            assertEquals(0, r.code(), r.err());
        }
        assertPng(png, 900, 600);
        assertSvg(svg);
        // a grid over a second param: a panel per value, side by side
        Path panels = dir.resolve("panels.png");
        Cli.Result r = Cli.run(args("--grid", "T=2,3", "--widths", "32,128", "--seeds", "2", "--plot", panels.toString()));
        assertEquals(0, r.code(), r.err());
        assertPng(panels, 2 * 620, 480);
        // the coordinate check: a panel per step
        Path coord = dir.resolve("coord.svg");
        Cli.Result c = Cli.run("check", "coord-check", "--widths", "64,128,256", "--seeds", "3", "--plot-coord", coord.toString());
        assertEquals(0, c.code(), c.err());
        assertSvg(coord);
        assertTrue(c.err().contains("coord[1][2]: |mean| ∝ n^"), c.err());
        Path coordPng = dir.resolve("coord.png");
        Cli.run("check", "coord-check", "--widths", "64,128,256", "--seeds", "3", "--plot-coord", coordPng.toString());
        assertPng(coordPng, 4 * 460, 420);
    }

    /** The PNG signature, then the IHDR chunk with the image's width and height. */
    static void assertPng(Path p, int width, int height) throws IOException {
        byte[] b = Files.readAllBytes(p);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < 8; i++) assertEquals(signature[i], b[i], p + ": PNG signature");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        assertEquals(13, buf.getInt(8), "IHDR length");
        assertEquals("IHDR", new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(width, buf.getInt(16), p + ": width");
        assertEquals(height, buf.getInt(20), p + ": height");
    }

    static void assertSvg(Path p) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        org.w3c.dom.Document d = f.newDocumentBuilder().parse(p.toFile());
        assertEquals("svg", d.getDocumentElement().getTagName());
    }
}
