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
                return SourceFile.read(p, file);
            } catch (IOException e) {
                throw new Main.UsageError("cannot read " + file + ": " + e.getMessage());
            }
        }
        String name = file.startsWith("stdlib:") ? file.substring(7) : file;
        String text = Stdlib.read(name);
        if (text != null) return new SourceFile("stdlib:" + name, text);
        throw new Main.UsageError("no such file: " + file + (Files.isDirectory(p) ? " (it is a directory)" : didYouMean(file)));
    }

    /** The programs a user probably meant: FILE.tp, programs/FILE.tp, a stdlib program with a similar name. */
    static String didYouMean(String file) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (String c : new String[] {file + ".tp", "programs/" + file, "programs/" + file + ".tp"}) {
            if (Files.isRegularFile(Path.of(c))) found.add(c);
        }
        String base = file.replaceAll(".*/", "").replaceAll("\\.tp$", "");
        for (String n : Stdlib.names()) {
            if (n.equals(base) || n.replace("-", "_").equals(base.replace("-", "_")) || n.startsWith(base) || base.startsWith(n)) {
                if (Stdlib.isProgram(n)) found.add(n + " (a stdlib program)");
            }
        }
        return found.isEmpty() ? "" : "; did you mean " + String.join(" or ", found) + "?";
    }

    /** Most threads a command takes, and most seeds: beyond, a usage error (not a pool that cannot be made). */
    static final int MAX_THREADS = 1024;
    static final int MAX_SEEDS = 1_000_000;

    static void checkThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new Main.UsageError("--threads must be between 1 and " + MAX_THREADS + "; got " + threads);
        }
    }

    static void checkSeeds(int seeds, int least) {
        if (seeds < least || seeds > MAX_SEEDS) {
            throw new Main.UsageError("--seeds must be between " + least + " and " + MAX_SEEDS + "; got " + seeds
                    + (least == 2 ? " (the rate is fitted to the spread across seeds)" : ""));
        }
    }

    /** Each width fits the heap (else a usage error, before anything is sampled). */
    static void checkWidths(Program p, java.util.List<Integer> widths) {
        for (int n : widths) {
            try {
                tp.finite.FiniteBackend.checkFits(p, n, tp.syntax.Span.NONE);
            } catch (tp.syntax.ProgramError e) {
                throw new Main.UsageError(e.diagnostics().get(0).message());
            }
        }
    }

    Map<String, Double> overrides() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sets.entrySet()) {
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException ex) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": the value must be a number");
            }
            if (!Double.isFinite(v)) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": the value must be a finite number");
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    Program load(String file, PrintWriter err) {
        SourceFile source = source(file);
        Program p = Checker.check(source, overrides());
        if (p.steps().isEmpty() && p.outputs().isEmpty()) throw nothingToRun(source);
        for (Diagnostic w : p.warnings()) err.println(w.render());
        if (p.outputs().isEmpty() && !p.steps().isEmpty()) {
            err.println(Diagnostic.warning(new tp.syntax.Span(p.steps().get(0).span().file(), 0, 0, 0),
                    "the program has no `output`: there is nothing to print").render());
        }
        err.flush();
        return p;
    }

    private static String importName(SourceFile source) {
        if (source.name().startsWith("stdlib:")) return source.name().substring(7);
        java.nio.file.Path file = java.nio.file.Path.of(source.name()).getFileName();
        return file == null ? source.name() : file.toString();
    }

    /** A file that computes nothing: a module (only `def` and `import`), or statements that declare and output nothing. */
    static tp.syntax.ProgramError nothingToRun(SourceFile source) {
        java.util.List<tp.syntax.Stmt> stmts = tp.syntax.Parser.parse(source);
        boolean module = !stmts.isEmpty();
        for (tp.syntax.Stmt s : stmts) module &= s instanceof tp.syntax.Stmt.Def || s instanceof tp.syntax.Stmt.Import;
        String what = module
                ? "this file is a module (it holds only `def` and `import`): there is nothing to run. Import it from a program "
                        + "(`import \"" + importName(source) + "\"`) and call its functions there"
                : stmts.isEmpty() ? "this file is empty: there is nothing to run"
                : "this file computes nothing: a program declares vectors or matrices (`vector x ~ N(0, 1)`) and has an `output`";
        tp.syntax.Span where = stmts.isEmpty() ? new tp.syntax.Span(source, 1, 1, 1) : stmts.get(0).span();
        return new tp.syntax.ProgramError(where, what);
    }
}
