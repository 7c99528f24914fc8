package tp.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tp.check.Checker;
import tp.check.Overrides;
import tp.check.Stdlib;
import tp.convergence.ConvergenceCheck;
import tp.finite.FiniteBackend;
import tp.finite.FiniteRun;
import tp.ir.Program;
import tp.ir.Progress;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.Diagnostic;
import tp.syntax.Parser;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;
import tp.syntax.Span;
import tp.syntax.Stmt;

/**
 * The one path from a program to its results: load (read, check, lower) → run at finite width,
 * take the limit, or check convergence. The command line and the REPL only parse their input,
 * call these, and print the results through a {@code tp.out.Reporter}; a new command or shell adds
 * no backend logic of its own.
 */
public final class Pipeline {
    private Pipeline() {}

    /** A file path, or the name of a shipped stdlib program ({@code stdlib:NAME} or NAME). */
    public static SourceFile source(String file) {
        Path p = Path.of(file);
        if (Files.isRegularFile(p)) {
            try {
                return SourceFile.read(p, file);
            } catch (IOException e) {
                throw new OptionError("cannot read " + file + ": " + e.getMessage());
            }
        }
        String name = file.startsWith("stdlib:") ? file.substring(7) : file;
        String text = Stdlib.read(name);
        if (text != null) return new SourceFile("stdlib:" + name, text);
        throw new OptionError("no such file: " + file + (Files.isDirectory(p) ? " (it is a directory)" : didYouMean(file)));
    }

    /** The programs a user probably meant: FILE.tp, programs/FILE.tp, a stdlib program with a similar name. */
    static String didYouMean(String file) {
        List<String> found = new ArrayList<>();
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

    /**
     * The checked program, with params overridden by {@code sets}; its warnings (and a warning
     * when it has no output) go to {@code warnings}. A file that computes nothing is an error.
     */
    public static Program load(SourceFile source, Map<String, Double> sets, PrintWriter warnings) {
        return load(source, Overrides.of(sets), warnings);
    }

    /** As {@link #load(SourceFile, Map, PrintWriter)}, with params set to numbers or arrays. */
    public static Program load(SourceFile source, Overrides sets, PrintWriter warnings) {
        Program p = Checker.check(source, sets);
        if (p.steps().isEmpty() && p.outputs().isEmpty()) throw nothingToRun(source);
        for (Diagnostic w : p.warnings()) warnings.println(w.render());
        if (p.outputs().isEmpty() && !p.steps().isEmpty()) {
            warnings.println(Diagnostic.warning(new Span(p.steps().get(0).span().file(), 0, 0, 0),
                    "the program has no `output`: there is nothing to print").render());
        }
        warnings.flush();
        return p;
    }

    /** The program at finite width, its progress reported to {@code progress}. */
    public static FiniteRun.Result run(Program p, RunOptions o, Progress progress) {
        checkWidths(p, o.widths());
        return FiniteRun.run(p, o.widths(), o.seed(), o.seeds(), o.threads(), progress);
    }

    /** The infinite-width limit of every output (the Master Theorem). */
    public static LimitResult limit(Program p, LimitOptions o) {
        return new LimitBackend(p, o).run();
    }

    /**
     * The limit (unless {@code finiteOnly}; its progress goes where its options say) against the
     * sweep of widths × seeds, whose runs are reported to {@code progress}.
     */
    public static ConvergenceCheck.Result check(Program p, CheckOptions o, Progress progress) {
        checkWidths(p, o.widths());
        LimitResult limit = o.finiteOnly() ? null : limit(p, o.limit());
        FiniteRun.Result finite;
        try (Progress.Task runs = progress.start("tp: check, runs", o.widths().size() * o.seeds())) {
            finite = FiniteRun.sweep(p, o.widths(), o.seed(), o.seeds(), o.threads(), runs::step);
        }
        return ConvergenceCheck.of(limit, finite, p);
    }

    /** {@code --method}: auto, exact, quadrature or particles. */
    public static LimitOptions.Forced method(String name) {
        switch (name) {
            case "auto": return LimitOptions.Forced.AUTO;
            case "exact": return LimitOptions.Forced.EXACT;
            case "quadrature": return LimitOptions.Forced.QUADRATURE;
            case "particles": return LimitOptions.Forced.PARTICLES;
            default: throw new OptionError("--method must be auto, exact, quadrature or particles; got " + name);
        }
    }

    /** {@code --tol}: a positive target error. */
    public static double tol(double tol) {
        if (!(tol > 0)) throw new OptionError("--tol must be positive");
        return tol;
    }

    /** Width {@code n} fits the heap (else an option error, before anything is sampled). */
    public static void checkFits(Program p, int n) {
        checkWidths(p, List.of(n));
    }

    /** Each width fits the heap (else an option error, before anything is sampled). */
    static void checkWidths(Program p, List<Integer> widths) {
        for (int n : widths) {
            try {
                FiniteBackend.checkFits(p, n, Span.NONE);
            } catch (ProgramError e) {
                throw new OptionError(e.diagnostics().get(0).message());
            }
        }
    }

    private static String importName(SourceFile source) {
        if (source.name().startsWith("stdlib:")) return source.name().substring(7);
        Path file = Path.of(source.name()).getFileName();
        return file == null ? source.name() : file.toString();
    }

    /** A file that computes nothing: a module (only `def` and `import`), or statements that declare and output nothing. */
    static ProgramError nothingToRun(SourceFile source) {
        List<Stmt> stmts = Parser.parse(source);
        boolean module = !stmts.isEmpty();
        for (Stmt s : stmts) module &= s instanceof Stmt.Def || s instanceof Stmt.Import;
        String what = module
                ? "this file is a module (it holds only `def` and `import`): there is nothing to run. Import it from a program "
                        + "(`import \"" + importName(source) + "\"`) and call its functions there"
                : stmts.isEmpty() ? "this file is empty: there is nothing to run"
                : "this file computes nothing: a program declares vectors or matrices (`vector x ~ N(0, 1)`) and has an `output`";
        Span where = stmts.isEmpty() ? new Span(source, 1, 1, 1) : stmts.get(0).span();
        return new ProgramError(where, what);
    }
}
