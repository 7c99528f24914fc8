package tp.fn;

/**
 * Evaluates an elementwise function over n points at once (coordinates at finite width,
 * quadrature nodes or particles in the limit): each node of the tree is one loop.
 * Intermediate values are double[] or Double.
 */
public final class Vectorized {
    private Vectorized() {}

    public static Object eval(Fn f, double[][] vectors, double[] scalars, int n) {
        return eval(f, vectors, scalars, n, new java.util.IdentityHashMap<>());
    }

    /** Shared subtrees (the same object) are evaluated once. */
    private static Object eval(Fn f, double[][] vectors, double[] scalars, int n, java.util.IdentityHashMap<Fn, Object> memo) {
        if (f instanceof Fn.Apply) {
            Object hit = memo.get(f);
            if (hit != null) return hit;
            Object v = apply((Fn.Apply) f, vectors, scalars, n, memo);
            memo.put(f, v);
            return v;
        }
        if (f instanceof Fn.Const c) return c.value();
        if (f instanceof Fn.Width) return (double) n;
        if (f instanceof Fn.Ref r) {
            return r.kind() == Fn.Kind.VECTOR ? (Object) vectors[r.id()] : (Object) scalars[r.id()];
        }
        throw new AssertionError(f);
    }

    private static Object apply(Fn.Apply a, double[][] vectors, double[] scalars, int n, java.util.IdentityHashMap<Fn, Object> memo) {
        int k = a.args().size();
        Object[] args = new Object[k];
        boolean anyVector = false;
        for (int i = 0; i < k; i++) {
            args[i] = eval(a.args().get(i), vectors, scalars, n, memo);
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

    public static double[] vector(Fn f, double[][] vectors, double[] scalars, int n) {
        Object v = eval(f, vectors, scalars, n);
        if (v instanceof double[] x) return x;
        double[] out = new double[n];
        java.util.Arrays.fill(out, (Double) v);
        return out;
    }

    public static double scalar(Fn f, double[] scalars, int n) {
        return Fns.eval(f, id -> scalars[id], n);
    }

    /** (1/n) Σ_i, summed in a fixed order. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
