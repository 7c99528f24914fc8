package tp.ir;

import java.util.List;
import java.util.Map;
import tp.fn.Fn;
import tp.syntax.Diagnostic;
import tp.syntax.Span;

/**
 * The core program: what every backend sees. Loops, functions, imports, arrays and low-rank
 * matrices are gone; what is left is a straight line of steps over values.
 */
public record Program(
        String name,
        List<Step> steps,
        List<Value> values,
        List<Matrix> matrices,
        List<Output> outputs,
        List<Expect> expects,
        Map<String, Double> params,
        List<String> functions,
        List<Diagnostic> warnings,
        int[] matmulCounts) {

    /**
     * {@code matmulCounts}: the MatMul steps of each matrix and direction, at {@code 2·matrix} (W)
     * and {@code 2·matrix + 1} (Wᵀ), counted as they are emitted: what a backend sizes itself by,
     * read without walking a million steps.
     */
    public Program {
        steps = List.copyOf(steps);
        values = List.copyOf(values);
        matrices = List.copyOf(matrices);
        outputs = List.copyOf(outputs);
        expects = List.copyOf(expects);
        params = Map.copyOf(params);
        functions = List.copyOf(functions);
        warnings = List.copyOf(warnings);
        matmulCounts = matmulCounts.clone();
        if (matmulCounts.length != 2 * matrices.size()) throw new IllegalArgumentException("a count per matrix and direction");
    }

    /** The counts per matrix and direction (a copy). */
    @Override
    public int[] matmulCounts() {
        return matmulCounts.clone();
    }

    /** The MatMul steps of matrix {@code m} in one direction. */
    public int matmulCount(int m, boolean transposed) {
        return matmulCounts[2 * m + (transposed ? 1 : 0)];
    }

    /**
     * A value: its kind and a readable name. A temporary (a value the user did not name) is
     * shown as {@code %id} where a name is printed, but is told apart by its flag: a user's name
     * may be anything the language allows, so no spelling marks a temporary. A temporary's name
     * is spelled only when asked for: a kernel program has a million of them.
     */
    public record Value(int id, Fn.Kind kind, CharSequence label, boolean temporary, Span span) {
        public static Value temporary(int id, Fn.Kind kind, Span span) {
            return new Value(id, kind, null, true, span);
        }

        /** The name: its label spelled out (an {@link ElementName} is, when asked), or {@code %id} for a temporary. */
        public String name() {
            return label != null ? label.toString() : "%" + id;
        }

        public Value named(CharSequence name) {
            return new Value(id, kind, name, false, span);
        }
    }

    /**
     * The name {@code array[index]} of an element, spelled when asked: a kernel program names
     * hundreds of thousands of elements and prints few of them. {@code array} is the name of the
     * array the element is in, indices before this one included ({@code theta[3][5]}).
     */
    public record ElementName(String array, int index) implements CharSequence {
        @Override
        public String toString() {
            return array + "[" + index + "]";
        }

        @Override
        public int length() {
            return toString().length();
        }

        @Override
        public char charAt(int i) {
            return toString().charAt(i);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }
    }

    /** An initial matrix: entries N(0, variance/n). Its name keys its random stream. */
    public record Matrix(int id, String name, double variance, Span span) {}

    public enum OutputKind { SCALAR, VECTOR, GRAM }

    /**
     * An output: one scalar or vector value, or a k×k Gram matrix of scalar values (row-major
     * ids).
     */
    public record Output(String name, OutputKind kind, List<Integer> ids, Span span) {
        public Output { ids = List.copyOf(ids); }

        public int size() {
            return kind == OutputKind.GRAM ? (int) Math.round(Math.sqrt(ids.size())) : 1;
        }
    }

    /** A claim {@code left comparison right [within tolerance]}; tolerance is NaN when not given. */
    public record Expect(String text, int left, Comparison comparison, int right, double tolerance, Span span) {}

    public Value value(int id) {
        return values.get(id);
    }

    /**
     * A value in the user's terms: its name, or for a temporary the expression that defines it
     * (temporaries inside it spelled out the same way, up to a few levels).
     */
    public String describe(int id) {
        return describer().apply(id);
    }

    /** {@link #describe} for many values: the steps are indexed once. */
    public java.util.function.IntFunction<String> describer() {
        Map<Integer, Step> defining = new java.util.HashMap<>();
        for (Step s : steps) if (s.id() >= 0) defining.put(s.id(), s);
        return id -> describe(id, defining, 3);
    }

    private String describe(int id, Map<Integer, Step> defining, int depth) {
        Value v = values.get(id);
        if (!v.temporary()) return v.name();
        Step s = defining.get(id);
        if (depth == 0 || s == null) return "…";
        java.util.function.IntFunction<String> inner = k -> describe(k, defining, depth - 1);
        String text;
        if (s instanceof Step.MatMul m) {
            text = matrices.get(m.matrix()).name() + (m.transposed() ? ".T" : "") + " @ " + inner.apply(m.input());
        } else if (s instanceof Step.Moment m) {
            text = "mean(" + tp.fn.Fns.show(m.fn(), inner) + ")";
        } else if (s instanceof Step.Nonlin x) {
            text = tp.fn.Fns.show(x.fn(), inner);
        } else if (s instanceof Step.Scalar x) {
            text = tp.fn.Fns.show(x.fn(), inner);
        } else {
            return "…";
        }
        return text.length() > 80 ? text.substring(0, 77) + "…" : text;
    }

    public int matrixCount() {
        return matrices.size();
    }
}
