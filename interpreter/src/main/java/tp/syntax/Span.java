package tp.syntax;

/** Where a piece of a program came from: 1-based line and column, length in characters. */
public record Span(SourceFile file, int line, int column, int length) {
    public static final Span NONE = new Span(SourceFile.NONE, 0, 0, 0);

    public String where() {
        return file.name() + ":" + line + ":" + column;
    }

    /** The smallest span covering both, when they are on the same line; else this one. */
    public Span to(Span end) {
        if (end.file != file || end.line != line || end.column < column) return this;
        return new Span(file, line, column, end.column + end.length - column);
    }
}
