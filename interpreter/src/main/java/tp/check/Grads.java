package tp.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.syntax.SourceFile;

/**
 * What {@code grad} needs to know about matrices. A vector or scalar the program names is one
 * value of the core program already (a step's id), so its uses are the steps that read that id.
 * A matrix is not: {@code W @ x} is lowered to MatMuls of initial matrices and Moments of its
 * low-rank terms. So every named matrix gets a tag, every matrix value carries the tags it is
 * made of (with their coefficients), and while a program that mentions {@code grad} is checked,
 * every product of a tagged matrix with a vector is recorded here as a use: the tag, the
 * coefficient and side it enters with, and the ids of the input vector and of the product.
 */
final class Grads {
    /** A product {@code y = … + coef · M x + …} (or {@code coef · Mᵀ x}) of the matrix tagged {@code tag}. */
    record Use(int tag, Fn coef, boolean transposed, int input, int output) {}

    private static final Pattern MENTION = Pattern.compile("\\bgrad\\s*\\(");

    private final List<List<Use>> uses = new ArrayList<>();
    private final java.util.Set<Use> recorded = new java.util.HashSet<>();
    /** Whether products are recorded: once a source that mentions grad has been read. */
    private boolean recording;
    /** Tags used while nothing was recorded: their uses are unknown. */
    private final java.util.BitSet missed = new java.util.BitSet();

    /** Per scalar differentiated: what its backward passes found (see {@link Gradient}). */
    private final java.util.Map<Fn, Object> states = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    <T> T state(Fn s, java.util.function.Supplier<T> make) {
        return (T) states.computeIfAbsent(s, k -> make.get());
    }

    /** {@code grad(s, p…)}: p's leading name (s may hold calls and indices, nested twice at most). */
    private static final Pattern TARGET = Pattern.compile(
            "\\bgrad\\s*\\(((?:[^(),]|\\((?:[^()]|\\([^()]*\\))*\\))*),\\s*([A-Za-z_][A-Za-z0-9_]*)");

    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");

    /** The names grad differentiates with respect to, in every source read (see {@link #mayBeTarget}). */
    private final java.util.Set<String> targets = new java.util.HashSet<>();
    /** A grad whose target could not be read from the text: every named value may be one. */
    private boolean anyTarget;

    /** Starts recording when {@code source} mentions {@code grad(}: until then nothing is recorded and no step is added. */
    void read(SourceFile source) {
        // a text without the word at all (a generated kernel program's megabyte, say) is not scanned
        if (!source.text().contains("grad")) return;
        String code = COMMENT.matcher(source.text()).replaceAll(" ");
        var mentions = MENTION.matcher(code);
        int count = 0;
        while (mentions.find()) count++;
        if (count > 0) recording = true;
        var found = TARGET.matcher(code);
        int read = 0;
        while (found.find()) {
            targets.add(found.group(2));
            read++;
        }
        if (read < count) anyTarget = true;
    }

    /**
     * Whether the value called {@code name} (h, h[2][1], f.h, h#2) may be what a grad differentiates
     * with respect to: its name is one written as grad's second argument. Such a value is never seen
     * through as a multiple of another (see {@link ProgramBuilder#scaled}): grad needs its reads.
     */
    boolean mayBeTarget(String name) {
        if (anyTarget) return true;
        String base = name;
        int cut = base.indexOf('[');
        if (cut >= 0) base = base.substring(0, cut);
        cut = base.indexOf('#');
        if (cut >= 0) base = base.substring(0, cut);
        return targets.contains(base.substring(base.lastIndexOf('.') + 1));
    }

    boolean recording() {
        return recording;
    }

    /** A matrix bound to a name: {@code m} with a tag of its own (an alias of a named matrix keeps its tag). */
    Value.Mat tag(Value.Mat m) {
        if (m.self() >= 0) return m;
        int tag = uses.size();
        uses.add(new ArrayList<>());
        List<Value.Tag> tags = new ArrayList<>(m.tags());
        tags.add(new Value.Tag(Fns.ONE, tag, false));
        return new Value.Mat(m.terms(), m.outers(), tags, tag);
    }

    /**
     * Records a product. The same product computed twice is one value of the core program (the
     * same steps, emitted once), whose adjoint already sums every place that reads it: it is one use.
     */
    void use(Value.Tag t, int input, int output) {
        Use u = new Use(t.tag(), t.coef(), t.transposed(), input, output);
        if (recorded.add(u)) uses.get(t.tag()).add(u);
    }

    /** A product of the tagged matrix computed before recording started. */
    void missed(Value.Tag t) {
        missed.set(t.tag());
    }

    List<Use> uses(int tag) {
        return uses.get(tag);
    }

    /** Whether every use of the tag was recorded (none happened before recording started). */
    boolean complete(int tag) {
        return !missed.get(tag);
    }
}
