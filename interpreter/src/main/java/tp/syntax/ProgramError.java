package tp.syntax;

import java.util.List;

/**
 * A program that cannot be run, with every diagnostic found. The command line prints them and
 * exits with status 2; nothing else about it reaches the user.
 */
public final class ProgramError extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public ProgramError(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "program error" : diagnostics.get(0).message(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ProgramError(Span span, String message) {
        this(List.of(Diagnostic.error(span, message)));
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.render()).append('\n');
        return sb.toString();
    }
}
