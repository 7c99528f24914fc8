package tp.syntax;

import java.util.List;

/** A program text and the name it is reported under (a path, or {@code stdlib:NAME}). */
public final class SourceFile {
    public static final SourceFile NONE = new SourceFile("<none>", "");

    private final String name;
    private final String text;
    private final List<String> lines;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        this.lines = List.of(text.split("\r?\n", -1));
    }

    public String name() { return name; }

    public String text() { return text; }

    /** The 1-based line, or "" when out of range. */
    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    @Override
    public String toString() { return name; }
}
