package tp.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tp.syntax.Diagnostic;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;
import tp.syntax.Span;

/**
 * {@code csv("FILE")}: numeric CSV files read at check time. A file is read once per check
 * however often it is named (a loop may index {@code csv(…)} on every iteration). Its mistakes
 * are reported at their line and column in the file, like a program's, and again at the call.
 */
final class DataFiles {
    /** A numeric table; {@code header} is null when the first row holds numbers. */
    record Table(String file, List<String> header, double[][] rows) {}

    /** A mistake in a data file: its diagnostic, and the short reason said at the call site. */
    static final class Bad extends RuntimeException {
        final Diagnostic where;

        Bad(Diagnostic where, String reason) {
            super(reason, null, false, false);
            this.where = where;
        }
    }

    /** Numbers as the language writes them, with an optional sign; not {@code NaN}, {@code Infinity} or hex. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final Map<Path, Table> cache = new HashMap<>();

    /** The file {@code name} written in {@code program}: relative to the program's directory. */
    static Path resolve(SourceFile program, String name) {
        return Imports.directoryOf(program).resolve(name).normalize();
    }

    /** The table in the file; a file that is missing is a {@link CheckError} at {@code at}, a bad one a {@link Bad}. */
    Table read(Path path, Span at) {
        Path key = path.toAbsolutePath().normalize();
        Table t = cache.get(key);
        if (t != null) return t;
        if (!Files.isRegularFile(path)) {
            throw new CheckError(at, "no file " + path + (Files.isDirectory(path) ? " (it is a directory)" : ""));
        }
        SourceFile file;
        try {
            file = SourceFile.read(path, path.toString());
        } catch (IOException e) {
            throw new CheckError(at, "cannot read " + path + ": " + e.getMessage());
        } catch (ProgramError e) {
            throw new Bad(e.diagnostics().get(0), "the file cannot be read as text");
        }
        t = parse(file);
        cache.put(key, t);
        return t;
    }

    private static Table parse(SourceFile file) {
        String[] lines = file.text().split("\r?\n", -1);
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        int widthLine = 0;
        for (int ln = 1; ln <= lines.length; ln++) {
            String line = lines[ln - 1];
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            int[] starts = new int[cells.length];
            for (int c = 0, at = 0; c < cells.length; at += cells[c].length() + 1, c++) {
                starts[c] = at + (cells[c].length() - cells[c].stripLeading().length());
                cells[c] = cells[c].strip();
            }
            if (width >= 0 && cells.length != width) {
                throw new Bad(Diagnostic.error(new Span(file, ln, 1, line.length()), "this row has " + cells(cells.length)
                        + "; the rows above have " + width + " (from line " + widthLine + ")"),
                        "line " + ln + " has " + cells(cells.length) + ", the lines above " + width);
            }
            if (width < 0) {
                width = cells.length;
                widthLine = ln;
                if (!allNumbers(cells)) {
                    header = new ArrayList<>();
                    for (String c : cells) header.add(c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")
                            ? c.substring(1, c.length() - 1) : c);
                    continue;
                }
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                double v = NUMBER.matcher(cells[c]).matches() ? Double.parseDouble(cells[c]) : Double.NaN;
                if (!Double.isFinite(v)) {
                    throw new Bad(Diagnostic.error(new Span(file, ln, starts[c] + 1, Math.max(1, cells[c].length())),
                            "not a number: \"" + cells[c] + "\""),
                            "line " + ln + ", column " + (c + 1) + " is not a number");
                }
                row[c] = v;
            }
            rows.add(row);
        }
        return new Table(file.name(), header, rows.toArray(new double[0][]));
    }

    private static String cells(int k) {
        return k + (k == 1 ? " cell" : " cells");
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) if (!NUMBER.matcher(c).matches()) return false;
        return true;
    }
}
