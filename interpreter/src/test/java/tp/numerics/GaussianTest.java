package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rank-revealing factors F Fᵀ = Σ of covariance matrices. */
class GaussianTest {
    private static double[][] gram(double[][] b) {
        int k = b.length;
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double v = 0;
                for (int e = 0; e < b[0].length; e++) v += b[i][e] * b[j][e];
                s[i][j] = v;
            }
        }
        return s;
    }

    private static double[][] random(Random r, int k, int cols) {
        double[][] b = new double[k][cols];
        for (double[] row : b) for (int e = 0; e < cols; e++) row[e] = r.nextGaussian();
        return b;
    }

    private static double max(double[][] m) {
        double v = 0;
        for (double[] row : m) for (double x : row) v = Math.max(v, Math.abs(x));
        return v;
    }

    /** F Fᵀ = Σ entrywise, to {@code tol} times the largest entry, with {@code rank} columns. */
    private static void reproduces(double[][] cov, int rank, double tol) {
        double[][] f = Gaussian.factor(cov);
        assertEquals(cov.length, f.length);
        for (double[] row : f) assertEquals(rank, row.length, "rank");
        double[][] back = gram(f);
        double scale = max(cov);
        for (int i = 0; i < cov.length; i++) {
            for (int j = 0; j < cov.length; j++) {
                assertEquals(cov[i][j], back[i][j], tol * scale, "entry " + i + ", " + j);
            }
        }
    }

    @Test
    void fullRank() {
        Random r = new Random(7);
        for (int k : new int[] {1, 2, 3, 5, 8, 13}) reproduces(gram(random(r, k, k + 2)), k, 1e-14);
        reproduces(new double[][] {{2.3, 0.9}, {0.9, 1.1}}, 2, 4e-16);
        reproduces(new double[][] {{4}}, 1, 0);
        assertEquals(2, Gaussian.factor(new double[][] {{4}})[0][0], 0);
    }

    @Test
    void rankDeficient() {
        Random r = new Random(11);
        for (int[] kr : new int[][] {{2, 1}, {3, 1}, {5, 2}, {8, 3}, {13, 12}}) {
            reproduces(gram(random(r, kr[0], kr[1])), kr[1], 1e-14);
        }
        // v = 2u exactly
        reproduces(new double[][] {{1, 2}, {2, 4}}, 1, 4e-16);
        // a constant among Gaussians
        reproduces(new double[][] {{1.5, 0, 0.3}, {0, 0, 0}, {0.3, 0, 0.7}}, 2, 4e-16);
    }

    @Test
    void zeroMatrixHasRankZero() {
        double[][] f = Gaussian.factor(new double[3][3]);
        assertEquals(3, f.length);
        assertEquals(0, f[0].length);
        assertEquals(0, Gaussian.factor(new double[0][0]).length);
    }

    @Test
    void nearlySingular() {
        // eigenvalues 1 and 1e-9: both kept
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double small = 1e-9;
        double[][] cov = {{c * c + small * s * s, c * s - small * c * s}, {c * s - small * c * s, s * s + small * c * c}};
        reproduces(cov, 2, 4e-16);
        double[][] f = Gaussian.factor(cov);
        // the small direction itself is resolved: Fᵀ(−s, c) has norm √1e-9
        double norm = 0;
        for (int e = 0; e < 2; e++) norm += Math.pow(-s * f[0][e] + c * f[1][e], 2);
        assertEquals(small, norm, 1e-6 * small);
        // an eigenvalue 1e-15 of the largest is below the rank tolerance 1e-13: dropped, within that
        double tiny = 1e-15;
        double[][] flat = {{c * c + tiny * s * s, c * s - tiny * c * s}, {c * s - tiny * c * s, s * s + tiny * c * c}};
        reproduces(flat, 1, 2e-15);
        // correlation 1 − 1e-12 between unit variances: eigenvalue 1e-12, kept
        double rho = 1 - 1e-12;
        reproduces(new double[][] {{1, rho}, {rho, 1}}, 2, 4e-16);
    }

    @Test
    void scaleDoesNotChangeTheRank() {
        Random r = new Random(3);
        double[][] b = random(r, 4, 2);
        for (double scale : new double[] {1e-200, 1e-8, 1, 1e8, 1e150}) {
            double[][] cov = gram(b);
            for (double[] row : cov) for (int j = 0; j < row.length; j++) row[j] *= scale;
            reproduces(cov, 2, 1e-14);
        }
    }

    @Test
    void notFiniteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Gaussian.factor(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.factor(new double[][] {{Double.POSITIVE_INFINITY}}));
    }
}
