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
        return new Fn.Const(v);
    }

    static boolean isConst(Fn f, double v) {
        return f instanceof Fn.Const k && k.value() == v;
    }

    public static Fn apply(Op op, Fn... args) {
        boolean allConst = op != Op.MINEIG && op != Op.MAXEIG;
        for (Fn a : args) allConst &= a instanceof Fn.Const;
        if (allConst && args.length > 0) {
            double[] v = new double[args.length];
            for (int i = 0; i < v.length; i++) v[i] = ((Fn.Const) args[i]).value();
            return c(op.apply(v));
        }
        switch (op) {
            case ADD:
                if (isConst(args[0], 0)) return args[1];
                if (isConst(args[1], 0)) return args[0];
                break;
            case SUB:
                if (isConst(args[1], 0)) return args[0];
                if (isConst(args[0], 0)) return apply(Op.NEG, args[1]);
                break;
            case MUL:
                if (isConst(args[0], 0) || isConst(args[1], 0)) return ZERO;
                if (isConst(args[0], 1)) return args[1];
                if (isConst(args[1], 1)) return args[0];
                if (isConst(args[0], -1)) return apply(Op.NEG, args[1]);
                if (isConst(args[1], -1)) return apply(Op.NEG, args[0]);
                break;
            case DIV:
                if (isConst(args[0], 0)) return ZERO;
                if (isConst(args[1], 1)) return args[0];
                break;
            case NEG:
                if (args[0] instanceof Fn.Apply a && a.op() == Op.NEG) return a.args().get(0);
                break;
            case POW:
                if (isConst(args[1], 1)) return args[0];
                if (isConst(args[1], 0)) return ONE;
                break;
            case ID:
                return args[0];
            default:
                break;
        }
        return new Fn.Apply(op, List.of(args));
    }

    public static Fn add(Fn a, Fn b) { return apply(Op.ADD, a, b); }

    public static Fn sub(Fn a, Fn b) { return apply(Op.SUB, a, b); }

    public static Fn mul(Fn a, Fn b) { return apply(Op.MUL, a, b); }

    public static Fn div(Fn a, Fn b) { return apply(Op.DIV, a, b); }

    public static Fn neg(Fn a) { return apply(Op.NEG, a); }

    /** d f / d (value {@code wrt}); scalars and the width are constants. */
    public static Fn derivative(Fn f, int wrt) {
        if (f instanceof Fn.Ref r) return r.id() == wrt ? ONE : ZERO;
        if (!(f instanceof Fn.Apply a)) return ZERO;
        Fn total = ZERO;
        for (int i = 0; i < a.args().size(); i++) {
            Fn inner = derivative(a.args().get(i), wrt);
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
        if (f instanceof Fn.Const k) return k.value();
        if (f instanceof Fn.Width) return width;
        if (f instanceof Fn.Ref r) return lookup.applyAsDouble(r.id());
        Fn.Apply a = (Fn.Apply) f;
        double[] v = new double[a.args().size()];
        for (int i = 0; i < v.length; i++) v[i] = eval(a.args().get(i), lookup, width);
        return a.op().apply(v);
    }

    /** Readable text of a function; {@code name} names a referenced value. */
    public static String show(Fn f, java.util.function.IntFunction<String> name) {
        return show(f, name, 0);
    }

    private static int precedence(Op op) {
        switch (op) {
            case ADD: case SUB: return 1;
            case MUL: case DIV: return 2;
            case NEG: return 3;
            default: return 5;
        }
    }

    private static String show(Fn f, java.util.function.IntFunction<String> name, int outer) {
        if (f instanceof Fn.Const k) return formatConst(k.value());
        if (f instanceof Fn.Width) return "n";
        if (f instanceof Fn.Ref r) return name.apply(r.id());
        Fn.Apply a = (Fn.Apply) f;
        Op op = a.op();
        int p = precedence(op);
        String s;
        switch (op) {
            case ADD: case SUB: case MUL: case DIV:
                s = show(a.args().get(0), name, p) + " " + op.symbol() + " " + show(a.args().get(1), name, p + 1);
                break;
            case NEG:
                s = "-" + show(a.args().get(0), name, p);
                break;
            default: {
                List<String> parts = new ArrayList<>();
                for (Fn x : a.args()) parts.add(show(x, name, 0));
                s = op.symbol() + "(" + String.join(", ", parts) + ")";
            }
        }
        return p < outer ? "(" + s + ")" : s;
    }

    public static String formatConst(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
