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
        if (this instanceof Apply a) for (Fn x : a.args()) if (x.usesWidth()) return true;
        return false;
    }

    /** Ids of the values this function reads, added to {@code into}. */
    default void refs(Set<Integer> into) {
        if (this instanceof Ref r) into.add(r.id());
        else if (this instanceof Apply a) for (Fn x : a.args()) x.refs(into);
    }

    default boolean uses(Op op) {
        if (this instanceof Apply a) {
            if (a.op() == op) return true;
            for (Fn x : a.args()) if (x.uses(op)) return true;
        }
        return false;
    }

    default Fn substitute(Map<Integer, Fn> values) {
        if (this instanceof Ref r) return values.getOrDefault(r.id(), r);
        if (this instanceof Apply a) {
            Fn[] args = new Fn[a.args().size()];
            for (int i = 0; i < args.length; i++) args[i] = a.args().get(i).substitute(values);
            return Fns.apply(a.op(), args);
        }
        return this;
    }
}
