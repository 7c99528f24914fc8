package tp.fn;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An elementwise function of the program's vectors and scalars: the body of a Nonlin, a Moment
 * or a scalar step. Immutable trees; records give structural equality, which simplification
 * uses.
 */
public sealed interface Fn {

    /** Whether a value is one number (scalar) or n coordinates (vector). */
    enum Kind { SCALAR, VECTOR }

    record Const(double value) implements Fn {}

    /** A value of the core program, by id. */
    record Ref(int id, Kind kind) implements Fn {}

    /** The width {@code n}. */
    record Width() implements Fn {}

    record Apply(Op op, List<Fn> args) implements Fn {
        public Apply {
            args = List.copyOf(args);
            if (op.arity() >= 0 && args.size() != op.arity()) {
                throw new IllegalArgumentException(op + " takes " + op.arity() + " arguments, got " + args.size());
            }
        }
    }

    /** VECTOR when any leaf is a vector. */
    default Kind kind() {
        if (this instanceof Ref r) return r.kind();
        if (this instanceof Apply a) {
            for (Fn x : a.args()) if (x.kind() == Kind.VECTOR) return Kind.VECTOR;
        }
        return Kind.SCALAR;
    }

    default boolean usesWidth() {
        if (this instanceof Width) return true;
        if (!(this instanceof Apply a)) return false;
        if (shallow(a)) {
            for (Fn x : a.args()) if (x instanceof Width) return true;
            return false;
        }
        return usesWidth(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private boolean usesWidth(Set<Fn> seen) {
        if (this instanceof Width) return true;
        if (this instanceof Apply a && seen.add(this)) for (Fn x : a.args()) if (x.usesWidth(seen)) return true;
        return false;
    }

    /** Ids of the values this function reads, added to {@code into}. */
    default void refs(Set<Integer> into) {
        if (this instanceof Ref r) {
            into.add(r.id());
        } else if (this instanceof Apply a) {
            if (shallow(a)) {
                for (Fn x : a.args()) if (x instanceof Ref r) into.add(r.id());
            } else {
                refs(into, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            }
        }
    }

    /** An application to leaves only: no sharing to guard against. */
    private static boolean shallow(Apply a) {
        for (Fn x : a.args()) if (x instanceof Apply) return false;
        return true;
    }

    /** Shared subtrees (Z graphs are DAGs) are visited once. */
    private void refs(Set<Integer> into, Set<Fn> seen) {
        if (this instanceof Ref r) into.add(r.id());
        else if (this instanceof Apply a && seen.add(this)) for (Fn x : a.args()) x.refs(into, seen);
    }

    default boolean uses(Op op) {
        if (!(this instanceof Apply a)) return false;
        if (shallow(a)) return a.op() == op;
        return uses(op, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private boolean uses(Op op, Set<Fn> seen) {
        if (this instanceof Apply a && seen.add(this)) {
            if (a.op() == op) return true;
            for (Fn x : a.args()) if (x.uses(op, seen)) return true;
        }
        return false;
    }

    default Fn substitute(Map<Integer, Fn> values) {
        return substitute(values, new java.util.IdentityHashMap<>());
    }

    /** Shared subtrees stay shared in the result. */
    private Fn substitute(Map<Integer, Fn> values, java.util.IdentityHashMap<Fn, Fn> memo) {
        if (this instanceof Ref r) return values.getOrDefault(r.id(), r);
        if (this instanceof Apply a) {
            Fn hit = memo.get(this);
            if (hit != null) return hit;
            Fn[] args = new Fn[a.args().size()];
            for (int i = 0; i < args.length; i++) args[i] = a.args().get(i).substitute(values, memo);
            Fn out = Fns.apply(a.op(), args);
            memo.put(this, out);
            return out;
        }
        return this;
    }
}
