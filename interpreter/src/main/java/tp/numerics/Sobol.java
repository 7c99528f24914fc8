package tp.numerics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The first m points of the Sobol sequence (Joe–Kuo direction numbers) in its first
 * {@link #DIMENSIONS} dimensions, as 52-bit integers, and their randomisation by a digital shift:
 * XOR with a uniformly random 52-bit word per dimension makes every point uniform on [0, 1)
 * while the set keeps its low discrepancy, so independently shifted copies give independent,
 * unbiased estimates (randomised quasi-Monte Carlo).
 */
public final class Sobol {
    private Sobol() {}

    /** The dimensions served. */
    public static final int DIMENSIONS = 64;

    private static final int BITS = 52;
    private static final double SCALE = Math.pow(2, -BITS);
    private static final Map<Integer, long[][]> POINTS = new ConcurrentHashMap<>();

    /** Per dimension, the first m points as integers in [0, 2^52). Shared; never modified. */
    private static long[][] points(int m) {
        return POINTS.computeIfAbsent(m, n -> {
            SobolSequenceGenerator g = new SobolSequenceGenerator(DIMENSIONS);
            long[][] out = new long[DIMENSIONS][n];
            for (int p = 0; p < n; p++) {
                double[] x = g.nextVector();
                for (int d = 0; d < DIMENSIONS; d++) out[d][p] = (long) (x[d] / SCALE);
            }
            return out;
        });
    }

    /**
     * Dimension {@code dim} of the first m points, digitally shifted by {@code shift}'s low 52 bits
     * and mapped to standard normals by Φ⁻¹ at the centre of each point's 2^-52 cell.
     */
    public static double[] normals(int dim, int m, long shift) {
        long[] x = points(m)[dim];
        long s = shift & ((1L << BITS) - 1);
        double[] out = new double[m];
        for (int p = 0; p < m; p++) out[p] = Normal.quantile(((x[p] ^ s) + 0.5) * SCALE);
        return out;
    }
}
