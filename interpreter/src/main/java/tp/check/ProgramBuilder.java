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
        if (!(fn instanceof Fn.Apply a) || a.arity() != 1 || !(a.arg(0) instanceof Fn.Ref)) return fn;
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
    void name(int id, CharSequence name) {
        Program.Value v = values.get(id);
        boolean element = name instanceof Program.ElementName;
        // (an element's name has a dot where its array's has one)
        boolean dotted = element ? ((Program.ElementName) name).array().indexOf('.') >= 0 : name.toString().contains(".");
        // a temporary takes the first name bound to it; a function's local gives way to its caller's name
        boolean local = !v.temporary() && v.name().contains(".") && !dotted;
        if (!v.temporary() && !local) return;
        // an element of an array of the program's (not of a function's: those are called `f.a[1]`) is
        // defined once, so its name is unique as it is: a kernel program has hundreds of thousands
        if ((element || name.toString().indexOf('[') >= 0) && !dotted) {
            values.set(id, v.named(name));
            return;
        }
        String unique = name.toString();
        for (int k = 2; names.containsKey(unique); k++) unique = name + "#" + k;
        names.put(unique, id);
        values.set(id, v.named(unique));
    }

    /**
     * Each value's defining step, and the values it reads, indexed lazily and apart: the steps for
     * {@link #scaled} (every MatMul and mean asks), the inputs for {@code grad} alone.
     */
    private final List<Step> byId = new ArrayList<>();
    private final List<int[]> inputsById = new ArrayList<>();
    private int indexed;
    private int inputsIndexed;

    private void index() {
        for (; indexed < steps.size(); indexed++) {
            Step s = steps.get(indexed);
            if (s instanceof Step.InitVectors v) {
                for (int id : v.ids()) define(id, s);
            } else if (s.id() >= 0) {
                define(s.id(), s);
            }
        }
    }

    private void define(int id, Step s) {
        while (byId.size() <= id) byId.add(null);
        byId.set(id, s);
    }

    private void indexInputs() {
        index();
        for (; inputsIndexed < byId.size(); inputsIndexed++) {
            Step s = byId.get(inputsIndexed);
            inputsById.add(s == null ? new int[0] : s.inputs());
        }
    }

    /** The step that defines value {@code id}. */
    Step step(int id) {
        index();
        return id < byId.size() ? byId.get(id) : null;
    }

    /** The values the step defining {@code id} reads, sorted and each once. */
    int[] inputs(int id) {
        indexInputs();
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

    /** The MatMuls emitted per matrix and direction (see {@link Program#matmulCounts}), grown as they come. */
    private int[] matmulCounts = new int[0];

    /** {@link Program#matmulCounts}: one count per matrix and direction. */
    int[] matmulCounts() {
        return java.util.Arrays.copyOf(matmulCounts, 2 * matrices.size());
    }

    int matmul(int matrix, boolean transposed, int input, Span span) {
        MatMulKey key = new MatMulKey(matrix, transposed, input);
        int id = matmuls.get(key);
        if (id >= 0) return id;
        id = newValue(Fn.Kind.VECTOR, null, span);
        steps.add(new Step.MatMul(id, matrix, transposed, input, span));
        int k = 2 * matrix + (transposed ? 1 : 0);
        if (k >= matmulCounts.length) matmulCounts = java.util.Arrays.copyOf(matmulCounts, Math.max(k + 1, 2 * matmulCounts.length));
        matmulCounts[k]++;
        matmuls.put(key, id);
        return id;
    }

    /** The id of a vector: itself when it is one already, else a new Nonlin. */
    int nonlin(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        Fn body = hoist(fn, span);
        return emit(NONLIN, body, span);
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
        return emit(MOMENT, body, span);
    }

    /** Every scalar that involves n inside a vector expression becomes a scalar step, so the limit in n sees it. */
    private Fn hoist(Fn fn, Span span) {
        if (!fn.usesWidth()) return fn;
        return Widths.hoist(fn, scalar -> new Fn.Ref(scalar(scalar, span), Fn.Kind.SCALAR));
    }

    /** The id of a scalar: itself when it is one already, else a new scalar step. */
    int scalar(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        return emit(SCALAR, fn, span);
    }

    /**
     * A vector value {@code v} written as a multiple {@code s·u} of another vector u: its scalar
     * factors (numbers and scalars of the program, as written) and u's id. A MatMul of v is s times
     * the MatMul of u, and a Moment of v's products is s times a Moment of u's, so values that differ
     * only by a factor share their MatMuls and Moments: the data points of a linear network on scalar
     * inputs (h = U·ξ_a, then W h, …) share one forward pass, and {@code grad} one backward pass.
     */
    record Scaled(List<Fn> factors, int inner) {
        Fn scale() {
            return Fns.product(factors);
        }
    }

    /** A term {@code (Π factors)·u} of a linear combination of vectors. */
    private record Term(List<Fn> factors, int vector) {}

    /** A sum longer than this is not searched for a common factor (an SGD sum over every past step). */
    private static final int MAX_TERMS = 64;
    private static final Fn MINUS_ONE = Fns.c(-1);
    /** {@link #scaled} of each value asked about (null: none), by id; {@code known} says which were asked. */
    private final List<Scaled> scaled = new ArrayList<>();
    private final java.util.BitSet known = new java.util.BitSet();

    /**
     * Value {@code id} as {@code s·u} when it is a Nonlin that is a linear combination of vectors
     * (each seen through its own multiple, if it is one) whose coefficients share a factor s, as
     * written: u is the combination without s (a new Nonlin, or an existing value). Null otherwise.
     * Exact at every width up to rounding: M (s·u) = s·(M u) and mean(s·u·w) = s·mean(u·w).
     */
    Scaled scaled(int id) {
        if (known.get(id)) return scaled.get(id);
        Scaled s = null;
        Program.Value v = values.get(id);
        if (step(id) instanceof Step.Nonlin n && linear(n.fn()) && (v.temporary() || !kept.test(v.name()))) {
            List<Term> terms = new ArrayList<>();
            if (terms(n.fn(), List.of(), terms) && terms.size() <= MAX_TERMS) s = factorOut(terms, n.span());
        }
        while (scaled.size() <= id) scaled.add(null);
        scaled.set(id, s);
        known.set(id);
        return s;
    }

    /** Whether f's outermost operation can make a linear combination (a relu(h) cannot). */
    private static boolean linear(Fn f) {
        return f instanceof Fn.Apply a && (a.op() == Op.ADD || a.op() == Op.SUB || a.op() == Op.NEG || a.op() == Op.MUL);
    }

    /** Named values never seen through as multiples: those grad may differentiate with respect to. */
    private java.util.function.Predicate<String> kept = name -> false;
    /** Values read through as multiples of others (their own reads are gone). */
    private final java.util.BitSet seenThrough = new java.util.BitSet();

    void keep(java.util.function.Predicate<String> names) {
        kept = names;
    }

    /** Marks value {@code id} read as the multiple {@link #scaled} gives. */
    void readThrough(int id) {
        seenThrough.set(id);
    }

    /** Whether some MatMul or Moment read value {@code id} as a multiple of another (so nothing reads it). */
    boolean seenThrough(int id) {
        return seenThrough.get(id);
    }

    /** The factors every term shares, taken out of their sum; null when they share none. */
    private Scaled factorOut(List<Term> terms, Span span) {
        List<Fn> common = new ArrayList<>(terms.get(0).factors());
        for (Term t : terms.subList(1, terms.size())) {
            List<Fn> pool = new ArrayList<>(t.factors());
            List<Fn> kept = new ArrayList<>();
            for (Fn c : common) if (pool.remove(c)) kept.add(c);
            common = kept;
        }
        if (common.isEmpty()) return null;
        if (terms.size() == 1) return new Scaled(common, terms.get(0).vector());
        Fn rest = Fns.ZERO;
        for (Term t : terms) {
            List<Fn> own = new ArrayList<>(t.factors());
            for (Fn c : common) own.remove(c);
            Fn u = new Fn.Ref(t.vector(), Fn.Kind.VECTOR);
            rest = Fns.add(rest, own.isEmpty() ? u : Fns.mul(Fns.product(own), u));
        }
        return new Scaled(common, nonlin(rest, span));
    }

    /**
     * f as a sum of terms {@code (Π factors)·u} (u a vector, seen through its own multiple), the
     * given factors multiplying every term; false when f is not a linear combination of vectors.
     */
    private boolean terms(Fn f, List<Fn> factors, List<Term> into) {
        if (f instanceof Fn.Ref r && r.kind() == Fn.Kind.VECTOR) {
            Scaled s = scaled(r.id());
            if (s == null) {
                into.add(new Term(factors, r.id()));
            } else {
                readThrough(r.id());
                List<Fn> all = new ArrayList<>(factors);
                all.addAll(s.factors());
                into.add(new Term(all, s.inner()));
            }
            return true;
        }
        if (!(f instanceof Fn.Apply a) || a.kind() != Fn.Kind.VECTOR || into.size() > MAX_TERMS) return false;
        List<Fn> args = a.args();
        switch (a.op()) {
            case ADD:
                return terms(args.get(0), factors, into) && terms(args.get(1), factors, into);
            case SUB:
                return terms(args.get(0), factors, into) && terms(args.get(1), with(factors, MINUS_ONE), into);
            case NEG:
                return terms(args.get(0), with(factors, MINUS_ONE), into);
            case MUL: {
                boolean left = args.get(0).kind() == Fn.Kind.VECTOR;
                if (left == (args.get(1).kind() == Fn.Kind.VECTOR)) return false;
                List<Fn> more = new ArrayList<>(factors);
                Fns.factors(args.get(left ? 1 : 0), more);
                return terms(args.get(left ? 0 : 1), more, into);
            }
            default:
                return false;
        }
    }

    private static List<Fn> with(List<Fn> factors, Fn k) {
        List<Fn> more = new ArrayList<>(factors);
        more.add(k);
        return more;
    }

    /** Whether a vector factor of the product f is a multiple of another ({@link #scaled}). */
    private boolean anyScaled(Fn f) {
        if (f instanceof Fn.Apply a && a.op() == Op.MUL) return anyScaled(a.arg(0)) || anyScaled(a.arg(1));
        return f instanceof Fn.Ref r && r.kind() == Fn.Kind.VECTOR && scaled(r.id()) != null;
    }

    /**
     * {@code mean(f)} as a scalar: when a vector factor of the product f is a multiple s·u of
     * another ({@link #scaled}), s and f's scalar factors are taken out, {@code s·mean(u·…)}, so
     * multiples share one Moment; else the Moment of f itself.
     */
    Fn mean(Fn fn, Span span) {
        if (!fn.usesWidth() && anyScaled(fn)) {
            List<Fn> parts = new ArrayList<>();
            Fns.factors(fn, parts);
            List<Fn> scale = new ArrayList<>();
            List<Fn> rest = new ArrayList<>();
            boolean any = false;
            for (Fn f : parts) {
                Scaled s = f instanceof Fn.Ref r && r.kind() == Fn.Kind.VECTOR ? scaled(r.id()) : null;
                if (f.kind() != Fn.Kind.VECTOR) {
                    scale.add(f);
                } else if (s != null) {
                    any = true;
                    readThrough(((Fn.Ref) f).id());
                    scale.addAll(s.factors());
                    rest.add(new Fn.Ref(s.inner(), Fn.Kind.VECTOR));
                } else {
                    rest.add(f);
                }
            }
            if (any) {
                Fn body = rest.get(0);
                for (Fn f : rest.subList(1, rest.size())) body = Fns.mul(body, f);
                return Fns.mul(Fns.product(scale), new Fn.Ref(moment(body, span), Fn.Kind.SCALAR));
            }
        }
        return new Fn.Ref(moment(fn, span), Fn.Kind.SCALAR);
    }

    private static final int NONLIN = 0;
    private static final int MOMENT = 1;
    private static final int SCALAR = 2;

    /** A step defining one new value (a Nonlin, Moment or scalar step), or the value of an identical step emitted before. */
    private int emit(int what, Fn fn, Span span) {
        KeyTable emitted = what == NONLIN ? nonlins : what == MOMENT ? moments : scalars;
        int id = emitted.get(fn);
        if (id >= 0) return id;
        if (what != SCALAR) warnUncovered(fn, span);
        id = newValue(what == NONLIN ? Fn.Kind.VECTOR : Fn.Kind.SCALAR, null, span);
        steps.add(what == NONLIN ? new Step.Nonlin(id, fn, span) : what == MOMENT ? new Step.Moment(id, fn, span)
                : new Step.Scalar(id, fn, span));
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
        if (!(fn instanceof Fn.Apply top) || !(top.uses(Op.DIV) || top.uses(Op.POW) || top.uses(Op.EXP) || top.uses(Op.LOG))) {
            return null; // only these operations can leave the Master Theorem's cover (see Op#uncovered)
        }
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
        for (int i = a.arity() - 1; i >= 0 && why == null; i--) {
            if (a.arg(i) instanceof Fn.Apply b) why = uncoveredTree(b);
        }
        return why;
    }
}
