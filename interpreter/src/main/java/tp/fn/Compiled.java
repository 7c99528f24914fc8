package tp.fn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function compiled to a flat list of instructions in dependency order, for evaluating it at
 * many points (quadrature nodes): no recursion, each shared subtree computed once per point.
 * Leaves are {@link Fn.Ref}s, read from an array indexed by their id.
 */
public final class Compiled {
    private final Op[] ops;
    private final int[][] args;
    /** For a leaf instruction: the ref id to read; for a constant: -1. */
    private final int[] leaf;
    private final double[] constants;
    private final int size;

    private Compiled(List<Op> ops, List<int[]> args, List<Integer> leaf, List<Double> constants) {
        this.size = ops.size();
        this.ops = ops.toArray(new Op[0]);
        this.args = args.toArray(new int[0][]);
        this.leaf = leaf.stream().mapToInt(Integer::intValue).toArray();
        this.constants = constants.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Compiles f; {@link Fn.Width} is not allowed (a limit integrand has no n). */
    public static Compiled of(Fn f) {
        List<Op> ops = new ArrayList<>();
        List<int[]> args = new ArrayList<>();
        List<Integer> leaf = new ArrayList<>();
        List<Double> consts = new ArrayList<>();
        Map<Fn, Integer> index = new IdentityHashMap<>();
        Deque<Fn> stack = new ArrayDeque<>();
        stack.push(f);
        while (!stack.isEmpty()) {
            Fn top = stack.peek();
            if (index.containsKey(top)) {
                stack.pop();
                continue;
            }
            if (top instanceof Fn.Apply a) {
                boolean ready = true;
                for (Fn x : a.args()) {
                    if (!index.containsKey(x)) {
                        stack.push(x);
                        ready = false;
                    }
                }
                if (!ready) continue;
                int[] in = new int[a.arity()];
                for (int i = 0; i < in.length; i++) in[i] = index.get(a.arg(i));
                ops.add(a.op());
                args.add(in);
                leaf.add(-1);
                consts.add(0.0);
            } else if (top instanceof Fn.Ref r) {
                ops.add(null);
                args.add(null);
                leaf.add(r.id());
                consts.add(0.0);
            } else if (top instanceof Fn.Const c) {
                ops.add(null);
                args.add(null);
                leaf.add(-1);
                consts.add(c.value());
            } else {
                throw new IllegalArgumentException("a limit integrand cannot contain n");
            }
            index.put(top, ops.size() - 1);
            stack.pop();
        }
        return new Compiled(ops, args, leaf, consts);
    }

    /** A scratch buffer for {@link #eval}: one per thread. */
    public double[] scratch() {
        return new double[size];
    }

    /** f at the point whose leaf values are {@code refs[id]}. */
    public double eval(double[] refs, double[] scratch) {
        for (int i = 0; i < size; i++) {
            Op op = ops[i];
            if (op == null) {
                scratch[i] = leaf[i] >= 0 ? refs[leaf[i]] : constants[i];
                continue;
            }
            int[] in = args[i];
            if (in.length == 1) scratch[i] = op.apply(scratch[in[0]]);
            else if (in.length == 2) scratch[i] = op.apply(scratch[in[0]], scratch[in[1]]);
            else {
                double[] v = new double[in.length];
                for (int k = 0; k < v.length; k++) v[k] = scratch[in[k]];
                scratch[i] = op.apply(v);
            }
        }
        return scratch[size - 1];
    }
}
