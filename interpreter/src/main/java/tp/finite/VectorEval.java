package tp.finite;

import tp.fn.Fn;
import tp.fn.Fns;

/** Evaluates an elementwise function over n coordinates. Values are double[] or Double. */
final class VectorEval {
    private VectorEval() {}

    static Object eval(Fn f, double[][] vectors, double[] scalars, int n) {
        if (f instanceof Fn.Const c) return c.value();
        if (f instanceof Fn.Width) return (double) n;
        if (f instanceof Fn.Ref r) {
            return r.kind() == Fn.Kind.VECTOR ? (Object) vectors[r.id()] : (Object) scalars[r.id()];
        }
        Fn.Apply a = (Fn.Apply) f;
        int k = a.args().size();
        Object[] args = new Object[k];
        boolean anyVector = false;
        for (int i = 0; i < k; i++) {
            args[i] = eval(a.args().get(i), vectors, scalars, n);
            anyVector |= args[i] instanceof double[];
        }
        if (!anyVector) {
            double[] v = new double[k];
            for (int i = 0; i < k; i++) v[i] = (Double) args[i];
            return a.op().apply(v);
        }
        double[] out = new double[n];
        if (k == 1) {
            double[] x = (double[]) args[0];
            for (int i = 0; i < n; i++) out[i] = a.op().apply(x[i]);
        } else if (k == 2) {
            if (args[0] instanceof double[] x && args[1] instanceof double[] y) {
                for (int i = 0; i < n; i++) out[i] = a.op().apply(x[i], y[i]);
            } else if (args[0] instanceof double[] x) {
                double y = (Double) args[1];
                for (int i = 0; i < n; i++) out[i] = a.op().apply(x[i], y);
            } else {
                double x = (Double) args[0];
                double[] y = (double[]) args[1];
                for (int i = 0; i < n; i++) out[i] = a.op().apply(x, y[i]);
            }
        } else {
            double[] v = new double[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) v[j] = args[j] instanceof double[] x ? x[i] : (Double) args[j];
                out[i] = a.op().apply(v);
            }
        }
        return out;
    }

    static double[] vector(Fn f, double[][] vectors, double[] scalars, int n) {
        Object v = eval(f, vectors, scalars, n);
        if (v instanceof double[] x) return x;
        double[] out = new double[n];
        java.util.Arrays.fill(out, (Double) v);
        return out;
    }

    static double scalar(Fn f, double[] scalars, int n) {
        return Fns.eval(f, id -> scalars[id], n);
    }

    /** (1/n) Σ_i, summed in a fixed order. */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
