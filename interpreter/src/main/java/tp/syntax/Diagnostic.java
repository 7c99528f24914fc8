package tp.syntax;

/**
 * One message about a program: where, how serious, and what to do about it. Printed as
 * {@code file:line:col: error: message}, then the source line and a caret under the spot.
 */
public record Diagnostic(Span span, Severity severity, Kind kind, String message) {
    public enum Severity { ERROR, WARNING }

    /**
     * What went wrong, for a caller that acts on it rather than only printing it: the REPL takes
     * an input that is not a statement by the grammar as an expression instead.
     */
    public enum Kind {
        /** The text does not follow the grammar. */
        SYNTAX,
        /**
         * Anything else: the source cannot be read, or the program it spells cannot be checked,
         * run or taken to its limit.
         */
        PROGRAM
    }

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(span, Severity.ERROR, Kind.PROGRAM, message);
    }

    /** The grammar's complaint, said as {@code syntax error: what}. */
    public static Diagnostic syntaxError(Span span, String what) {
        return new Diagnostic(span, Severity.ERROR, Kind.SYNTAX, "syntax error: " + what);
    }

    public static Diagnostic warning(Span span, String message) {
        return new Diagnostic(span, Severity.WARNING, Kind.PROGRAM, message);
    }

    /** The same diagnostic at another place (the REPL shows an input's errors in the input itself). */
    public Diagnostic at(Span elsewhere) {
        return new Diagnostic(elsewhere, severity, kind, message);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** Longer source lines are shown as a window around the spot. */
    private static final int MAX_LINE = 160;

    public String render() {
        String head = (span.line() > 0 ? span.where() + ": " : span.file().name() + ": ")
                + (isError() ? "error: " : "warning: ") + message;
        if (span.line() <= 0) return head;
        String src = span.file().line(span.line());
        if (src.isEmpty()) return head;
        int column = span.column();
        int length = span.length();
        if (src.length() > MAX_LINE) {
            // a window of the line around the spot
            int from = Math.max(0, Math.min(column - 1 - MAX_LINE / 2, src.length() - MAX_LINE));
            int to = Math.min(src.length(), from + MAX_LINE);
            String prefix = from > 0 ? "… " : "";
            src = prefix + src.substring(from, to) + (to < src.length() ? " …" : "");
            column = column - from + prefix.length();
            length = Math.min(length, to - (span.column() - 1));
        }
        StringBuilder caret = new StringBuilder();
        for (int i = 1; i < column && i - 1 < src.length(); i++) {
            caret.append(src.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        int len = Math.max(1, Math.min(length, src.length() - column + 1));
        caret.append("^").append("~".repeat(Math.max(0, len - 1)));
        return head + "\n    " + src + "\n    " + caret;
    }
}
