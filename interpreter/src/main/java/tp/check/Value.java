package tp.check;

import java.util.List;
import tp.fn.Fn;

/** What a name or expression denotes while the checker expands a program. */
sealed interface Value {

    /** A compile-time number: params, loop indices, literals and arithmetic of them. */
    record Num(double value) implements Value {
        /** The small integers (loop indices, index arithmetic), made once. */
        private static final Num[] SMALL = new Num[1025];

        static {
            for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Num(i);
        }

        /** The number v: a shared object for 0, 1, …, 1024 (+0.0 only: −0.0 is a number of its own). */
        static Num of(double v) {
            int i = (int) v;
            return i == v && i >= 0 && i < SMALL.length && Double.doubleToRawLongBits(v) != NEG_ZERO ? SMALL[i] : new Num(v);
        }

        private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);
    }

    /** A compile-time string: a file name, or a choice such as {@code param par = "mup"}. */
    record Str(String value) implements Value {}

    /** A scalar computed by the program (a function of Moments and the width). */
    record Sca(Fn fn) implements Value {}

    /** A vector: an elementwise function of the program's vectors and scalars. */
    record Vec(Fn fn) implements Value {}

    /** {@code coef · W} or {@code coef · Wᵀ} for an initial matrix W. */
    record Term(Fn coef, int matrix, boolean transposed) {}

    /** {@code coef · a bᵀ / n}. */
    record Outer(Fn coef, Fn a, Fn b) {}

    /** {@code coef · M} or {@code coef · Mᵀ} for the named matrix whose identity is {@code tag} (see {@link Grads}). */
    record Tag(Fn coef, int tag, boolean transposed) {}

    /**
     * A matrix: initial matrices and low-rank updates, combined linearly. {@code tags} say which
     * named matrices it is made of, so that {@code grad} can find every use of one; {@code self}
     * is the tag of the named matrix this value is (-1 for an expression not bound to a name).
     */
    record Mat(List<Term> terms, List<Outer> outers, List<Tag> tags, int self) implements Value {
        public Mat {
            terms = List.copyOf(terms);
            outers = List.copyOf(outers);
            tags = List.copyOf(tags);
        }

        Mat(List<Term> terms, List<Outer> outers) {
            this(terms, outers, List.of(), -1);
        }
    }

    /** An array indexed by integers (elements may be arrays). */
    record Arr(String name, Elements elements) implements Value {
        Arr(String name) {
            this(name, new Elements());
        }
    }

    /** {@code gram(v1..vk)}: the k×k matrix of {@code mean(vi*vj)}. */
    record Gram(List<Fn> vectors) implements Value {
        public Gram { vectors = List.copyOf(vectors); }
    }

    /** A user function. */
    record Func(tp.syntax.Stmt.Def def) implements Value {}

    /** Stands for a value whose definition failed: uses are silent, so one mistake gives one message. */
    record Poison() implements Value {}

    static String kindName(Value v) {
        if (v instanceof Num) return "a number";
        if (v instanceof Str) return "a string";
        if (v instanceof Sca) return "a scalar";
        if (v instanceof Vec) return "a vector";
        if (v instanceof Mat) return "a matrix";
        if (v instanceof Arr) return "an array";
        if (v instanceof Gram) return "a Gram matrix";
        if (v instanceof Func) return "a function";
        return "undefined";
    }
}
