package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Factors F Fᵀ = Σ of covariance matrices: rank-revealing, and square with zero columns. */
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

    @Test
    void squareRootKeepsEveryColumn() {
        Random r = new Random(5);
        double[][] cov = gram(random(r, 4, 2));
        double[][] f = Gaussian.squareRoot(cov, 0);
        assertEquals(4, f.length);
        for (double[] row : f) assertEquals(4, row.length);
        double[][] back = gram(f);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) assertEquals(cov[i][j], back[i][j], 1e-14 * max(cov));
        // the same directions as the rank-revealing factor: the Gram matrices agree
        double[][] reduced = gram(Gaussian.factor(cov));
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) assertEquals(reduced[i][j], back[i][j], 1e-14 * max(cov));
    }

    @Test
    void squareRootClipsAtItsTolerance() {
        // eigenvalues 1 and 1e-9 along (c, s) and (−s, c)
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double small = 1e-9;
        double[][] cov = {{c * c + small * s * s, c * s - small * c * s}, {c * s - small * c * s, s * s + small * c * c}};
        assertEquals(1, zeroColumns(Gaussian.squareRoot(cov, 1e-7)));
        assertEquals(0, zeroColumns(Gaussian.squareRoot(cov, 0)));
        // a negative eigenvalue −1e-3 (not PSD) becomes a zero column at tolerance 0
        double[][] indefinite = {{c * c - 1e-3 * s * s, c * s + 1e-3 * c * s}, {c * s + 1e-3 * c * s, s * s - 1e-3 * c * c}};
        double[][] f = Gaussian.squareRoot(indefinite, 0);
        assertEquals(1, zeroColumns(f));
        double[][] back = gram(f);
        assertEquals(c * c, back[0][0], 1e-15);
        assertEquals(c * s, back[0][1], 1e-15);
        assertEquals(s * s, back[1][1], 1e-15);
        assertEquals(0, zeroColumns(new double[0][0]));
        assertEquals(3, zeroColumns(Gaussian.squareRoot(new double[3][3], 0)));
    }

    private static int zeroColumns(double[][] f) {
        int zero = 0;
        for (int e = 0; e < (f.length == 0 ? 0 : f[0].length); e++) {
            boolean all = true;
            for (double[] row : f) all &= row[e] == 0;
            if (all) zero++;
        }
        return zero;
    }
}
