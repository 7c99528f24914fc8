package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.check.Checker;
import tp.ir.Program;
import tp.syntax.SourceFile;

/**
 * The particle engine: estimates of known limits within their standard error, the standard error
 * honest over many seeds (plain and quasi-random sampling), the same bits whatever the thread
 * count, and a replicate that holds no more arrays for a longer program.
 */
class ParticleEngineTest {
    /** The NNGP of one ReLU layer at correlation 0.6: the arc-cosine kernel, 0.366716892912781. */
    private static final String NNGP = """
            program nngp
            vector x1, x2 ~ N(0, [[1, 0.6], [0.6, 1]])
            matrix W ~ N(0, 2/n)
            g1 = W @ relu(x1)
            g2 = W @ relu(x2)
            output mean(relu(g1) * relu(g2)) as k
            """;
    private static final double NNGP_K = 0.366716892912781;

    /** Wᵀ W x: its Ż is x itself, so E[z x] = 1 and E[z²] = σ² E[(Wx)²] + E[x²] = 2. */
    private static final String ATA = """
            program ata
            vector x ~ N(0, 1)
            matrix W ~ N(0, 1/n)
            y = W @ x
            z = W.T @ y
            output mean(z * x) as zx, mean(z * z) as zz
            """;

    /** Forward, backward and a second forward through the same matrix (every kind of atom and Ż). */
    private static final String SGD = """
            program sgd
            vector x ~ N(0, 1)
            matrix W ~ N(0, 1/n)
            h = W @ tanh(x)
            g = W.T @ tanh(h)
            h2 = W @ tanh(x - 0.5 * g)
            output mean(tanh(h2) * tanh(h)) as a, mean(g * g) as b
            """;

    static Program program(String text, Map<String, Double> sets) {
        return Checker.check(new SourceFile("test.tp", text), sets);
    }

    static LimitOptions options(int particles, long seed, LimitOptions.Sampling s) {
        return LimitOptions.defaults().with(LimitOptions.Forced.PARTICLES).withParticles(particles, 16, seed).with(s);
    }

    static Map<String, Estimate> scalars(Program p, LimitOptions o) {
        Map<String, Estimate> out = new HashMap<>();
        for (LimitResult.OutputValue v : new LimitBackend(p, o).run().outputs()) out.put(v.output().name(), v.values().get(0));
        return out;
    }

    @Test
    void knownLimitsWithinFourStandardErrors() {
        for (LimitOptions.Sampling s : LimitOptions.Sampling.values()) {
            Estimate k = scalars(program(NNGP, Map.of()), options(1 << 16, 1, s)).get("k");
            assertEquals(Estimate.Method.PARTICLES, k.method());
            assertTrue(k.stderr() > 0 && Math.abs(k.value() - NNGP_K) <= 4 * k.stderr(), s + ": " + k.value() + " ± " + k.stderr());
            Map<String, Estimate> ata = scalars(program(ATA, Map.of()), options(1 << 16, 2, s));
            Estimate zx = ata.get("zx");
            Estimate zz = ata.get("zz");
            assertTrue(Math.abs(zx.value() - 1) <= 4 * zx.stderr() + 1e-12, s + ": E[zx] " + zx.value() + " ± " + zx.stderr());
            assertTrue(Math.abs(zz.value() - 2) <= 4 * zz.stderr() + 1e-12, s + ": E[z²] " + zz.value() + " ± " + zz.stderr());
        }
    }

    @Test
    void quasiRandomSamplingReducesTheStandardError() {
        Program p = program(NNGP, Map.of());
        double mc = scalars(p, options(1 << 16, 3, LimitOptions.Sampling.MC)).get("k").stderr();
        double rqmc = scalars(p, options(1 << 16, 3, LimitOptions.Sampling.RQMC)).get("k").stderr();
        assertTrue(rqmc < mc / 3, "RQMC " + rqmc + " vs MC " + mc);
    }

    /**
     * Over 120 seeds of a cheap estimator (128 particles a replicate), the truth lies within one
     * standard error about as often as Student's t with 15 degrees of freedom says (67%), and within
     * two about 94% of the time: an error that is too small, or too large, fails.
     */
    @Test
    void standardErrorIsHonestOverManySeeds() {
        Program p = program(NNGP, Map.of());
        for (LimitOptions.Sampling s : LimitOptions.Sampling.values()) {
            int seeds = 120;
            int one = 0;
            int two = 0;
            for (int seed = 0; seed < seeds; seed++) {
                Estimate k = scalars(p, options(2048, 1000 + seed, s)).get("k");
                double t = Math.abs(k.value() - NNGP_K) / k.stderr();
                if (t <= 1) one++;
                if (t <= 2) two++;
            }
            double f1 = one / (double) seeds;
            double f2 = two / (double) seeds;
            assertTrue(f1 >= 0.52 && f1 <= 0.82, s + ": within one standard error " + f1);
            assertTrue(f2 >= 0.86 && f2 <= 0.995, s + ": within two standard errors " + f2);
        }
    }

    @Test
    void sameBitsWhateverTheThreadCount() {
        Program p = program(SGD, Map.of());
        for (LimitOptions.Sampling s : LimitOptions.Sampling.values()) {
            Map<String, Estimate> one = scalars(p, options(1 << 14, 5, s).withThreads(1));
            for (int threads : new int[] {2, 3}) {
                Map<String, Estimate> many = scalars(p, options(1 << 14, 5, s).withThreads(threads));
                for (String name : one.keySet()) {
                    assertEquals(Double.doubleToRawLongBits(one.get(name).value()), Double.doubleToRawLongBits(many.get(name).value()), name);
                    assertEquals(Double.doubleToRawLongBits(one.get(name).stderr()), Double.doubleToRawLongBits(many.get(name).stderr()), name);
                }
            }
        }
    }

    /** The most particle arrays a replicate holds, for a program run on particles from its first step. */
    static int peak(Program p) {
        ParticleEngine e = new ParticleEngine(p, options(1 << 10, 1, LimitOptions.Sampling.MC), 0, new ZGraph(p.values().size()));
        e.run();
        return e.peakArrays();
    }

    /**
     * A value's particles are let go after their last use: a chain of 40 nonlinear steps, each
     * with a moment, holds as many arrays at once as a chain of 5; through one matrix, what grows
     * is the direction's basis, two arrays per multiplied input, and nothing else.
     */
    @Test
    void replicateArraysAreReleasedAfterTheirLastUse() {
        String chain = """
                program chain
                param L = 5
                vector x0, y ~ N(0, 1)
                x[0] = x0
                for i in 1..L {
                  x[i] = tanh(x[i-1]) + 0.1 * y
                  s[i] = mean(x[i] * y)
                }
                output mean(x[L] * x[L]) as q
                """;
        int shortChain = peak(program(chain, Map.of("L", 5.0)));
        int longChain = peak(program(chain, Map.of("L", 40.0)));
        assertEquals(shortChain, longChain);
        assertTrue(longChain <= 4, "peak " + longChain);
        String deep = """
                program deep
                param L = 5
                vector x0 ~ N(0, 1)
                matrix W ~ N(0, 1/n)
                h[0] = x0
                for i in 1..L { h[i] = W @ tanh(h[i-1]) }
                output mean(h[L] * h[L]) as q
                """;
        int d5 = peak(program(deep, Map.of("L", 5.0)));
        int d40 = peak(program(deep, Map.of("L", 40.0)));
        assertTrue(d40 - d5 <= 2 * 35, "basis arrays " + d5 + " → " + d40);
        assertTrue(d40 <= 2 * 40 + 4, "peak " + d40);
    }
}
