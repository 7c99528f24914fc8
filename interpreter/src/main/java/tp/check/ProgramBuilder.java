package tp.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tp.fn.Fn;
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
    private final Map<Object, Integer> emitted = new HashMap<>();
    private final Map<String, Span> warned = new HashMap<>();

    private int newValue(Fn.Kind kind, String name, Span span) {
        int id = values.size();
        values.add(new Program.Value(id, kind, "%" + id, span));
        if (name != null) name(id, name);
        return id;
    }

    private final Map<String, Integer> names = new HashMap<>();

    /**
     * Gives a temporary its user's name, the first time one is bound to it. Display names are
     * unique: a second value called {@code h} (a function's local, say) is shown as {@code h#2}.
     */
    void name(int id, String name) {
        Program.Value v = values.get(id);
        if (!v.name().startsWith("%")) return;
        String unique = name;
        for (int k = 2; names.containsKey(unique); k++) unique = name + "#" + k;
        names.put(unique, id);
        values.set(id, new Program.Value(id, v.kind(), unique, v.span()));
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
        List<Object> key = List.of("matmul", matrix, transposed, input);
        Integer id = emitted.get(key);
        if (id != null) return id;
        id = newValue(Fn.Kind.VECTOR, null, span);
        steps.add(new Step.MatMul(id, matrix, transposed, input, span));
        emitted.put(key, id);
        return id;
    }

    /** The id of a vector: itself when it is one already, else a new Nonlin. */
    int nonlin(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        return emit("nonlin", fn, Fn.Kind.VECTOR, span, id -> new Step.Nonlin(id, fn, span));
    }

    int moment(Fn fn, Span span) {
        return emit("moment", fn, Fn.Kind.SCALAR, span, id -> new Step.Moment(id, fn, span));
    }

    /** The id of a scalar: itself when it is one already, else a new scalar step. */
    int scalar(Fn fn, Span span) {
        if (fn instanceof Fn.Ref r) return r.id();
        return emit("scalar", fn, Fn.Kind.SCALAR, span, id -> new Step.Scalar(id, fn, span));
    }

    /** A step defining one new value, or the value of an identical step emitted before. */
    private int emit(String what, Fn fn, Fn.Kind kind, Span span, java.util.function.IntFunction<Step> make) {
        List<Object> key = List.of(what, fn);
        Integer id = emitted.get(key);
        if (id != null) return id;
        if (!what.equals("scalar")) warnUncovered(fn, span);
        id = newValue(kind, null, span);
        steps.add(make.apply(id));
        emitted.put(key, id);
        return id;
    }

    private void warnUncovered(Fn fn, Span span) {
        if (fn.uses(Op.EXP) && fn.kind() == Fn.Kind.VECTOR && !warned.containsKey(span.where())) {
            warned.put(span.where(), span);
            warnings.add(Diagnostic.warning(span, "`exp` of a vector is not polynomially bounded: the Master "
                    + "Theorem does not cover it, and its limit may not exist"));
        }
    }
}
