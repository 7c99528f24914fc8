package tp.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.ir.Step;
import tp.syntax.Diagnostic;
import tp.syntax.Span;

/**
 * {@code grad(s, p)}: reverse-mode differentiation of the core program built so far, in the
 * normalised coordinates of tensor programs.
 *
 * <p>The adjoint of a vector x is {@code n ∂s/∂x} (a vector with Θ(1) coordinates), of a scalar
 * {@code ∂s/∂c}. Going back from s, each step the target reaches passes its adjoint to its inputs:
 * <ul>
 *   <li>a Moment {@code m = mean(φ(x; c))} gives x {@code adj(m) ∂φ/∂x} and c {@code adj(m) mean(∂φ/∂c)};</li>
 *   <li>a Nonlin {@code y = φ(x; c)} gives x {@code adj(y) ⊙ ∂φ/∂x} and c {@code mean(adj(y) ⊙ ∂φ/∂c)};</li>
 *   <li>a MatMul {@code y = A x} gives x {@code Aᵀ adj(y)}, a transposed MatMul (so the limit's Ż is the one
 *       a hand-written backward pass gets);</li>
 *   <li>a scalar step passes on its partial derivatives.</li>
 * </ul>
 * Low-rank matrices need no rule of their own: {@code (A + Σ c a bᵀ/n) x} was lowered to a MatMul and
 * Moments. Only values that depend on the target are visited. The gradient with respect to a vector
 * or scalar value is its adjoint; with respect to a named matrix M it is
 * {@code Σ coef · outer(adj(y), x)} over the products {@code y = … + coef · M x} recorded by
 * {@link Grads} ({@code outer(x, adj(y))} for a product with Mᵀ): ∂s/∂M as a low-rank matrix.
 */
final class Gradient {
    private final ProgramBuilder out;
    private final Grads grads;
    private final Span span;
    private final String sName;
    private final String pName;

    private Gradient(ProgramBuilder out, Grads grads, Span span, String sName, String pName) {
        this.out = out;
        this.grads = grads;
        this.span = span;
        this.sName = sName;
        this.pName = pName;
    }

    /** What to differentiate with respect to: the ids it enters through, and what kind of gradient it has. */
    private record Target(BitSet seeds, int tag) {}

    /**
     * {@code grad(s, p)} for the values of its two arguments ({@code sText} and {@code pText} as
     * written, for messages and names).
     */
    static Value of(Value s, String sText, Value p, String pText, Span span, ProgramBuilder out, Grads grads) {
        Expressions.poisonCheck(s);
        Expressions.poisonCheck(p);
        Target target = target(p, pText, span, grads, out);
        Fn sFn;
        if (s instanceof Value.Sca x) sFn = x.fn();
        else if (s instanceof Value.Num) sFn = Fns.ZERO;
        else throw new CheckError(span, "`grad` differentiates a scalar; `" + sText + "` is " + Value.kindName(s)
                + (s instanceof Value.Vec ? " (a loss is a scalar, such as `mean(v * x)` or `0.5 * (f - y)^2`)" : ""));
        String sName = displayName(sFn, sText, out);
        return new Gradient(out, grads, span, sName, pText).run(sFn, target, p);
    }

    private static String displayName(Fn f, String text, ProgramBuilder out) {
        if (f instanceof Fn.Ref r && !out.values.get(r.id()).temporary()) return out.values.get(r.id()).name();
        return text;
    }

    private static Target target(Value p, String pText, Span span, Grads grads, ProgramBuilder out) {
        BitSet seeds = new BitSet();
        if (p instanceof Value.Vec v || p instanceof Value.Sca) {
            Fn f = p instanceof Value.Vec v ? v.fn() : ((Value.Sca) p).fn();
            if (!(f instanceof Fn.Ref r)) {
                throw new CheckError(span, "`grad` differentiates with respect to a named vector, scalar or matrix; `" + pText
                        + "` is an expression: give it a name first (`h = " + pText + "`), then differentiate with respect to `h`");
            }
            if (out.seenThrough(r.id())) {
                throw new CheckError(span, "`grad` cannot differentiate with respect to `" + pText + "`: it is a multiple of another "
                        + "vector, and what reads it was computed from that vector, shared with its other multiples, before this grad "
                        + "was seen; differentiate with respect to the vector it multiplies, or call grad in the file that makes `"
                        + pText + "`");
            }
            seeds.set(r.id());
            return new Target(seeds, -1);
        }
        if (p instanceof Value.Mat m) {
            if (m.self() < 0) {
                throw new CheckError(span, "`grad` differentiates with respect to a named matrix; `" + pText
                        + "` is a matrix expression: give it a name first (`M = " + pText + "`)");
            }
            if (!grads.complete(m.self())) {
                throw new CheckError(span, "`grad` cannot see every product with `" + pText + "`: it was used before the module "
                        + "that calls `grad` was imported; put the `import` first");
            }
            for (Grads.Use u : grads.uses(m.self())) seeds.set(u.output());
            return new Target(seeds, m.self());
        }
        String hint = p instanceof Value.Num ? " (a param or a number is fixed: it has no gradient in the program)" : "";
        throw new CheckError(span, "`grad` differentiates with respect to a vector, scalar or matrix of the program; `" + pText
                + "` is " + Value.kindName(p) + hint);
    }

    /**
     * The adjoint of a vector as terms {@code Σ c_j · g_j}: each scalar coefficient c_j kept apart
     * from its vector g_j, so a transposed MatMul multiplies only the vector part, with the scalars
     * that all terms share (the loss's derivative, χ = f − y) outside it, as a careful person writes
     * {@code W.T @ dh} and multiplies by χ afterwards. Terms with the same vector are merged.
     */
    private static final class Terms {
        final java.util.LinkedHashMap<Fn, Fn> terms = new java.util.LinkedHashMap<>();
    }

    /**
     * What the backward passes from one scalar s have found, kept across its {@code grad} calls:
     * the adjoint of a value is the same whatever the target (it sums every path from the value to
     * s), so {@code grad(loss, v)}, {@code grad(loss, W[2])}, {@code grad(loss, U)} share one pass
     * instead of each walking the layers above it again. {@code done} holds the values whose
     * adjoint is complete.
     */
    static final class State {
        final Map<Integer, Terms> vec = new HashMap<>();
        final Map<Integer, Fn> sca = new HashMap<>();
        final BitSet done = new BitSet();
        /** Vectors made values by {@link #vectorValue}, by identity: one sum is read by many Moments. */
        final Map<Fn, Fn> values = new IdentityHashMap<>();
        /** For an unnamed value (a MatMul inside {@code h = W @ x + …}): the name of the value it was read by. */
        final Map<Integer, String> readBy = new HashMap<>();
    }

    private State st;

    private Value run(Fn s, Target target, Value p) {
        st = grads.state(s, State::new);
        BitSet relevant = relevant(target.seeds(), s);
        boolean matrix = target.tag() >= 0;
        // values whose adjoint is complete already pass theirs on only to values not reached before
        BitSet into = (BitSet) relevant.clone();
        into.andNot(st.done);
        // every relevant value's adjoint is complete (an earlier grad of s reached them all): nothing to pass on
        if (into.isEmpty()) return resultOrZero(target, p);
        for (var e : partials(s, into).entrySet()) add(e.getKey(), Fns.ONE, e.getValue());
        // the values whose adjoint reaches s, and how many of them read each value
        BitSet live = new BitSet();
        for (int r : refs(s)) if (relevant.get(r)) live.set(r);
        int lo = Math.max(0, target.seeds().nextSetBit(0));
        // pending[id − lo]: how many live values read value id (every relevant value is at least lo)
        int[] pending = new int[Math.max(0, live.length() - lo)];
        for (int id = live.length() - 1; id >= lo; id--) {
            if (!live.get(id) || (!matrix && target.seeds().get(id))) continue;
            for (int r : out.inputs(id)) {
                if (!relevant.get(r)) continue;
                live.set(r);
                pending[r - lo]++;
            }
        }
        // every value after all its readers; of those ready, the earliest first, so the backward
        // MatMuls of data point 1 come before those of data point 2, as they would by hand
        IntHeap ready = new IntHeap();
        for (int id = live.nextSetBit(0); id >= 0; id = live.nextSetBit(id + 1)) if (id < lo || pending[id - lo] == 0) ready.add(id);
        while (!ready.isEmpty()) {
            int id = ready.poll();
            if (matrix || !target.seeds().get(id)) {
                backward(id, into);
                for (int r : out.inputs(id)) {
                    if (relevant.get(r) && --pending[r - lo] == 0) ready.add(r);
                }
            }
        }
        st.done.or(live);
        return resultOrZero(target, p);
    }

    /** The gradient from the adjoints found, or 0 with a warning when s does not depend on p. */
    private Value resultOrZero(Target target, Value p) {
        Value result = result(target, p);
        if (result == null) {
            out.warnings.add(Diagnostic.warning(span, "`" + sName + "` does not depend on `" + pName + "`: grad(" + sName + ", "
                    + pName + ") is 0"));
            return zero(p);
        }
        return result;
    }


    /** A min-heap of ints (value ids): the order a {@code PriorityQueue<Integer>} gives, without boxing. */
    private static final class IntHeap {
        private int[] a = new int[64];
        private int n;

        boolean isEmpty() {
            return n == 0;
        }

        void add(int x) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            int i = n++;
            while (i > 0 && a[(i - 1) / 2] > x) {
                a[i] = a[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            a[i] = x;
        }

        int poll() {
            int top = a[0];
            int x = a[--n];
            int i = 0;
            while (2 * i + 1 < n) {
                int c = 2 * i + 1;
                if (c + 1 < n && a[c + 1] < a[c]) c++;
                if (a[c] >= x) break;
                a[i] = a[c];
                i = c;
            }
            a[i] = x;
            return top;
        }
    }

    private Value result(Target target, Value p) {
        Map<Integer, Terms> vec = st.vec;
        Map<Integer, Fn> sca = st.sca;
        if (target.tag() < 0) {
            int id = target.seeds().nextSetBit(0);
            if (p instanceof Value.Sca) {
                Fn a = sca.get(id);
                return a == null ? null : new Value.Sca(a);
            }
            Terms t = vec.get(id);
            if (t == null) return null;
            Fn sum = Fns.ZERO;
            for (var e : t.terms.entrySet()) sum = Fns.add(sum, Fns.mul(e.getValue(), e.getKey()));
            return new Value.Vec(sum);
        }
        List<Value.Outer> outers = new ArrayList<>();
        for (Grads.Use u : grads.uses(target.tag())) {
            Terms t = vec.get(u.output());
            if (t == null) continue;
            Fn x = new Fn.Ref(u.input(), Fn.Kind.VECTOR);
            for (var e : t.terms.entrySet()) {
                Fn coef = Fns.mul(u.coef(), e.getValue());
                if (Fns.isConst(coef, 0)) continue;
                // the vector is a value, as a hand-written g[l] is: later products read it by reference
                Fn g = vectorValue(e.getKey(), u.output());
                outers.add(u.transposed() ? new Value.Outer(coef, x, g) : new Value.Outer(coef, g, x));
            }
        }
        if (outers.isEmpty()) return null;
        return new Value.Mat(List.of(), outers);
    }

    private static Value zero(Value p) {
        if (p instanceof Value.Mat) return new Value.Mat(List.of(), List.of());
        if (p instanceof Value.Vec) return new Value.Vec(Fns.ZERO);
        return new Value.Sca(Fns.ZERO);
    }

    /**
     * The values that depend on the target and that s depends on (the only ones whose adjoints
     * matter), with the seeds: s's ancestors made no earlier than the first seed, found from s
     * down, then in the order they were made each one that reads a seed or such a value. Not every
     * value made after the seed: those include the backward passes of earlier grad calls.
     */
    private BitSet relevant(BitSet seeds, Fn s) {
        BitSet relevant = (BitSet) seeds.clone();
        int lo = seeds.nextSetBit(0);
        if (lo < 0) return relevant;
        BitSet ancestors = new BitSet();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        for (int r : s.refIds()) {
            if (r >= lo && !ancestors.get(r)) {
                ancestors.set(r);
                todo.push(r);
            }
        }
        while (!todo.isEmpty()) {
            for (int r : out.inputs(todo.pop())) {
                if (r >= lo && !ancestors.get(r)) {
                    ancestors.set(r);
                    todo.push(r);
                }
            }
        }
        for (int id = ancestors.nextSetBit(lo + 1); id >= 0; id = ancestors.nextSetBit(id + 1)) {
            if (relevant.get(id)) continue;
            for (int r : out.inputs(id)) {
                if (relevant.get(r)) {
                    relevant.set(id);
                    break;
                }
            }
        }
        return relevant;
    }

    /** Adds {@code coef · d} to the adjoint of value {@code id} (d: its derivative, a vector or a scalar function). */
    private void add(int id, Fn coef, Fn d) {
        Map<Integer, Terms> vec = st.vec;
        Map<Integer, Fn> sca = st.sca;
        if (vector(id)) {
            List<Fn> scalars = new ArrayList<>();
            List<Fn> vectors = new ArrayList<>();
            factors(d, scalars, vectors);
            Fn c = coef;
            for (Fn k : scalars) c = Fns.mul(c, k);
            if (Fns.isConst(c, 0)) return;
            Fn g = Fns.product(vectors);
            vec.computeIfAbsent(id, k -> new Terms()).terms.merge(g, c, Fns::add);
        } else {
            Fn a = Fns.mul(coef, d);
            if (!Fns.isConst(a, 0)) sca.merge(id, a, Fns::add);
        }
    }

    /** The factors of a product ({@code -x} counts as −1 · x), scalars and vectors apart, in order. */
    private static void factors(Fn f, List<Fn> scalars, List<Fn> vectors) {
        if (f instanceof Fn.Apply a && a.op() == Op.MUL) {
            factors(a.arg(0), scalars, vectors);
            factors(a.arg(1), scalars, vectors);
        } else if (f instanceof Fn.Apply a && a.op() == Op.NEG) {
            scalars.add(Fns.c(-1));
            factors(a.arg(0), scalars, vectors);
        } else if (f.kind() == Fn.Kind.VECTOR) {
            vectors.add(f);
        } else {
            scalars.add(f);
        }
    }

    /** The terms as {C, Σ r_j g_j}: C the scalar factors every coefficient shares, r_j the rest of c_j. */
    private static Fn[] collapse(Terms t) {
        if (t.terms.size() == 1) {
            var e = t.terms.entrySet().iterator().next();
            return new Fn[] {e.getValue(), e.getKey()};
        }
        List<List<Fn>> coefs = new ArrayList<>();
        for (Fn c : t.terms.values()) {
            List<Fn> fs = new ArrayList<>();
            factors(c, fs, new ArrayList<>());
            coefs.add(fs);
        }
        List<Fn> common = new ArrayList<>(coefs.get(0));
        for (List<Fn> fs : coefs.subList(1, coefs.size())) {
            List<Fn> left = new ArrayList<>(fs);
            common.removeIf(f -> !left.remove(f));
        }
        Fn sum = Fns.ZERO;
        int j = 0;
        for (Fn g : t.terms.keySet()) {
            List<Fn> rest = new ArrayList<>(coefs.get(j++));
            for (Fn f : common) rest.remove(f);
            sum = Fns.add(sum, Fns.mul(Fns.product(rest), g));
        }
        return new Fn[] {Fns.product(common), sum};
    }

    /** Passes the adjoint of value {@code id} on to the relevant values its step reads. */
    private void backward(int id, BitSet relevant) {
        Map<Integer, Terms> vec = st.vec;
        Map<Integer, Fn> sca = st.sca;
        if (!readsAny(id, relevant)) return;
        Step step = out.step(id);
        if (step instanceof Step.MatMul m) {
            Terms t = vec.get(id);
            if (t == null || !relevant.get(m.input())) return;
            // Aᵀ (C Σ r_j g_j) = C · Aᵀ (Σ r_j g_j), C the scalars every term shares
            Fn[] one = collapse(t);
            Fn input = one[1];
            int g = out.nonlin(input, span);
            nameAdjoint(g, id);
            int back = out.matmul(m.matrix(), !m.transposed(), g, span);
            add(m.input(), one[0], new Fn.Ref(back, Fn.Kind.VECTOR));
        } else if (step instanceof Step.Nonlin x) {
            Terms all = vec.get(id);
            if (all == null) return;
            // one term C · Σ r_j g_j, so the vector is multiplied by φ' once, as (Wᵀ g + …) * tanh'(h) is by hand
            Fn[] one = collapse(all);
            Terms t = new Terms();
            t.terms.put(one[1], one[0]);
            for (var pr : partials(x.fn(), relevant).entrySet()) {
                int r = pr.getKey();
                String name = displayName(id);
                if (name != null && displayName(r) == null) st.readBy.putIfAbsent(r, name);
                Fn d = pr.getValue();
                for (var e : t.terms.entrySet()) {
                    Fn gd = Fns.mul(e.getKey(), d);
                    if (vector(r)) add(r, e.getValue(), gd);
                    else add(r, e.getValue(), mean(gd));
                }
            }
        } else if (step instanceof Step.Moment x) {
            Fn a = sca.get(id);
            if (a == null) return;
            for (var pr : partials(x.fn(), relevant).entrySet()) {
                int r = pr.getKey();
                Fn d = pr.getValue();
                add(r, a, vector(r) ? d : mean(d));
            }
        } else if (step instanceof Step.Scalar x) {
            Fn a = sca.get(id);
            if (a == null) return;
            for (var pr : partials(x.fn(), relevant).entrySet()) add(pr.getKey(), a, pr.getValue());
        }
    }

    /** Whether the step defining {@code id} reads a value in {@code values} (else it has nothing to pass on to them). */
    private boolean readsAny(int id, BitSet values) {
        for (int r : out.inputs(id)) if (values.get(r)) return true;
        return false;
    }

    /**
     * {@code mean(f)}: the scalar factors of f times a Moment of its vector factors (f itself when it
     * is a scalar). A factor that is a sum becomes a value first, so the Moment is a product of
     * values, as a hand-written {@code mean(g1 * g2)} is (the exact tier reads those directly).
     */
    private Fn mean(Fn f) {
        if (f.kind() == Fn.Kind.SCALAR) return f;
        List<Fn> scalars = new ArrayList<>();
        List<Fn> vectors = new ArrayList<>();
        factors(f, scalars, vectors);
        for (int i = 0; i < vectors.size(); i++) {
            Fn v = vectors.get(i);
            if (v instanceof Fn.Apply a && (a.op() == Op.ADD || a.op() == Op.SUB)) vectors.set(i, vectorValue(v, -1));
        }
        return Fns.mul(Fns.product(scalars), new Fn.Ref(out.moment(Fns.product(vectors), span), Fn.Kind.SCALAR));
    }

    /** A vector as a value of the core program (itself when it is one), named ∇y after the value y it belongs to (if any). */
    private Fn vectorValue(Fn v, int of) {
        if (v instanceof Fn.Ref) return v;
        Fn known = st.values.get(v);
        if (known != null) return known;
        int id = out.nonlin(v, span);
        st.values.put(v, new Fn.Ref(id, Fn.Kind.VECTOR));
        if (of >= 0) nameAdjoint(id, of);
        return new Fn.Ref(id, Fn.Kind.VECTOR);
    }

    private boolean vector(int id) {
        return out.values.get(id).kind() == Fn.Kind.VECTOR;
    }

    /**
     * Names the vector a transposed MatMul takes, {@code ∇y}: n ∂s/∂y up to the scalars kept outside
     * (the loss's derivative), after y's name (or the name of the value that read y, or y's
     * expression), so {@code tp explain} shows the backward pass in the user's terms.
     */
    private void nameAdjoint(int adjoint, int of) {
        String name = displayName(of);
        if (name == null) name = st.readBy.get(of);
        if (name == null) name = "(" + describe(of, 2) + ")";
        if (out.values.get(adjoint).temporary()) out.name(adjoint, "∇" + name);
    }

    /** An unnamed value as the expression that made it, a few levels deep. */
    private String describe(int id, int depth) {
        String name = displayName(id);
        if (name != null) return name;
        if (depth == 0) return "…";
        Step st = out.step(id);
        String text;
        if (st instanceof Step.MatMul m) {
            text = out.matrices.get(m.matrix()).name() + (m.transposed() ? ".T" : "") + " @ " + describe(m.input(), depth - 1);
        } else if (st instanceof Step.Nonlin x) {
            text = Fns.show(x.fn(), r -> describe(r, depth - 1));
        } else {
            return "…";
        }
        return text.length() > 60 ? text.substring(0, 59) + "…" : text;
    }

    private String displayName(int id) {
        var v = out.values.get(id);
        return v.temporary() ? null : v.name();
    }

    private static TreeSet<Integer> refs(Fn f) {
        TreeSet<Integer> refs = new TreeSet<>();
        f.refs(refs);
        return refs;
    }

    /**
     * ∂f/∂r for every relevant value r that f reads, by one backward pass over f's nodes (each
     * shared node once, only the nodes above a relevant value): a node's adjoint times its partial
     * derivative (from the function table) goes to each argument. A function that jumps (step,
     * sign) on the way has a Dirac delta for a derivative: refused.
     */
    private Map<Integer, Fn> partials(Fn f, BitSet relevant) {
        Map<Integer, Fn> result = new java.util.TreeMap<>();
        if (f instanceof Fn.Ref r) {
            if (relevant.get(r.id())) result.put(r.id(), Fns.ONE);
            return result;
        }
        if (!(f instanceof Fn.Apply root)) return result;
        List<Fn.Apply> order = Fn.postorder(root);
        java.util.Set<Fn> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Fn.Apply node : order) {
            for (Fn x : node.args()) {
                if (isLive(x, live, relevant)) {
                    live.add(node);
                    break;
                }
            }
        }
        if (!live.contains(root)) return result;
        Map<Fn, Fn> adj = new IdentityHashMap<>();
        adj.put(root, Fns.ONE);
        for (int k = order.size() - 1; k >= 0; k--) {
            Fn.Apply node = order.get(k);
            Fn a = adj.get(node);
            if (a == null || !live.contains(node) || Fns.isConst(a, 0)) continue;
            for (int i = 0; i < node.arity(); i++) {
                Fn x = node.arg(i);
                if (!isLive(x, live, relevant)) continue;
                Fn d = Fns.mul(a, partialOf(node, i));
                if (Fns.isConst(d, 0)) continue;
                if (x instanceof Fn.Ref r) result.merge(r.id(), d, Fns::add);
                else adj.merge(x, d, Fns::add);
            }
        }
        return result;
    }

    private static boolean isLive(Fn x, java.util.Set<Fn> live, BitSet relevant) {
        return x instanceof Fn.Ref r ? relevant.get(r.id()) : live.contains(x);
    }

    private Fn partialOf(Fn.Apply node, int i) {
        Op op = node.op();
        if (op.jumps()) {
            throw new CheckError(span, "grad(" + sName + ", " + pName + "): `" + sName + "` depends on `" + pName + "` through `"
                    + Fns.show(node, id -> out.values.get(id).name()) + "`, and `" + op.symbol()
                    + "` jumps: its derivative is a Dirac delta, which no tensor program can carry (a smooth stand-in, such as "
                    + "`sigmoid(k * x)` for `step(x)`, has a derivative)");
        }
        try {
            return Fns.partial(op, node.args(), i);
        } catch (IllegalArgumentException e) {
            throw new CheckError(span, "grad(" + sName + ", " + pName + "): `" + sName + "` depends on `" + pName + "` through `"
                    + op.symbol() + "`, which has no derivative in tp");
        }
    }
}
