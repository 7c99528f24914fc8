package tp.check;

import java.util.List;
import tp.fn.Fn;

/** What a name or expression denotes while the checker expands a program. */
sealed interface Value {

    /** A compile-time number: params, loop indices, literals and arithmetic of them. */
    record Num(double value) implements Value {}

    /** A scalar computed by the program (a function of Moments and the width). */
    record Sca(Fn fn) implements Value {}

    /** A vector: an elementwise function of the program's vectors and scalars. */
    record Vec(Fn fn) implements Value {}

    /** {@code coef · W} or {@code coef · Wᵀ} for an initial matrix W. */
    record Term(Fn coef, int matrix, boolean transposed) {}

    /** {@code coef · a bᵀ / n}. */
    record Outer(Fn coef, Fn a, Fn b) {}

    /** A matrix: initial matrices and low-rank updates, combined linearly. */
    record Mat(List<Term> terms, List<Outer> outers) implements Value {
        public Mat {
            terms = List.copyOf(terms);
            outers = List.copyOf(outers);
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
        if (v instanceof Sca) return "a scalar";
        if (v instanceof Vec) return "a vector";
        if (v instanceof Mat) return "a matrix";
        if (v instanceof Arr) return "an array";
        if (v instanceof Gram) return "a Gram matrix";
        if (v instanceof Func) return "a function";
        return "undefined";
    }
}
