package tp.e2e.diff;

/**
 * The Master Theorem for {@code y_j = W @ x_j; z = W.T @ g(y)} (x jointly Gaussian, W ~ N(0, σ²/n)),
 * derived independently of the interpreter: Ẑ^y ~ N(0, C), C = σ² M, M = E[x xᵀ];
 * Z^z = Ẑ^z + Σ_j a_j Z^{x_j} with Ẑ^z ~ N(0, q), q = σ² E g(Ẑ^y)², independent of x, and
 * a = σ² E[∇g(Ẑ^y)] = σ² C⁺ b, b_k = E[Ẑ^{y_k} g(Ẑ^y)] (Stein's lemma, valid through kinks and jumps).
 */
record ZLaw(Ref zz, Ref zx1, Ref zmean, Law law) {
    static ZLaw of(Reference r, Law x, Law y, double[][] m, double s, Expr g, long seed) {
        int k = x.size();
        Ref g2 = r.expect(new Expr.Pow(g, 2), y, seed);
        Ref[] b = new Ref[k];
        double[] bv = new double[k];
        boolean mc = g2.statistical();
        // b_j for the y_j g reads directly; for another y_j, E[y_j g] = E[E[y_j | y_S] g] with
        // E[y_j | y_S] = C_jS C_SS⁺ y_S (zero means): quadrature over g's own directions, not Monte Carlo
        java.util.Set<Integer> used = new java.util.TreeSet<>();
        g.vars(used);
        int[] sIdx = used.stream().mapToInt(Integer::intValue).toArray();
        for (int j : sIdx) {
            b[j] = r.expect(new Expr.Bin(Expr.Op.MUL, y.var(j), g), y, seed);
            bv[j] = b[j].value();
            mc |= b[j].statistical();
        }
        double[][] css = new double[sIdx.length][sIdx.length];
        for (int u = 0; u < sIdx.length; u++) for (int v = 0; v < sIdx.length; v++) css[u][v] = y.cov()[sIdx[u]][sIdx[v]];
        double[][] cssPlus = Linalg.pinv(css, 1e-12);
        for (int j = 0; j < k; j++) {
            if (used.contains(j)) continue;
            double v = 0;
            double e = 0;
            double se = 0;
            for (int u = 0; u < sIdx.length; u++) {
                double w = 0;
                for (int t = 0; t < sIdx.length; t++) w += y.cov()[j][sIdx[t]] * cssPlus[t][u];
                Ref bs = b[sIdx[u]];
                v += w * bs.value();
                e += Math.abs(w) * bs.error();
                se += Math.abs(w) * bs.stderr();
            }
            b[j] = new Ref(v, e, se, b[sIdx[0]].dim(), b[sIdx[0]].kind());
            bv[j] = v;
        }
        // uncertainties: a quadrature error bound, or a standard error (then every result is statistical)
        double dg2 = mc ? g2.stderr() : g2.error();
        double[] db = new double[k];
        for (int j = 0; j < k; j++) db[j] = mc ? b[j].stderr() : b[j].error();
        double[][] cplus = Linalg.pinv(y.cov(), 1e-12);
        double[] c = Linalg.mul(cplus, bv);
        double[] a = new double[k];
        for (int j = 0; j < k; j++) a[j] = s * c[j];
        double[] da = new double[k];
        double maxPlus = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                da[i] += s * Math.abs(cplus[i][j]) * db[j];
                maxPlus = Math.max(maxPlus, Math.abs(cplus[i][j]));
            }
        }
        double sumDb = 0;
        for (double d : db) sumDb += d;
        double q = s * g2.value();
        double dq = s * dg2;

        double zz = q + Linalg.quad(a, m);
        double dzz = dq + 2 * s * Linalg.dot(abs(c), db) + s * maxPlus * sumDb * sumDb * k;
        // s M C⁺ projects onto the range of M: E[z x_i] = (s M C⁺ b)_i
        double[][] p = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) for (int t = 0; t < k; t++) p[i][j] += s * m[i][t] * cplus[t][j];
        double zx1 = 0;
        double dzx1 = 0;
        for (int j = 0; j < k; j++) {
            zx1 += a[j] * m[j][0];
            dzx1 += Math.abs(p[0][j]) * db[j];
        }
        double zmean = Linalg.dot(a, x.mean());
        double dzmean = 0;
        for (int j = 0; j < k; j++) {
            double w = 0;
            for (int i = 0; i < k; i++) w += s * x.mean()[i] * cplus[i][j];
            dzmean += Math.abs(w) * db[j];
        }
        // the law of (z, x_1..x_k)
        String[] names = new String[k + 1];
        double[] mean = new double[k + 1];
        double[][] cov = new double[k + 1][k + 1];
        double[][] err = new double[k + 1][k + 1];
        names[0] = "z";
        mean[0] = zmean;
        double[] ka = Linalg.mul(x.cov(), a);
        cov[0][0] = q + Linalg.dot(a, ka);
        err[0][0] = (mc ? 5 : 1) * (dq + 2 * Linalg.dot(abs(ka), da)) + 1e-16 * cov[0][0];
        for (int i = 0; i < k; i++) {
            names[i + 1] = x.names()[i];
            mean[i + 1] = x.mean()[i];
            cov[0][i + 1] = cov[i + 1][0] = ka[i];
            double e = 0;
            for (int j = 0; j < k; j++) e += Math.abs(x.cov()[i][j]) * da[j];
            err[0][i + 1] = err[i + 1][0] = (mc ? 5 : 1) * e + 1e-16 * Math.abs(ka[i]);
            for (int j = 0; j < k; j++) cov[i + 1][j + 1] = x.cov()[i][j];
        }
        Law law = new Law(names, mean, cov, err);
        int dim = Math.max(g2.dim(), b[0].dim());
        return new ZLaw(ref(zz, dzz, mc, dim), ref(zx1, dzx1, mc, dim), ref(zmean, dzmean, mc, dim), law);
    }

    private static Ref ref(double v, double d, boolean mc, int dim) {
        return mc ? new Ref(v, 0, d, dim, Ref.Kind.MONTE_CARLO)
                : new Ref(v, d + Reference.ROUNDING * Math.max(1, Math.abs(v)), 0, dim, Ref.Kind.QUADRATURE);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.abs(v[i]);
        return out;
    }

    /** A stand-in law of (z, x…) for scaling the forms of a generated integrand before the real one is computed. */
    static Law provisional(Law x, double s) {
        int k = x.size();
        String[] names = new String[k + 1];
        double[] mean = new double[k + 1];
        double[][] cov = new double[k + 1][k + 1];
        names[0] = "z";
        cov[0][0] = 1.5 * s;
        for (int i = 0; i < k; i++) {
            names[i + 1] = x.names()[i];
            mean[i + 1] = x.mean()[i];
            for (int j = 0; j < k; j++) cov[i + 1][j + 1] = x.cov()[i][j];
        }
        return new Law(names, mean, cov);
    }
}
