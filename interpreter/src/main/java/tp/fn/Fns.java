package tp.fn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Building (with light simplification), differentiating, evaluating and printing {@link Fn}s. */
public final class Fns {
    private Fns() {}

    public static final Fn ZERO = new Fn.Const(0);
    public static final Fn ONE = new Fn.Const(1);

    public static Fn c(double v) {
        int i = (int) v;
        return i == v && i >= -SMALL && i <= SMALL && Double.doubleToRawLongBits(v) != NEG_ZERO ? SMALL_INTEGERS[i + SMALL]
                : new Fn.Const(v);
    }

    /** The constants −64, …, 64, made once (a kernel program writes `2 *` in each of its hundreds of thousands of steps). */
    private static final int SMALL = 64;
    private static final Fn.Const[] SMALL_INTEGERS = new Fn.Const[2 * SMALL + 1];
    private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);

    static {
        for (int i = -SMALL; i <= SMALL; i++) SMALL_INTEGERS[i + SMALL] = new Fn.Const(i);
    }

    public static boolean isConst(Fn f, double v) {
        return f instanceof Fn.Const k && k.value() == v;
    }

    public static Fn apply(Op op, Fn... args) {
        if (args.length == 1) return apply(op, args[0]);
        if (args.length == 2) return apply(op, args[0], args[1]);
        boolean allConst = op != Op.MINEIG && op != Op.MAXEIG;
        for (Fn a : args) allConst &= a instanceof Fn.Const;
        if (allConst && args.length > 0) {
            double[] v = new double[args.length];
            for (int i = 0; i < v.length; i++) v[i] = ((Fn.Const) args[i]).value();
            return c(op.apply(v));
        }
        return new Fn.Apply(op, List.of(args));
    }

    /** {@link #apply(Op, Fn...)} of one argument, without an array. */
    public static Fn apply(Op op, Fn x) {
        if (x instanceof Fn.Const c && op != Op.MINEIG && op != Op.MAXEIG) return c(op.apply(new double[] {c.value()}));
        if (op == Op.NEG && x instanceof Fn.Apply a && a.op() == Op.NEG) return a.arg(0);
        if (op == Op.ID) return x;
        return new Fn.Apply(op, x);
    }

    /** {@link #apply(Op, Fn...)} of two arguments, without an array. */
    public static Fn apply(Op op, Fn x, Fn y) {
        if (x instanceof Fn.Const c && y instanceof Fn.Const d && op != Op.MINEIG && op != Op.MAXEIG) {
            return c(op.apply(new double[] {c.value(), d.value()}));
        }
        switch (op) {
            case ADD:
                if (isConst(x, 0)) return y;
                if (isConst(y, 0)) return x;
                break;
            case SUB:
                if (isConst(y, 0)) return x;
                if (isConst(x, 0)) return apply(Op.NEG, y);
                break;
            case MUL:
                if (isConst(x, 0) || isConst(y, 0)) return ZERO;
                if (isConst(x, 1)) return y;
                if (isConst(y, 1)) return x;
                if (isConst(x, -1)) return apply(Op.NEG, y);
                if (isConst(y, -1)) return apply(Op.NEG, x);
                break;
            case DIV:
                if (isConst(x, 0)) return ZERO;
                if (isConst(y, 1)) return x;
                break;
            case POW:
                if (isConst(y, 1)) return x;
                if (isConst(y, 0)) return ONE;
                break;
            default:
                break;
        }
        return new Fn.Apply(op, x, y);
    }

    public static Fn add(Fn a, Fn b) { return apply(Op.ADD, a, b); }

    public static Fn sub(Fn a, Fn b) { return apply(Op.SUB, a, b); }

    public static Fn mul(Fn a, Fn b) { return apply(Op.MUL, a, b); }

    public static Fn div(Fn a, Fn b) { return apply(Op.DIV, a, b); }

    public static Fn neg(Fn a) { return apply(Op.NEG, a); }

    /** The factors of a product, left to right, added to {@code into} (f itself when it is not a product). */
    public static void factors(Fn f, java.util.List<Fn> into) {
        if (f instanceof Fn.Apply a && a.op() == Op.MUL) {
            factors(a.arg(0), into);
            factors(a.arg(1), into);
        } else {
            into.add(f);
        }
    }

    /** {@code ((1 · f1) · f2) · …}, left to right (1 for none). */
    public static Fn product(java.util.List<Fn> factors) {
        Fn p = ONE;
        for (Fn f : factors) p = mul(p, f);
        return p;
    }

    /** d f / d (value {@code wrt}); scalars and the width are constants. */
    public static Fn derivative(Fn f, int wrt) {
        if (f instanceof Fn.Ref r) return r.id() == wrt ? ONE : ZERO;
        if (!(f instanceof Fn.Apply a)) return ZERO;
        Fn total = ZERO;
        for (int i = 0; i < a.arity(); i++) {
            Fn inner = derivative(a.arg(i), wrt);
            if (isConst(inner, 0)) continue;
            total = add(total, mul(partial(a.op(), a.args(), i), inner));
        }
        return total;
    }

    /** ∂ op(args) / ∂ args[i], as a function of the args: the function table's derivative. */
    public static Fn partial(Op op, List<Fn> args, int i) {
        return op.partial(args, i);
    }

    /** Evaluates a scalar function; {@code lookup} gives the value of a scalar id. */
    public static double eval(Fn f, IntToDoubleFunction lookup, double width) {
        EvalBudget.tick();
        if (f instanceof Fn.Apply a && (a.depth() > SMALL_DEPTH || a.treeSize() > SMALL_TREE)) return evalShared(a, lookup, width);
        return evalTree(f, lookup, width);
    }

    /** Trees up to this depth and size are evaluated by plain recursion; beyond, each shared node once. */
    private static final int SMALL_DEPTH = 200;
    private static final long SMALL_TREE = 4096;

    private static double evalTree(Fn f, IntToDoubleFunction lookup, double width) {
        if (f instanceof Fn.Const k) return k.value();
        if (f instanceof Fn.Width) return width;
        if (f instanceof Fn.Ref r) return lookup.applyAsDouble(r.id());
        Fn.Apply a = (Fn.Apply) f;
        Op op = a.op();
        // the fixed arities without an array (what apply(double[]) does with them)
        if (op.arity() == 1) return op.apply(evalTree(a.arg(0), lookup, width));
        if (op.arity() == 2) {
            double x = evalTree(a.arg(0), lookup, width);
            return op.apply(x, evalTree(a.arg(1), lookup, width));
        }
        double[] v = new double[a.arity()];
        for (int i = 0; i < v.length; i++) v[i] = evalTree(a.arg(i), lookup, width);
        return op.apply(v);
    }

    /** The same values as {@link #evalTree}, without recursion, each shared node evaluated once. */
    private static double evalShared(Fn.Apply root, IntToDoubleFunction lookup, double width) {
        Flat flat = LAST.get();
        if (flat == null || flat.root != root) {
            flat = new Flat(root);
            LAST.set(flat);
        }
        return flat.eval(lookup, width);
    }

    /** Per thread, the last DAG evaluated, flattened: quadrature evaluates one integrand at many points. */
    private static final ThreadLocal<Flat> LAST = new ThreadLocal<>();

    /** A DAG as a list of operations in evaluation order; an argument is a node's index, or ~(a leaf's index). */
    private static final class Flat {
        final Fn.Apply root;
        final Op[] ops;
        final int[][] args;
        final Fn[] leaves;

        Flat(Fn.Apply root) {
            this.root = root;
            List<Fn.Apply> order = Fn.postorder(root);
            java.util.IdentityHashMap<Fn, Integer> index = new java.util.IdentityHashMap<>();
            List<Fn> leafList = new ArrayList<>();
            ops = new Op[order.size()];
            args = new int[order.size()][];
            for (int i = 0; i < order.size(); i++) {
                Fn.Apply a = order.get(i);
                ops[i] = a.op();
                int[] in = new int[a.arity()];
                for (int j = 0; j < in.length; j++) {
                    Fn x = a.arg(j);
                    if (x instanceof Fn.Apply) {
                        in[j] = index.get(x);
                    } else {
                        in[j] = ~leafList.size();
                        leafList.add(x);
                    }
                }
                args[i] = in;
                index.put(a, i);
            }
            leaves = leafList.toArray(new Fn[0]);
        }

        double eval(IntToDoubleFunction lookup, double width) {
            double[] leaf = new double[leaves.length];
            for (int i = 0; i < leaf.length; i++) leaf[i] = evalTree(leaves[i], lookup, width);
            double[] node = new double[ops.length];
            for (int i = 0; i < ops.length; i++) {
                int[] in = args[i];
                double[] v = new double[in.length];
                for (int j = 0; j < in.length; j++) v[j] = in[j] >= 0 ? node[in[j]] : leaf[~in[j]];
                node[i] = ops[i].apply(v);
            }
            return node[ops.length - 1];
        }
    }

    /** Readable text of a function; {@code name} names a referenced value. Very long texts end in " …". */
    public static String show(Fn f, java.util.function.IntFunction<String> name) {
        return show(f, name, MAX_SHOWN);
    }

    /** As {@link #show(Fn, java.util.function.IntFunction)}, cut after about {@code max} characters. */
    public static String show(Fn f, java.util.function.IntFunction<String> name, int max) {
        StringBuilder sb = new StringBuilder();
        // pieces still to write, last first: a String as it is, an Object[] {Fn, outer precedence} to expand
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {f, 0});
        while (!todo.isEmpty()) {
            if (sb.length() > max) return sb.append(" …").toString();
            Object item = todo.pop();
            if (item instanceof String s) {
                sb.append(s);
                continue;
            }
            Fn g = (Fn) ((Object[]) item)[0];
            int outer = (Integer) ((Object[]) item)[1];
            if (g instanceof Fn.Const k) {
                sb.append(formatConst(k.value()));
                continue;
            }
            if (g instanceof Fn.Width) {
                sb.append('n');
                continue;
            }
            if (g instanceof Fn.Ref r) {
                sb.append(name.apply(r.id()));
                continue;
            }
            Fn.Apply a = (Fn.Apply) g;
            Op op = a.op();
            int p = precedence(op);
            List<Object> parts = new ArrayList<>();
            switch (op) {
                case ADD: case SUB: case MUL: case DIV:
                    parts.add(new Object[] {a.arg(0), p});
                    parts.add(" " + op.symbol() + " ");
                    parts.add(new Object[] {a.arg(1), p + 1});
                    break;
                case NEG:
                    parts.add("-");
                    parts.add(new Object[] {a.arg(0), p});
                    break;
                default:
                    parts.add(op.symbol() + "(");
                    for (int i = 0; i < a.arity(); i++) {
                        if (i > 0) parts.add(", ");
                        parts.add(new Object[] {a.arg(i), 0});
                    }
                    parts.add(")");
            }
            if (p < outer) {
                parts.add(0, "(");
                parts.add(")");
            }
            for (int i = parts.size() - 1; i >= 0; i--) todo.push(parts.get(i));
        }
        return sb.toString();
    }

    /** Longer texts are cut (a DAG's text can be exponentially long). */
    private static final int MAX_SHOWN = 20_000;

    private static int precedence(Op op) {
        switch (op) {
            case ADD: case SUB: return 1;
            case MUL: case DIV: return 2;
            case NEG: return 3;
            default: return 5;
        }
    }

    public static String formatConst(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
