package tp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tp.check.Checker;
import tp.check.Stdlib;
import tp.ir.Program;
import tp.syntax.Diagnostic;
import tp.syntax.SourceFile;

/** What every command that reads a program shares: the file, {@code --set}, {@code --debug}. */
final class Common {
    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a param (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--debug", description = "Show Java stack traces of internal errors.")
    boolean debug;

    /** A file path, or the name of a shipped stdlib program. */
    static SourceFile source(String file) {
        Path p = Path.of(file);
        if (Files.isRegularFile(p)) {
            try {
                return new SourceFile(file, Files.readString(p));
            } catch (IOException e) {
                throw new Main.UsageError("cannot read " + file + ": " + e.getMessage());
            }
        }
        String name = file.startsWith("stdlib:") ? file.substring(7) : file;
        String text = Stdlib.read(name);
        if (text != null) return new SourceFile("stdlib:" + name, text);
        throw new Main.UsageError("no such file: " + file + (Files.isDirectory(p) ? " (it is a directory)" : ""));
    }

    Map<String, Double> overrides() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sets.entrySet()) {
            try {
                out.put(e.getKey(), Double.parseDouble(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": the value must be a number");
            }
        }
        return out;
    }

    Program load(String file, PrintWriter err) {
        Program p = Checker.check(source(file), overrides());
        for (Diagnostic w : p.warnings()) err.println(w.render());
        if (p.outputs().isEmpty() && !p.steps().isEmpty()) {
            err.println(Diagnostic.warning(new tp.syntax.Span(p.steps().get(0).span().file(), 0, 0, 0),
                    "the program has no `output`: there is nothing to print").render());
        }
        err.flush();
        return p;
    }
}
