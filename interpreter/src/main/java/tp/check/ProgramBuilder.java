package tp.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.ir.Program;
import tp.ir.Step;
import tp.syntax.Diagnostic;
import tp.syntax.Span;

/**
 * Emits the core program. Identical MatMuls, Nonlins and Moments are emitted once: they denote
 * the same value at every width.
 */
final class ProgramBuilder {
    final List<Step> steps = new ArrayList<>();
    final List<Program.Value> values = new ArrayList<>();
    final List<Program.Matrix> matrices = new ArrayList<>();
    final List<Program.Output> outputs = new ArrayList<>();
    final List<Program.Expect> expects = new ArrayList<>();
    final List<Diagnostic> warnings = new ArrayList<>();
    /**
     * Each step emitted, by what it computes: its id. A table per kind of step, keyed by the
     * function itself (no key to build per lookup): Nonlins, Moments, scalar steps, MatMuls.
     */
    private final KeyTable nonlins = new KeyTable();
    private final KeyTable moments = new KeyTable();
    private final KeyTable scalars = new KeyTable();
    private final KeyTable matmuls = new KeyTable();

    /** A MatMul, by what it computes. */
    private record MatMulKey(int matrix, boolean transposed, int input) {}
    private final Map<String, Span> warned = new HashMap<>();

    private int newValue(Fn.Kind kind, String name, Span span) {
        int id = values.size();
        values.add(Program.Value.temporary(id, kind, span));
        if (name != null) name(id, name);
        return id;
    }

    /**
     * One object for each function of one value ({@code relu(h)}, {@code step(h)}): a kernel
     * program applies the same few to its inputs in every one of its P² pairs, and each pair's
     * moment keeps what it was given. Shared, they take no memory per pair, and the limit reads
     * them from the cache.
     */
    private final KeyTable sharedIds = new KeyTable();
    private final List<Fn> shared = new ArrayList<>();

    /** {@code fn}, or the equal function of one value given before. */
    Fn shared(Fn fn) {
        if (!(fn instanceof Fn.Apply a) || a.args().size() != 1 || !(a.args().get(0) instanceof Fn.Ref)) return fn;
        int i = sharedIds.get(fn);
        if (i >= 0) return shared.get(i);
        sharedIds.put(fn, shared.size());
        shared.add(fn);
        return fn;
    }

    /** Every display name given, with its value's id. */
    private final KeyTable names = new KeyTable();

    /**
     * Gives a temporary its user's name, the first time one is bound to it. Display names are
     * unique: a second value called {@code h} (a function's local, say) is shown as {@code h#2}.
     */
    void name(int id, String name) {
        Program.Value v = values.get(id);
        // a temporary takes the first name bound to it; a function's local gives way to its caller's name
        boolean local = !v.temporary() && v.name().contains(".") && !name.contains(".");
        if (!v.temporary() && !local) return;
        String unique = name;
        for (int k = 2; names.containsKey(unique); k++) unique = name + "#" + k;
        names.put(unique, id);
        values.set(id, v.named(unique));
    }

    /** Each value's defining step and the values it reads, indexed lazily (for {@code grad}). */
    private final List<Step> byId = new ArrayList<>();
    private final List<int[]> inputsById = new ArrayList<>();
    private int indexed;

    private void index() {
        for (; indexed < steps.size(); indexed++) {
            Step s = steps.get(indexed);
            List<Integer> ids = s instanceof Step.InitVectors v ? v.ids() : s.id() >= 0 ? List.of(s.id()) : List.of();
            int[] inputs = s.inputs().stream().mapToInt(Integer::intValue).toArray();
            for (int id : ids) {
                while (byId.size() <= id) {
                    byId.add(null);
                    inputsById.add(new int[0]);
                }
                byId.set(id, s);
                inputsById.set(id, inputs);
            }
        }
    }

    /** The step that defines value {@code id}. */
    Step step(int id) {
        index();
        return id < byId.size() ? byId.get(id) : null;
    }

    /** The values the step defining {@code id} reads, sorted and each once. */
    int[] inputs(int id) {
        index();
        return id < inputsById.size() ? inputsById.get(id) : new int[0];
    }

    int matrix(String name, double variance, Span span) {
        int id = matrices.size();
        matrices.add(new Program.Matrix(id, name, variance, span));
        steps.add(new Step.InitMatrix(id, span));
        return id;
    }

    List<Integer> vectors(List<String> names, double[] mean, double[][] cov, Span span) {
        List<Integer> ids = new ArrayList<>();
        for (String n : names) ids.add(newValue(Fn.Kind.VECTOR, n, span));
        steps.add(new Step.InitVectors(ids, mean, cov, String.join(",", names), span));
        return ids;
    }

    int matmul(int matrix, boolean transposed, int input, Span span) {
        MatMulKey key = new MatMulKey(matrix, transposed, input);
        int id = matmuls.get(key);
        if (id >= 0) return id;
        id = newValue(Fn.Kind.VECTOR, null, span);
        steps.add(new Step.MatMul(id, matrix, transposed, input, span));
        matmuls.put(key, id);
        return id;
    }

    /** The id of a vector: itself when it is one already, else a new Nonlin. */
    int nonlin(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        Fn body = hoist(fn, span);
        return emit("nonlin", body, Fn.Kind.VECTOR, span, id -> new Step.Nonlin(id, body, span));
    }

    /** A Moment; a coefficient that involves n is taken out of it ({@code mean(c v) = c mean(v)}) so its limit is a scalar's. */
    int moment(Fn fn, Span span) {
        if (fn.usesWidth()) {
            Widths.Product p = Widths.product(fn);
            if (p != null && p.coefficient().usesWidth()) {
                int m = moment(p.vector(), span);
                return scalar(Fns.mul(p.coefficient(), new Fn.Ref(m, Fn.Kind.SCALAR)), span);
            }
        }
        Fn body = hoist(fn, span);
        return emit("moment", body, Fn.Kind.SCALAR, span, id -> new Step.Moment(id, body, span));
    }

    /** Every scalar that involves n inside a vector expression becomes a scalar step, so the limit in n sees it. */
    private Fn hoist(Fn fn, Span span) {
        if (!fn.usesWidth()) return fn;
        return Widths.hoist(fn, scalar -> new Fn.Ref(scalar(scalar, span), Fn.Kind.SCALAR));
    }

    /** The id of a scalar: itself when it is one already, else a new scalar step. */
    int scalar(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        return emit("scalar", fn, Fn.Kind.SCALAR, span, id -> new Step.Scalar(id, fn, span));
    }

    /** A step defining one new value, or the value of an identical step emitted before. */
    private int emit(String what, Fn fn, Fn.Kind kind, Span span, java.util.function.IntFunction<Step> make) {
        KeyTable emitted = switch (what) {
            case "nonlin" -> nonlins;
            case "moment" -> moments;
            case "scalar" -> scalars;
            default -> throw new IllegalArgumentException(what);
        };
        int id = emitted.get(fn);
        if (id >= 0) return id;
        if (emitted != scalars) warnUncovered(fn, span);
        id = newValue(kind, null, span);
        steps.add(make.apply(id));
        emitted.put(fn, id);
        return id;
    }

    /** A warning (once per place) when the function table says the Master Theorem does not cover fn. */
    private void warnUncovered(Fn fn, Span span) {
        if (fn.kind() != Fn.Kind.VECTOR) return;
        String why = uncovered(fn);
        if (why == null || warned.containsKey(span.where())) return;
        warned.put(span.where(), span);
        warnings.add(Diagnostic.warning(span, why + ": the Master Theorem does not cover it, and its limit may not exist"));
    }

    private static String uncovered(Fn fn) {
        if (fn instanceof Fn.Apply a && a.treeSize() <= Fn.SMALL_TREE) return uncoveredTree(a);
        java.util.Set<Fn> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Fn> todo = new java.util.ArrayDeque<>();
        todo.push(fn);
        while (!todo.isEmpty()) {
            if (!(todo.pop() instanceof Fn.Apply a) || !seen.add(a)) continue;
            String why = a.op().uncovered(a.args());
            if (why != null) return why;
            for (Fn x : a.args()) todo.push(x);
        }
        return null;
    }

    /** {@link #uncovered} of a small function walked as a tree, in the same order: each node, then its arguments last to first. */
    private static String uncoveredTree(Fn.Apply a) {
        String why = a.op().uncovered(a.args());
        for (int i = a.args().size() - 1; i >= 0 && why == null; i--) {
            if (a.args().get(i) instanceof Fn.Apply b) why = uncoveredTree(b);
        }
        return why;
    }
}
