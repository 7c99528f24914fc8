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

    /** Starts recording when {@code source} mentions {@code grad(}: until then nothing is recorded and no step is added. */
    void read(SourceFile source) {
        if (!recording && MENTION.matcher(source.text()).find()) {
            recording = true;
        }
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

    void use(Value.Tag t, int input, int output) {
        uses.get(t.tag()).add(new Use(t.tag(), t.coef(), t.transposed(), input, output));
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
