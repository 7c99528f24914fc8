package tp.fn;

/**
 * Evaluates an elementwise function over n points at once (coordinates at finite width,
 * quadrature nodes or particles in the limit): each node of the tree is one loop.
 * Intermediate values are double[] or Double.
 */
public final class Vectorized {
    private Vectorized() {}

    /**
     * f at n points. Each shared node is evaluated once, without recursion (the Z graphs of deep
     * programs are as deep as the program), and an intermediate is let go as soon as the last node
     * that reads it has been evaluated.
     */
    public static Object eval(Fn f, double[][] vectors, double[] scalars, int n) {
        if (!(f instanceof Fn.Apply root)) return leaf(f, vectors, scalars, n);
        java.util.List<Fn.Apply> order = Fn.postorder(root);
        java.util.IdentityHashMap<Fn, Object> memo = new java.util.IdentityHashMap<>();
        java.util.IdentityHashMap<Fn, int[]> readers = new java.util.IdentityHashMap<>();
        if (order.size() > 1) {
            for (Fn.Apply a : order) {
                for (Fn x : a.args()) if (x instanceof Fn.Apply) readers.computeIfAbsent(x, k -> new int[1])[0]++;
            }
        }
        for (Fn.Apply a : order) {
            int k = a.arity();
            Object[] args = new Object[k];
            for (int i = 0; i < k; i++) {
                Fn x = a.arg(i);
                args[i] = x instanceof Fn.Apply ? memo.get(x) : leaf(x, vectors, scalars, n);
            }
            memo.put(a, apply(a, args, n));
            for (Fn x : a.args()) {
                if (x instanceof Fn.Apply && --readers.get(x)[0] == 0) memo.remove(x);
            }
        }
        return memo.get(root);
    }

    private static Object leaf(Fn f, double[][] vectors, double[] scalars, int n) {
        if (f instanceof Fn.Const c) return c.value();
        if (f instanceof Fn.Width) return (double) n;
        if (f instanceof Fn.Ref r) {
            return r.kind() == Fn.Kind.VECTOR ? (Object) vectors[r.id()] : (Object) scalars[r.id()];
        }
        throw new AssertionError(f);
    }

    private static Object apply(Fn.Apply a, Object[] args, int n) {
        int k = args.length;
        boolean anyVector = false;
        for (Object x : args) anyVector |= x instanceof double[];
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
            if (arithmetic(a.op(), args[0], args[1], out)) return out;
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

    /**
     * {@code +}, {@code −} and {@code ×} with a vector operand, as loops of their own: the same
     * operations as {@link Op#apply}, but the JIT can vectorise a loop without a call per element,
     * and they are most of the elementwise work of SGD programs. False for any other op.
     */
    private static boolean arithmetic(Op op, Object a, Object b, double[] out) {
        int n = out.length;
        if (a instanceof double[] x && b instanceof double[] y) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = x[i] + y[i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[i] = x[i] - y[i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[i] = x[i] * y[i]; }
                default -> { return false; }
            }
        } else if (a instanceof double[] x) {
            double c = (Double) b;
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = x[i] + c; }
                case SUB -> { for (int i = 0; i < n; i++) out[i] = x[i] - c; }
                case MUL -> { for (int i = 0; i < n; i++) out[i] = x[i] * c; }
                default -> { return false; }
            }
        } else {
            double c = (Double) a;
            double[] y = (double[]) b;
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = c + y[i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[i] = c - y[i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[i] = c * y[i]; }
                default -> { return false; }
            }
        }
        return true;
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
