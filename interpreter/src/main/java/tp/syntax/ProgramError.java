package tp.syntax;

import java.util.List;

/**
 * A program that cannot be run, with every diagnostic found. The command line prints them and
 * exits with status 2; nothing else about it reaches the user.
 */
public final class ProgramError extends RuntimeException {
    /** At most this many diagnostics are printed; the rest are counted. */
    public static final int MAX_SHOWN = 50;

    private final List<Diagnostic> diagnostics;
    private final long more;

    public ProgramError(List<Diagnostic> diagnostics) {
        this(diagnostics, 0);
    }

    /** {@code more}: errors found besides these, not kept. */
    public ProgramError(List<Diagnostic> diagnostics, long more) {
        super(diagnostics.isEmpty() ? "program error" : diagnostics.get(0).message(), null, false, false);
        List<Diagnostic> kept = diagnostics.size() > MAX_SHOWN ? diagnostics.subList(0, MAX_SHOWN) : diagnostics;
        this.diagnostics = List.copyOf(kept);
        this.more = more + (diagnostics.size() - kept.size());
    }

    public ProgramError(Span span, String message) {
        this(List.of(Diagnostic.error(span, message)));
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    /** How many more errors there were than {@link #diagnostics()} holds. */
    public long more() { return more; }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.render()).append('\n');
        if (more > 0) {
            sb.append("… and ").append(more).append(" more error").append(more == 1 ? "" : "s")
                    .append(" (only the first ").append(diagnostics.size()).append(" are shown)\n");
        }
        return sb.toString();
    }
}
