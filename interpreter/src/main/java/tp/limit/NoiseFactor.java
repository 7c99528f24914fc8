package tp.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.ejml.data.DMatrixRMaj;
import tp.numerics.PseudoInverse;

/**
 * One Gaussian family on particles: each atom is a combination {@code Σ_j r_j ξ_j} of independent
 * standard normal noises. A new atom's row solves {@code R r = c} (least squares, minimum norm)
 * for its covariances c with the earlier atoms; the rest of its variance becomes a fresh noise —
 * none when the row is dependent. This extends a Cholesky factor one row at a time, rank-revealing.
 */
final class NoiseFactor {
    private final List<double[]> rows = new ArrayList<>();
    private final List<double[]> noises = new ArrayList<>();
    private final IntFunction<double[]> freshNoise;
    private final int particles;

    /** {@code freshNoise.apply(j)}: the j-th standard normal noise of this family, as particles. */
    NoiseFactor(int particles, IntFunction<double[]> freshNoise) {
        this.particles = particles;
        this.freshNoise = freshNoise;
    }

    int size() {
        return rows.size();
    }

    /** Adds an atom with covariances {@code cov} (one per earlier atom) and variance {@code var}; returns its particles. */
    double[] add(double[] cov, double var) {
        int k = rows.size();
        int m = noises.size();
        double[] r = new double[m + 1];
        double explained = 0;
        if (k > 0 && m > 0) {
            DMatrixRMaj big = new DMatrixRMaj(k, m);
            for (int i = 0; i < k; i++) for (int j = 0; j < m; j++) big.set(i, j, j < rows.get(i).length ? rows.get(i)[j] : 0);
            DMatrixRMaj pinv = new DMatrixRMaj(m, k);
            PseudoInverse.of(big, pinv);
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < k; i++) s += pinv.get(j, i) * cov[i];
                r[j] = s;
                explained += s * s;
            }
        }
        double rest = var - explained;
        double[] row;
        if (rest > 1e-12 * Math.max(var, 1e-300) && var > 0) {
            noises.add(freshNoise.apply(m));
            r[m] = Math.sqrt(rest);
            row = r;
        } else {
            row = java.util.Arrays.copyOf(r, m);
        }
        rows.add(row);
        double[] out = new double[particles];
        for (int j = 0; j < row.length; j++) {
            double c = row[j];
            if (c == 0) continue;
            double[] xi = noises.get(j);
            for (int p = 0; p < particles; p++) out[p] += c * xi[p];
        }
        return out;
    }
}
