package tp.syntax;

import java.util.List;

/** A program text and the name it is reported under (a path, or {@code stdlib:NAME}). */
public final class SourceFile {
    public static final SourceFile NONE = new SourceFile("<none>", "");

    /** Program files are at most this large. */
    public static final long MAX_BYTES = 16_000_000;

    private final String name;
    private final String text;
    private final List<String> lines;

    /** A byte-order mark at the start of the text is dropped. */
    public SourceFile(String name, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        this.name = name;
        this.text = text;
        this.lines = List.of(text.split("\r?\n", -1));
    }

    /**
     * Reads a program file as UTF-8. Bytes that are not UTF-8 are an error at their line and
     * column (columns count the characters before them on their line).
     */
    public static SourceFile read(java.nio.file.Path path, String name) throws java.io.IOException {
        long size = java.nio.file.Files.size(path);
        if (size > MAX_BYTES) {
            throw new ProgramError(new Span(new SourceFile(name, ""), 0, 0, 0), String.format(java.util.Locale.ROOT,
                    "the file is too large to be a program: %,d bytes; the limit is %,d (see \"Limits\" in docs/language.md)",
                    size, MAX_BYTES).replace(',', ' '));
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(path);
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            out.flip();
            String before = out.toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = before.length() - lineStart + 1;
            int at = in.position();
            StringBuilder bad = new StringBuilder();
            for (int i = at; i < Math.min(bytes.length, at + Math.max(1, r.length())); i++) {
                bad.append(String.format(" 0x%02X", bytes[i] & 0xFF));
            }
            // show the line as far as it decodes, so the caret has something to point under
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            SourceFile file = new SourceFile(name, text);
            throw new ProgramError(new Span(file, line, column, 1), "the file is not valid UTF-8: byte" + (r.length() > 1 ? "s" : "")
                    + bad + " at this point (save the file as UTF-8)");
        }
        out.flip();
        return new SourceFile(name, out.toString());
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
