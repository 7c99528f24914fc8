package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eigenpairs of symmetric matrices, against closed forms and the defining identities. */
class SymmetricEigenTest {
    @Test
    void twoByTwoClosedForm() {
        // [[a, b], [b, a]]: eigenvalues a ± b
        double[] values = SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}});
        Arrays.sort(values);
        assertArrayEquals(new double[] {1, 3}, values, 1e-15);
        double[] withVectors = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}}).values().clone();
        Arrays.sort(withVectors);
        assertArrayEquals(new double[] {1, 3}, withVectors, 1e-15);
    }

    @Test
    void pairsSatisfyAvEqualsLambdaV() {
        Random r = new Random(1);
        for (int k : new int[] {1, 2, 4, 7}) {
            double[][] a = new double[k][k];
            for (int i = 0; i < k; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = r.nextGaussian();
            SymmetricEigen eig = SymmetricEigen.of(a);
            double trace = 0;
            double sum = 0;
            for (int e = 0; e < k; e++) {
                double[] v = eig.vectors()[e];
                for (int i = 0; i < k; i++) {
                    double av = 0;
                    for (int j = 0; j < k; j++) av += a[i][j] * v[j];
                    assertEquals(eig.values()[e] * v[i], av, 1e-13);
                }
                for (int f = 0; f < k; f++) {
                    double vw = 0;
                    for (int i = 0; i < k; i++) vw += v[i] * eig.vectors()[f][i];
                    assertEquals(e == f ? 1 : 0, vw, 1e-13, "orthonormal");
                }
                trace += a[e][e];
                sum += eig.values()[e];
            }
            assertEquals(trace, sum, 1e-13);
        }
    }

    @Test
    void oneByOneIsItself() {
        SymmetricEigen eig = SymmetricEigen.of(new double[][] {{-2.5}});
        assertEquals(-2.5, eig.values()[0], 0);
        assertEquals(1, Math.abs(eig.vectors()[0][0]), 0);
    }

    @Test
    void emptyMatrixHasNoEigenvalues() {
        assertEquals(0, SymmetricEigen.values(new double[0][0]).length);
    }

}
