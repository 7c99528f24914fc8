package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import tp.limit.Estimate;

/**
 * A residual tanh network with 1/√L branches at two inputs, h_l = h_{l-1} + L^-1/2 W_l tanh(h_{l-1}):
 * every expectation is of tanh at two Gaussians whose covariance is the network's kernel so far, so
 * the limit is the 2×2 recursion K_l = K_{l-1} + E[tanh(u) tanh(v)ᵀ]/L, (u, v) ~ N(0, K_{l-1}).
 * The reference is that recursion computed here, by tensor Gauss–Hermite on the 2×2 covariance
 * (nodes by Golub–Welsch from commons-math's eigensolver, 160 per axis; the variance also by a
 * one-dimensional rule of 200 nodes, which must agree). The engine must be within 1e-8 and within
 * the error it claims.
 */
class ResidualTanhTest {
    static final double RHO = 0.3;

    static String program(int depth) {
        return "param L = " + depth + "\n"
                + "vector x1, x2 ~ N(0, [[1, " + RHO + "], [" + RHO + ", 1]])\n"
                + "matrix W[1..L] ~ N(0, 1/n)\n"
                + "a[0] = x1\nb[0] = x2\n"
                + "for l in 1..L {\n"
                + "  a[l] = a[l-1] + (1 / sqrt(L)) * (W[l] @ tanh(a[l-1]))\n"
                + "  b[l] = b[l-1] + (1 / sqrt(L)) * (W[l] @ tanh(b[l-1]))\n"
                + "}\n"
                + "output mean(a[L] * a[L]) as k11, mean(a[L] * b[L]) as k12, mean(b[L] * b[L]) as k22\n";
    }

    /** Probabilists' Gauss–Hermite rule (weight φ, weights summing to 1): nodes and weights by Golub–Welsch. */
    static double[][] rule(int n) {
        double[][] jacobi = new double[n][n];
        for (int i = 0; i + 1 < n; i++) jacobi[i][i + 1] = jacobi[i + 1][i] = Math.sqrt(i + 1);
        EigenDecomposition e = new EigenDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(jacobi));
        double[] x = e.getRealEigenvalues();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double v = e.getEigenvector(i).getEntry(0);
            w[i] = v * v;
        }
        return new double[][] {x, w};
    }

    /** The recursion: {k11, k12, k22} after L blocks, by the 2-D rule. */
    static double[] recursion(int depth, int nodes) {
        double[][] r = rule(nodes);
        double[] x = r[0];
        double[] w = r[1];
        double k11 = 1;
        double k22 = 1;
        double k12 = RHO;
        for (int l = 0; l < depth; l++) {
            double s1 = Math.sqrt(k11);
            double c = k12 / s1;
            double s2 = Math.sqrt(Math.max(0, k22 - c * c));
            double t11 = 0;
            double t12 = 0;
            double t22 = 0;
            for (int i = 0; i < nodes; i++) {
                double u = Math.tanh(s1 * x[i]);
                for (int j = 0; j < nodes; j++) {
                    double v = Math.tanh(c * x[i] + s2 * x[j]);
                    double ww = w[i] * w[j];
                    t11 += ww * u * u;
                    t12 += ww * u * v;
                    t22 += ww * v * v;
                }
            }
            k11 += t11 / depth;
            k12 += t12 / depth;
            k22 += t22 / depth;
        }
        return new double[] {k11, k12, k22};
    }

    /** The variance alone, by the one-dimensional recursion q_l = q_{l-1} + E[tanh(√q z)²]/L. */
    static double variance(int depth, int nodes) {
        double[][] r = rule(nodes);
        double q = 1;
        for (int l = 0; l < depth; l++) {
            double t = 0;
            for (int i = 0; i < nodes; i++) {
                double u = Math.tanh(Math.sqrt(q) * r[0][i]);
                t += r[1][i] * u * u;
            }
            q += t / depth;
        }
        return q;
    }

    private static void agrees(double expected, Estimate e, String what) {
        assertNotEquals(Estimate.Method.PARTICLES, e.method(), what);
        assertTrue(e.error() <= 1e-8, what + ": claimed error " + e.error());
        double off = Math.abs(e.value() - expected);
        assertTrue(off <= 1e-8, what + ": " + e.value() + " is off the recursion's " + expected + " by " + off);
        assertTrue(off <= e.error() + 1e-12, what + ": off by " + off + ", more than the claimed " + e.error());
    }

    private static void check(int depth) {
        double[] ref = recursion(depth, 160);
        // the reference settles: a coarser rule and the one-dimensional variance agree with it
        double[] coarse = recursion(depth, 120);
        for (int i = 0; i < 3; i++) assertEquals(ref[i], coarse[i], 1e-10, "reference settled");
        assertEquals(variance(depth, 200), ref[0], 1e-11, "2-D and 1-D variance");
        Map<String, Estimate> o = Limits.scalars(program(depth));
        agrees(ref[0], o.get("k11"), "k11");
        agrees(ref[1], o.get("k12"), "k12");
        agrees(ref[2], o.get("k22"), "k22");
    }

    @Test
    void depthEight() {
        // the recursion's k11 at depth 8, as the literature's figure: 1.42353742
        assertEquals(1.42353742, recursion(8, 160)[0], 5e-9);
        check(8);
    }

    @Test
    void depthSixteen() {
        check(16);
    }
}
