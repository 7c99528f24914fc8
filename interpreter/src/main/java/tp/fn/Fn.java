package tp.fn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An elementwise function of the program's vectors and scalars: the body of a Nonlin, a Moment
 * or a scalar step. Immutable, with structural equality, which simplification uses.
 *
 * <p>Functions are DAGs: a subtree is shared wherever a value is used twice ({@code h + h}, or
 * every Z of the limit, which reads the Z of earlier values), so a tree walk can take time
 * exponential in the depth, and recursion as deep as the program. An {@link Apply} therefore
 * knows its hash, kind, depth, size as a tree and the operations below it when it is built (from
 * its arguments', in constant time), and every walk here visits each shared node once, without
 * recursion.
 */
public sealed interface Fn {

    /** Whether a value is one number (scalar) or n coordinates (vector). */
    enum Kind { SCALAR, VECTOR }

    record Const(double value) implements Fn {
        /** Mixed: the plain hash of a small integer-valued double has its low bits all zero. */
        @Override
        public int hashCode() {
            long z = Double.doubleToLongBits(value);
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return (int) (z ^ (z >>> 33));
        }
    }

    /**
     * A value of the core program, by id. Its hash is mixed: an {@link Apply} combines its
     * arguments' hashes as {@code 31 h + h'}, and with plain ids {@code a·b} and {@code (a+1)·(b−31)}
     * would collide — a kernel program's hundreds of thousands of moments of pairs would share
     * hashes by the thousand.
     */
    final class Ref implements Fn {
        /** 2·id + 1 for a vector (2·id for a scalar): one int, so a reference takes 16 bytes (a kernel program holds a million). */
        private final int code;

        public Ref(int id, Kind kind) {
            if (id < Integer.MIN_VALUE / 2 || id > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("value id " + id);
            this.code = 2 * id + (kind == Kind.VECTOR ? 1 : 0);
        }

        public int id() {
            return code >> 1;
        }

        @Override
        public Kind kind() {
            return (code & 1) != 0 ? Kind.VECTOR : Kind.SCALAR;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ref r && r.code == code;
        }

        @Override
        public int hashCode() {
            int h = (code + 1) * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        @Override
        public String toString() {
            return "Ref[id=" + id() + ", kind=" + kind() + "]";
        }
    }

    /** The width {@code n}. */
    record Width() implements Fn {}

    /** {@code op(args)}. */
    final class Apply implements Fn {
        /** Tree sizes saturate here. */
        private static final long HUGE = 1L << 60;

        private final Op op;
        /**
         * The arguments: one or two in fields (most applications; no list object to reach them
         * through), more in a list ({@code many}, null otherwise).
         */
        private final Fn a0;
        private final Fn a1;
        private final List<Fn> many;
        private final int hash;
        /**
         * The depth, shifted by 2, with bit 1 for {@link #usesWidth} and bit 0 for a vector: one
         * field for three (a kernel program holds hundreds of thousands of applications).
         */
        private final int flags;
        /**
         * The ops in this tree, one bit per ordinal (ordinals from 31 on set bit 31: then walk); an
         * int, which keeps an application at 48 bytes (a kernel program holds millions).
         */
        private final int ops;
        /** {@link #treeSize}, saturating at {@link Integer#MAX_VALUE} (every use compares it with far less). */
        private final int treeSize;
        /**
         * {@link #refIds}, made on first use (a step's function is asked for it several times) and
         * published through a final field, so a thread that sees the holder sees the ids.
         */
        private RefIds refIds;

        private record RefIds(int[] ids) {}

        public Apply(Op op, List<Fn> args) {
            this(op, args.size(), args.size() == 1 || args.size() == 2 ? args.get(0) : null, args.size() == 2 ? args.get(1) : null,
                    args.size() > 2 || args.isEmpty() ? List.copyOf(args) : null);
        }

        /** {@code op(x)}, without a list. */
        public Apply(Op op, Fn x) {
            this(op, 1, x, null, null);
        }

        /** {@code op(x, y)}, without a list. */
        public Apply(Op op, Fn x, Fn y) {
            this(op, 2, x, y, null);
        }

        private Apply(Op op, int n, Fn first, Fn second, List<Fn> many) {
            this.op = op;
            if (op.arity() >= 0 && n != op.arity()) {
                throw new IllegalArgumentException(op + " takes " + op.arity() + " arguments, got " + n);
            }
            this.many = many;
            this.a0 = n == 1 || n == 2 ? java.util.Objects.requireNonNull(first) : null;
            this.a1 = n == 2 ? java.util.Objects.requireNonNull(second) : null;
            int h = 0x2545F491 * (op.ordinal() + 1);
            Kind k = Kind.SCALAR;
            boolean w = false;
            int o = bit(op);
            int d = 0;
            long size = 1;
            for (int i = 0; i < n; i++) {
                Fn x = arg(i);
                h = h * 31 + x.hashCode();
                if (x.kind() == Kind.VECTOR) k = Kind.VECTOR;
                if (x instanceof Apply a) {
                    w |= a.usesWidth();
                    o |= a.ops;
                    d = Math.max(d, a.depth());
                    size = Math.min(HUGE, size + a.treeSize);
                } else {
                    w |= x instanceof Width;
                    size++;
                }
            }
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            h *= 0xC2B2AE35;
            this.hash = h ^ (h >>> 16);
            this.flags = ((d + 1) << 2) | (w ? 2 : 0) | (k == Kind.VECTOR ? 1 : 0);
            this.ops = o;
            this.treeSize = (int) Math.min(size, Integer.MAX_VALUE);
        }

        private static int bit(Op op) {
            return 1 << Math.min(op.ordinal(), 31);
        }

        public Op op() { return op; }

        /** The arguments (a new list for one or two: {@link #arity} and {@link #arg} read them without one). */
        public List<Fn> args() {
            return many != null ? many : a1 != null ? List.of(a0, a1) : List.of(a0);
        }

        /** How many arguments. */
        public int arity() {
            return many != null ? many.size() : a1 != null ? 2 : 1;
        }

        /** Argument i. */
        public Fn arg(int i) {
            if (many != null) return many.get(i);
            if (i == 0) return a0;
            if (i == 1 && a1 != null) return a1;
            throw new IndexOutOfBoundsException(i);
        }

        @Override
        public Kind kind() { return (flags & 1) != 0 ? Kind.VECTOR : Kind.SCALAR; }

        @Override
        public boolean usesWidth() { return (flags & 2) != 0; }

        /** Nodes on the longest path to a leaf, this one included (leaves not counted). */
        public int depth() { return flags >>> 2; }

        /** Nodes and leaves of the tree this DAG unfolds to (saturating at 2^31 − 1). */
        public long treeSize() { return treeSize; }

        @Override
        public int[] refIds() {
            RefIds r = refIds;
            if (r == null) refIds = r = new RefIds(Fn.super.refIds());
            return r.ids();
        }

        @Override
        public boolean uses(Op x) {
            if (x.ordinal() < 31) return (ops & bit(x)) != 0;
            if ((ops & (1 << 31)) == 0) return false;
            for (Apply a : postorder(this)) if (a.op == x) return true;
            return false;
        }

        @Override
        public int hashCode() { return hash; }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Apply b)) return false;
            if (!sameShape(this, b)) return false;
            return equalArgs(this, b);
        }

        private static boolean sameShape(Apply a, Apply b) {
            return a.hash == b.hash && a.op == b.op && a.flags == b.flags && a.treeSize == b.treeSize
                    && a.arity() == b.arity();
        }

        /** Compares the argument lists; shared structure is compared once, without recursion. */
        private static boolean equalArgs(Apply a, Apply b) {
            boolean deep = false;
            for (int i = 0; i < a.arity(); i++) {
                Fn x = a.arg(i);
                Fn y = b.arg(i);
                if (x == y) continue;
                if (x instanceof Apply ax && y instanceof Apply ay) {
                    if (!sameShape(ax, ay)) return false;
                    deep = true;
                } else if (!x.equals(y)) {
                    return false;
                }
            }
            if (!deep) return true;
            // pairs already known equal (or being compared: the walk finds any difference anyway)
            IdentityHashMap<Apply, Object> seen = new IdentityHashMap<>();
            ArrayDeque<Apply> todo = new ArrayDeque<>();
            todo.push(a);
            todo.push(b);
            while (!todo.isEmpty()) {
                Apply y = todo.pop();
                Apply x = todo.pop();
                for (int i = 0; i < x.arity(); i++) {
                    Fn p = x.arg(i);
                    Fn q = y.arg(i);
                    if (p == q) continue;
                    if (p instanceof Apply px && q instanceof Apply qx) {
                        if (!sameShape(px, qx)) return false;
                        Object known = seen.get(px);
                        if (known == qx || (known instanceof Set<?> s && s.contains(qx))) continue;
                        remember(seen, px, qx);
                        todo.push(px);
                        todo.push(qx);
                    } else if (!p.equals(q)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        private static void remember(IdentityHashMap<Apply, Object> seen, Apply x, Apply y) {
            Object known = seen.get(x);
            if (known == null) {
                seen.put(x, y);
            } else if (known instanceof Set<?> s) {
                ((Set<Apply>) s).add(y);
            } else {
                Set<Apply> s = Collections.newSetFromMap(new IdentityHashMap<>());
                s.add((Apply) known);
                s.add(y);
                seen.put(x, s);
            }
        }

        @Override
        public String toString() {
            return Fns.show(this, id -> "%" + id);
        }
    }

    /** VECTOR when any leaf is a vector. */
    default Kind kind() {
        return Kind.SCALAR;
    }

    default boolean usesWidth() {
        return this instanceof Width;
    }

    /** Ids of the values this function reads, added to {@code into}. */
    default void refs(Set<Integer> into) {
        if (this instanceof Ref r) {
            into.add(r.id());
        } else if (this instanceof Apply a) {
            if (a.treeSize() <= SMALL_TREE) {
                for (int i = 0; i < a.arity(); i++) a.arg(i).refs(into);
            } else {
                for (Apply b : postorder(a)) {
                    for (int i = 0; i < b.arity(); i++) if (b.arg(i) instanceof Ref r) into.add(r.id());
                }
            }
        }
    }

    /**
     * Ids of the values this function reads, distinct and increasing (as {@link #refs} into a sorted
     * set gives them). An application keeps the array it returns: read it, never change it.
     */
    default int[] refIds() {
        if (this instanceof Ref r) return new int[] {r.id()};
        if (!(this instanceof Apply a)) return new int[0];
        if (a.treeSize() > WALKED_TREE) {
            java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
            refs(set);
            int[] out = new int[set.size()];
            int i = 0;
            for (int id : set) out[i++] = id;
            return out;
        }
        int[] buf = new int[(int) a.treeSize()];
        int n = collectRefs(a, buf, 0);
        // at most SMALL_TREE ids: sorted by insertion
        for (int i = 1; i < n; i++) {
            int v = buf[i];
            int j = i - 1;
            for (; j >= 0 && buf[j] > v; j--) buf[j + 1] = buf[j];
            buf[j + 1] = v;
        }
        int m = 0;
        for (int i = 0; i < n; i++) if (m == 0 || buf[m - 1] != buf[i]) buf[m++] = buf[i];
        return java.util.Arrays.copyOf(buf, m);
    }

    private static int collectRefs(Fn f, int[] buf, int n) {
        if (f instanceof Ref r) {
            buf[n++] = r.id();
        } else if (f instanceof Apply a) {
            for (int i = 0; i < a.arity(); i++) n = collectRefs(a.arg(i), buf, n);
        }
        return n;
    }

    /**
     * A DAG that unfolds to a tree of at most this many nodes is walked as the tree, by recursion:
     * cheaper than remembering the nodes seen for the small bodies most steps have.
     */
    int SMALL_TREE = 32;

    /**
     * {@link #refIds} walks a DAG that unfolds to at most this many nodes as the tree (leaves into
     * an array, sorted once): cheaper than remembering every node seen up to this size.
     */
    int WALKED_TREE = 1 << 14;

    default boolean uses(Op op) {
        return false;
    }

    /** The distinct applications in f (each shared node once), every node after its arguments. */
    static List<Apply> postorder(Fn f) {
        List<Apply> out = new ArrayList<>();
        if (!(f instanceof Apply root)) return out;
        // sized for the tree (at most 4096 to start): growing an identity map is what a walk of a large body costs
        Set<Apply> seen = Collections.newSetFromMap(new IdentityHashMap<>((int) Math.min(root.treeSize(), 1 << 12)));
        ArrayDeque<Apply> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        seen.add(root);
        nodes.push(root);
        next.push(0);
        while (!nodes.isEmpty()) {
            Apply a = nodes.peek();
            int i = next.pop();
            if (i == a.arity()) {
                nodes.pop();
                out.add(a);
                continue;
            }
            next.push(i + 1);
            if (a.arg(i) instanceof Apply child && seen.add(child)) {
                nodes.push(child);
                next.push(0);
            }
        }
        return out;
    }

    /**
     * Each value id replaced by its function in {@code values}; shared subtrees of a large function
     * stay shared in the result (a small one's are built again, equal).
     */
    default Fn substitute(Map<Integer, Fn> values) {
        if (this instanceof Ref r) return values.getOrDefault(r.id(), r);
        if (!(this instanceof Apply root)) return this;
        if (root.treeSize() <= SMALL_TREE) {
            Fn[] args = new Fn[root.arity()];
            for (int i = 0; i < args.length; i++) args[i] = root.arg(i).substitute(values);
            return Fns.apply(root.op(), args);
        }
        IdentityHashMap<Fn, Fn> memo = new IdentityHashMap<>();
        for (Apply a : postorder(this)) {
            Fn[] args = new Fn[a.arity()];
            for (int i = 0; i < args.length; i++) {
                Fn x = a.arg(i);
                if (x instanceof Apply) args[i] = memo.get(x);
                else if (x instanceof Ref r) args[i] = values.getOrDefault(r.id(), r);
                else args[i] = x;
            }
            memo.put(a, Fns.apply(a.op(), args));
        }
        return memo.get(this);
    }
}
