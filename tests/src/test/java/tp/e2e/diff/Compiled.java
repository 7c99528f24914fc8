package tp.e2e.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An integrand as a function of r independent standard normals z (base variables = μ + F z), with
 * its kinks as lines (planes) c + w·z = 0. Affine forms of zero variance under the law are
 * constants exactly (so {@code step(x1 − x2)} with x1 ≡ x2 is {@code step(0) = 0}).
 */
final class Compiled {
    /** c + w·z. */
    record Form(double c, double[] w) {
        boolean constant() {
            for (double v : w) if (v != 0) return false;
            return true;
        }

        double at(double[] z) {
            double s = c;
            for (int i = 0; i < w.length; i++) s += w[i] * z[i];
            return s;
        }
    }

    /** Relative threshold of the factorisation: directions with variance below it are dropped. */
    static final double RANK_REL = 1e-13;

    final int rank;
    final boolean singular;
    final Node root;
    final List<Form> kinks;

    private final double[] mean;
    private final double[][] factor;
    private final double[][] cov;

    Compiled(Expr e, Law law, double[][] rotation) {
        Set<Integer> used = new TreeSet<>();
        e.vars(used);
        int k = law.size();
        // the factor of the used variables only (the others get zero rows)
        int[] ids = used.stream().mapToInt(Integer::intValue).toArray();
        double[][] sub = new double[ids.length][ids.length];
        for (int a = 0; a < ids.length; a++) for (int b = 0; b < ids.length; b++) sub[a][b] = law.cov()[ids[a]][ids[b]];
        double[][] f = Linalg.factor(sub, RANK_REL);
        int r = f.length == 0 ? 0 : f[0].length;
        if (ids.length == 0) r = 0;
        double[][] full = new double[k][r];
        for (int a = 0; a < ids.length; a++) full[ids[a]] = f[a];
        if (rotation != null && r == rotation.length) {
            double[][] rot = new double[k][r];
            for (int i = 0; i < k; i++) for (int j = 0; j < r; j++) for (int l = 0; l < r; l++) rot[i][j] += full[i][l] * rotation[l][j];
            full = rot;
        }
        this.rank = r;
        this.singular = e.singular();
        this.mean = law.mean();
        this.factor = full;
        this.cov = law.cov();
        this.root = node(e);
        List<Expr.Aff> ks = e.kinks(k);
        if (ks == null) throw new IllegalStateException("kinks unknown for " + e);
        List<Form> lines = new ArrayList<>();
        for (Expr.Aff a : ks) {
            Form form = form(a);
            if (!form.constant()) lines.add(form);
        }
        this.kinks = lines;
    }

    Form form(Expr.Aff a) {
        int k = mean.length;
        double c = a.c();
        double scale = 0;
        for (int i = 0; i < k; i++) {
            if (a.a()[i] == 0) continue;
            c += a.a()[i] * mean[i];
            scale += Math.abs(a.a()[i]) * Math.sqrt(Math.max(0, cov[i][i]));
        }
        double var = Linalg.quad(a.a(), cov);
        double[] w = new double[rank];
        if (var > 1e-13 * scale * scale) {
            for (int j = 0; j < rank; j++) for (int i = 0; i < k; i++) w[j] += a.a()[i] * factor[i][j];
        }
        return new Form(c, w);
    }

    double eval(double[] z) {
        return root.eval(z);
    }

    /** A node of the compiled tree: scalar and batch evaluation. */
    abstract static class Node {
        abstract double eval(double[] z);

        /** out[p] for the points z[d][p], p < n. */
        abstract void batch(double[][] z, int n, double[] out);
    }

    private Node node(Expr e) {
        if (e instanceof Expr.Aff a) {
            Form f = form(a);
            return new Node() {
                double eval(double[] z) {
                    return f.at(z);
                }

                void batch(double[][] z, int n, double[] out) {
                    for (int p = 0; p < n; p++) out[p] = f.c();
                    for (int j = 0; j < f.w().length; j++) {
                        double w = f.w()[j];
                        if (w == 0) continue;
                        double[] zj = z[j];
                        for (int p = 0; p < n; p++) out[p] += w * zj[p];
                    }
                }
            };
        }
        if (e instanceof Expr.Num num) {
            double v = num.v();
            return new Node() {
                double eval(double[] z) {
                    return v;
                }

                void batch(double[][] z, int n, double[] out) {
                    java.util.Arrays.fill(out, 0, n, v);
                }
            };
        }
        if (e instanceof Expr.Un u) {
            Node x = node(u.x());
            Fn1 f = u.f();
            return new Node() {
                double eval(double[] z) {
                    return f.apply(x.eval(z));
                }

                void batch(double[][] z, int n, double[] out) {
                    x.batch(z, n, out);
                    for (int p = 0; p < n; p++) out[p] = f.apply(out[p]);
                }
            };
        }
        if (e instanceof Expr.Pow pw) {
            Node x = node(pw.x());
            int k = pw.k();
            return new Node() {
                double eval(double[] z) {
                    return pow(x.eval(z), k);
                }

                void batch(double[][] z, int n, double[] out) {
                    x.batch(z, n, out);
                    for (int p = 0; p < n; p++) out[p] = pow(out[p], k);
                }
            };
        }
        Expr.Bin b = (Expr.Bin) e;
        Node x = node(b.x());
        Node y = node(b.y());
        Expr.Op op = b.op();
        return new Node() {
            double[] scratch = new double[0];

            double eval(double[] z) {
                return apply(op, x.eval(z), y.eval(z));
            }

            void batch(double[][] z, int n, double[] out) {
                if (scratch.length < n) scratch = new double[n];
                x.batch(z, n, out);
                y.batch(z, n, scratch);
                for (int p = 0; p < n; p++) out[p] = apply(op, out[p], scratch[p]);
            }
        };
    }

    static double pow(double x, int k) {
        if (k < 0) return 1 / pow(x, -k);
        double r = 1;
        for (int i = 0; i < k; i++) r *= x;
        return r;
    }

    static double apply(Expr.Op op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case MIN: return Math.min(a, b);
            default: return Math.max(a, b);
        }
    }
}
