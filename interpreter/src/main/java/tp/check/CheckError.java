package tp.check;

import tp.syntax.Span;

/** Aborts the current statement with one diagnostic; {@code span == null} means already reported. */
final class CheckError extends RuntimeException {
    final Span span;

    CheckError(Span span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    static CheckError silent() {
        return new CheckError(null, "");
    }
}
