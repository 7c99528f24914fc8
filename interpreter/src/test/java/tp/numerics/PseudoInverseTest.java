package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Pseudo-inverses against the four Moore–Penrose identities and closed forms. */
class PseudoInverseTest {
    private static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, c);
        return c;
    }

    private static void close(DMatrixRMaj expected, DMatrixRMaj actual, double tol, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) assertEquals(expected.get(i, j), actual.get(i, j), tol, what);
        }
    }

    /** A A⁺ A = A, A⁺ A A⁺ = A⁺, and A A⁺, A⁺ A symmetric. */
    private static void moorePenrose(DMatrixRMaj a, DMatrixRMaj p, double tol) {
        close(a, times(times(a, p), a), tol, "A A⁺ A = A");
        close(p, times(times(p, a), p), tol, "A⁺ A A⁺ = A⁺");
        DMatrixRMaj ap = times(a, p);
        DMatrixRMaj pa = times(p, a);
        close(ap, CommonOps_DDRM.transpose(ap, null), tol, "A A⁺ symmetric");
        close(pa, CommonOps_DDRM.transpose(pa, null), tol, "A⁺ A symmetric");
    }

    /** m × n of rank r: a product of Gaussian m × r and r × n factors. */
    private static DMatrixRMaj lowRank(Random random, int m, int n, int r) {
        DMatrixRMaj b = new DMatrixRMaj(m, r);
        DMatrixRMaj c = new DMatrixRMaj(r, n);
        for (int i = 0; i < b.getNumElements(); i++) b.data[i] = random.nextGaussian();
        for (int i = 0; i < c.getNumElements(); i++) c.data[i] = random.nextGaussian();
        return times(b, c);
    }

    @Test
    void generalSatisfiesMoorePenrose() {
        Random random = new Random(2);
        for (int[] mnr : new int[][] {{3, 3, 3}, {4, 2, 2}, {2, 5, 1}, {6, 4, 2}, {1, 1, 1}}) {
            DMatrixRMaj a = lowRank(random, mnr[0], mnr[1], mnr[2]);
            DMatrixRMaj p = new DMatrixRMaj(mnr[1], mnr[0]);
            PseudoInverse.of(a, p);
            moorePenrose(a, p, 1e-10);
        }
    }

    @Test
    void invertibleGivesTheInverse() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{2, 1}, {1, 1}});
        DMatrixRMaj inverse = new DMatrixRMaj(new double[][] {{1, -1}, {-1, 2}});
        DMatrixRMaj p = new DMatrixRMaj(2, 2);
        PseudoInverse.of(a, p);
        close(inverse, p, 1e-14, "general");
        close(inverse, PseudoInverse.symmetric(a, 1e-7), 1e-14, "symmetric");
    }

    @Test
    void symmetricSatisfiesMoorePenrose() {
        Random random = new Random(4);
        for (int[] kr : new int[][] {{1, 1}, {3, 1}, {4, 2}, {5, 5}}) {
            DMatrixRMaj b = lowRank(random, kr[0], kr[1], kr[1]);
            DMatrixRMaj c = times(b, CommonOps_DDRM.transpose(b, null));
            moorePenrose(c, PseudoInverse.symmetric(c, 1e-7), 1e-9);
        }
    }

    @Test
    void symmetricDropsDirectionsBelowItsTolerance() {
        // diag(4, 1e-9): at 1e-7 the small direction is dropped, at 0 it is inverted
        DMatrixRMaj c = new DMatrixRMaj(new double[][] {{4, 0}, {0, 1e-9}});
        close(new DMatrixRMaj(new double[][] {{0.25, 0}, {0, 0}}), PseudoInverse.symmetric(c, 1e-7), 1e-15, "dropped");
        close(new DMatrixRMaj(new double[][] {{0.25, 0}, {0, 1e9}}), PseudoInverse.symmetric(c, 0), 1e-6, "kept");
        close(new DMatrixRMaj(2, 2), PseudoInverse.symmetric(new DMatrixRMaj(2, 2), 1e-7), 0, "zero matrix");
    }

    @Test
    void notFiniteGivesNaN() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, Double.POSITIVE_INFINITY}, {0, 1}});
        DMatrixRMaj p = new DMatrixRMaj(2, 2);
        PseudoInverse.of(a, p);
        for (double v : p.getData()) assertTrue(Double.isNaN(v));
        DMatrixRMaj s = new DMatrixRMaj(new double[][] {{1, Double.NaN}, {Double.NaN, 1}});
        for (double v : PseudoInverse.symmetric(s, 1e-7).getData()) assertTrue(Double.isNaN(v));
    }
}
