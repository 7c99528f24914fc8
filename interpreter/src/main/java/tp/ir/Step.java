package tp.ir;

import java.util.List;
import tp.fn.Fn;
import tp.syntax.Span;

/**
 * One line of the core program (docs/architecture.md). Each step defines values by id; ids index
 * {@link Program#values()}. Matrices have their own ids, indexing {@link Program#matrices()}.
 */
public sealed interface Step {
    Span span();

    /** The value this step defines; -1 for the declarations (which define matrices, or several vectors). */
    default int id() {
        return -1;
    }

    /** The values this step reads, distinct and increasing. */
    default int[] inputs() {
        if (this instanceof MatMul m) return new int[] {m.input()};
        if (this instanceof Nonlin x) return x.fn().refIds();
        if (this instanceof Moment x) return x.fn().refIds();
        if (this instanceof Scalar x) return x.fn().refIds();
        return new int[0];
    }

    /** An n×n matrix with iid N(0, variance/n) entries. */
    record InitMatrix(int matrix, Span span) implements Step {}

    /**
     * Vectors whose coordinates are iid across i, jointly N(mean, cov) across the listed vectors.
     * {@code key} names the random stream: the group's names, so other declarations never shift it.
     */
    record InitVectors(List<Integer> ids, double[] mean, double[][] cov, String key, Span span) implements Step {
        public InitVectors {
            ids = List.copyOf(ids);
            mean = mean.clone();
            double[][] c = new double[cov.length][];
            for (int i = 0; i < c.length; i++) c[i] = cov[i].clone();
            cov = c;
        }
    }

    /** {@code id = W x} or, transposed, {@code id = Wᵀ x}. */
    record MatMul(int id, int matrix, boolean transposed, int input, Span span) implements Step {}

    /** {@code id = φ(vectors; scalars)}, coordinatewise. */
    record Nonlin(int id, Fn fn, Span span) implements Step {}

    /** {@code id = (1/n) Σ_i φ(vectors; scalars)_i}. */
    record Moment(int id, Fn fn, Span span) implements Step {}

    /** {@code id = f(scalars, n)}. */
    record Scalar(int id, Fn fn, Span span) implements Step {}
}
