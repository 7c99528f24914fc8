package tp.e2e.diff;

/** Small dense linear algebra for the reference (independent of the interpreter's EJML use). */
final class Linalg {
    private Linalg() {}

    /**
     * A factor F (k × r) with F Fᵀ = K for a symmetric positive semi-definite K, by Cholesky with
     * complete pivoting; stops when the largest remaining pivot is ≤ rel · max diag(K). Row i of F
     * expresses variable i in r independent standard normals.
     */
    static double[][] factor(double[][] k, double rel) {
        int n = k.length;
        double[][] a = new double[n][n];
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            a[i] = k[i].clone();
            maxDiag = Math.max(maxDiag, k[i][i]);
        }
        double[][] f = new double[n][n];
        boolean[] done = new boolean[n];
        int r = 0;
        while (r < n) {
            int p = -1;
            double best = 0;
            for (int i = 0; i < n; i++) {
                if (!done[i] && a[i][i] > best) {
                    best = a[i][i];
                    p = i;
                }
            }
            if (p < 0 || best <= rel * maxDiag) break;
            double s = Math.sqrt(best);
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = done[i] ? 0 : a[i][p] / s;
            col[p] = s;
            for (int i = 0; i < n; i++) {
                f[i][r] = col[i];
            }
            done[p] = true;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                for (int j = 0; j < n; j++) {
                    if (done[j]) continue;
                    a[i][j] -= col[i] * col[j];
                }
            }
            r++;
        }
        double[][] out = new double[n][r];
        for (int i = 0; i < n; i++) System.arraycopy(f[i], 0, out[i], 0, r);
        return out;
    }

    /** Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, by cyclic Jacobi. */
    static double[][][] eig(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            if (off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        final double[][] fa = a;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(fa[x][x], fa[y][y]));
        double[][] values = new double[1][n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[0][j] = a[order[j]][order[j]];
            for (int i = 0; i < n; i++) vectors[i][j] = v[i][order[j]];
        }
        return new double[][][] {values, vectors};
    }

    /** Moore–Penrose pseudo-inverse of a symmetric matrix (eigenvalues ≤ rel · max |λ| dropped). */
    static double[][] pinv(double[][] m, double rel) {
        int n = m.length;
        double[][][] e = eig(m);
        double[] lambda = e[0][0];
        double max = 0;
        for (double l : lambda) max = Math.max(max, Math.abs(l));
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            if (Math.abs(lambda[k]) <= rel * max) continue;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[i][j] += e[1][i][k] * e[1][j][k] / lambda[k];
        }
        return out;
    }

    static double[] mul(double[][] m, double[] x) {
        double[] y = new double[m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < x.length; j++) y[i] += m[i][j] * x[j];
        return y;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** xᵀ K x. */
    static double quad(double[] x, double[][] k) {
        return dot(x, mul(k, x));
    }
}
