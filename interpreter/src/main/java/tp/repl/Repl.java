package tp.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import tp.check.Builtin;
import tp.check.Checker;
import tp.check.Overrides;
import tp.check.Stdlib;
import tp.convergence.ConvergenceCheck;
import tp.fn.Op;
import tp.ir.Cancellation;
import tp.ir.Program;
import tp.ir.Relevant;
import tp.limit.Estimate;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.numerics.Numbers;
import tp.out.LimitReport;
import tp.out.ProgressBar;
import tp.out.Reporter;
import tp.pipeline.CheckOptions;
import tp.pipeline.OptionError;
import tp.pipeline.Pipeline;
import tp.pipeline.RunOptions;
import tp.syntax.Diagnostic;
import tp.syntax.Keyword;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/**
 * The REPL's logic, independent of any terminal: statements accumulate into a program (each
 * input re-checks the whole program, and is kept only when it checks), a bare expression prints
 * its limit, and `:commands` run, check, explain and edit. The same code paths as the CLI.
 */
public final class Repl {
    static final String SOURCE = "<repl>";

    /** The command table: `:help` and completion both read it. */
    static final List<Command> COMMANDS = List.of(
            new Command(":limit", "[EXPR] [--method M] [--tol TOL]", "the limit of EXPR (value, method, error); of every output without EXPR"),
            new Command(":run", "[EXPR] [--width N | --widths N,N] [--seeds K] [--seed S]", "EXPR (or every output) at finite width"),
            new Command(":check", "[EXPR] [--widths N,N,…] [--seeds K] [--method M]", "finite widths against the limit: rate and verdict"),
            new Command(":explain", "NAME…", "the Master-Theorem derivation of NAME"),
            new Command(":set", "NAME=VALUE", "change a param"),
            new Command(":load", "FILE", "add FILE's statements to the session"),
            new Command(":defs", "", "the program so far"),
            new Command(":undo", "", "take back the last statement, :set or :load"),
            new Command(":reset", "", "start again from an empty program"),
            new Command(":save", "FILE", "write the program so far to FILE"),
            new Command(":help", "", "this list"),
            new Command(":quit", "", "leave"));

    private final PrintWriter out;
    private final PrintWriter err;
    /** Inputs that ended in an error (script mode exits 2 when there were any). */
    private int errors;
    /** In script mode: the source's name and the line the current input starts on; null on a terminal. */
    private String scriptName;
    private int scriptLine;
    private io.vavr.collection.List<Session> history = io.vavr.collection.List.of(Session.empty());
    private Program program;

    public Repl(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    Session session() {
        return history.head();
    }

    private void push(Session s) {
        history = history.prepend(s);
    }

    /** Whether the text so far leaves a block, call or list open: the next line continues it. */
    public static boolean incomplete(String text) {
        return depth(text) > 0;
    }

    /** Open blocks, calls and lists minus closed ones (negative: something closes what was never opened). */
    static int depth(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') inString = !inString;
            if (inString) continue;
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                int nl = text.indexOf('\n', i);
                if (nl < 0) break;
                i = nl;
                continue;
            }
            if (c == '{' || c == '(' || c == '[') depth++;
            if (c == '}' || c == ')' || c == ']') depth--;
            if (depth < 0) return depth;
        }
        return depth;
    }

    /** Handles one complete input; false when the session should end. */
    public boolean handle(String input) {
        String text = input.strip();
        if (text.isEmpty() || text.startsWith("//")) return true;
        Cancellation.reset();
        try {
            if (text.startsWith(":")) return command(text);
            statementOrExpression(input);
        } catch (ProgramError e) {
            errors++;
            err.print(e.render());
        } catch (CancellationException e) {
            err.println("interrupted; the program is unchanged");
        } catch (ReplError | OptionError e) {
            errors++;
            err.println(where() + "error: " + e.getMessage());
        } catch (IOException e) {
            errors++;
            err.println(where() + "error: " + e.getMessage());
        } catch (StackOverflowError e) {
            errors++;
            err.println(where() + "error: the input is nested too deeply to be processed (see \"Limits\" in docs/language.md); "
                    + "the program is unchanged");
        } catch (OutOfMemoryError e) {
            errors++;
            err.println(where() + "error: out of memory; use a smaller width or a larger heap (JAVA_OPTS=-Xmx…); the program is unchanged");
        } catch (RuntimeException e) {
            errors++;
            Throwable cause = e.getCause() != null && e.getClass() == RuntimeException.class ? e.getCause() : e;
            if (cause instanceof ProgramError pe) err.print(pe.render());
            else err.println(where() + "internal error: " + cause);
        } finally {
            out.flush();
            err.flush();
        }
        return true;
    }

    /** A bad command or argument: printed as {@code error: …}. */
    static final class ReplError extends RuntimeException {
        ReplError(String message) {
            super(message, null, false, false);
        }
    }

    private Program check(Session s, String extra) {
        String text = s.text(extra == null) + (extra == null ? "" : extra);
        return Checker.check(new SourceFile(SOURCE, text), s.overridesMap());
    }

    /**
     * Diagnostics about the new input are shown at their place in it ({@code <input>:line:col}),
     * not in the session's whole program; {@code skip} characters of the first line were added by
     * the REPL (an {@code output } in front of an expression).
     */
    private ProgramError relocate(ProgramError e, String input, int firstLine, int skip) {
        // in script mode, at the input's place in the script; on a terminal, in the input itself
        String source = scriptName != null ? scriptName : "<input>";
        int offset = scriptName != null ? scriptLine - 1 : 0;
        String text = scriptName != null ? "\n".repeat(offset) + input : input;
        SourceFile in = new SourceFile(source, text);
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            tp.syntax.Span sp = d.span();
            if (sp.file().name().equals(SOURCE) && sp.line() >= firstLine) {
                int line = sp.line() - firstLine + 1;
                int col = line == 1 ? Math.max(1, sp.column() - skip) : sp.column();
                line += offset;
                out.add(d.at(new tp.syntax.Span(in, line, col, sp.length())));
            } else {
                out.add(d);
            }
        }
        return new ProgramError(out, e.more());
    }

    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private void statementOrExpression(String input) throws IOException {
        if (depth(input) < 0) {
            throw new ReplError("a closing `}`, `)` or `]` with nothing open: a block, call or list starts on the same input");
        }
        Session candidate = session().add(input.strip());
        try {
            Program p;
            try {
                p = check(candidate, null);
            } catch (ProgramError e) {
                throw relocate(e, input.strip(), lines(session().text(true)) + 1, 0);
            }
            for (Diagnostic w : p.warnings()) err.println(w.render());
            push(candidate);
            program = p;
            return;
        } catch (ProgramError statementError) {
            if (!isSyntaxError(statementError)) throw statementError;
            try {
                limit(input.strip());
            } catch (ProgramError expressionError) {
                if (isSyntaxError(expressionError) && looksLikeStatement(input)) throw statementError;
                throw expressionError;
            }
        }
    }

    /** An assignment or a keyword statement, as opposed to an expression to evaluate. */
    static boolean looksLikeStatement(String input) {
        String t = input.strip();
        for (String k : Keyword.statementWords()) {
            if (t.startsWith(k + " ") || t.startsWith(k + "\t")) return true;
        }
        return t.replaceAll("==|<=|>=|!=", "").contains("=");
    }

    private static boolean isSyntaxError(ProgramError e) {
        for (Diagnostic d : e.diagnostics()) if (d.kind() == Diagnostic.Kind.SYNTAX) return true;
        return false;
    }

    private boolean command(String text) throws IOException {
        int space = text.indexOf(' ');
        String name = space < 0 ? text : text.substring(0, space);
        String arg = space < 0 ? "" : text.substring(space + 1).strip();
        switch (name) {
            case ":quit": case ":q": case ":exit": return false;
            case ":help": help(); break;
            case ":limit": limit(arg); break;
            case ":run": run(arg); break;
            case ":check": check(arg); break;
            case ":explain": explain(arg); break;
            case ":set": set(arg); break;
            case ":load": load(arg); break;
            case ":defs": defs(); break;
            case ":undo": undo(); break;
            case ":reset":
                push(Session.empty());
                program = null;
                out.println("the program is empty");
                break;
            case ":save": save(arg); break;
            default: throw new ReplError("unknown command " + name + " (:help lists them)");
        }
        return true;
    }

    private void help() {
        out.println("Type statements of the .tp language to build a program; a bare expression prints its limit.");
        int w = 0;
        for (Command c : COMMANDS) w = Math.max(w, (c.name() + " " + c.args()).length());
        for (Command c : COMMANDS) {
            String head = c.name() + (c.args().isEmpty() ? "" : " " + c.args());
            out.println("  " + head + " ".repeat(w - head.length() + 2) + c.help());
        }
    }

    /** Splits {@code EXPR --flag value …} into the expression and its flags. */
    private record Args(String expr, java.util.Map<String, String> flags) {
        static Args parse(String arg) {
            int at = arg.startsWith("--") ? 0 : arg.indexOf(" --");
            String expr = at < 0 ? arg : arg.substring(0, at).strip();
            java.util.Map<String, String> flags = new java.util.HashMap<>();
            if (at >= 0) {
                String[] parts = arg.substring(at).strip().split("\\s+");
                for (int i = 0; i < parts.length; i++) {
                    if (!parts[i].startsWith("--")) throw new ReplError("unexpected `" + parts[i] + "`");
                    if (i + 1 >= parts.length) throw new ReplError(parts[i] + " needs a value");
                    flags.put(parts[i], parts[++i]);
                }
            }
            return new Args(expr, flags);
        }

        int integer(String flag, int fallback) {
            String v = flags.get(flag);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ReplError(flag + " must be an integer; got " + v);
            }
        }

        List<Integer> widths(List<Integer> fallback) {
            if (flags.containsKey("--width")) return List.of(integer("--width", 0));
            String v = flags.get("--widths");
            if (v == null) return fallback;
            List<Integer> out = new ArrayList<>();
            for (String s : v.split(",")) {
                try {
                    out.add(Integer.parseInt(s.strip()));
                } catch (NumberFormatException e) {
                    throw new ReplError("--widths takes integers separated by commas; got " + v);
                }
            }
            if (out.isEmpty()) throw new ReplError("--widths takes integers separated by commas; got " + v);
            return out;
        }

        /** {@code --method} and {@code --tol}, as on the command line. */
        LimitOptions limitOptions() {
            LimitOptions o = LimitOptions.defaults();
            if (flags.containsKey("--method")) o = o.with(Pipeline.method(flags.get("--method")));
            if (flags.containsKey("--tol")) {
                try {
                    o = o.withTol(Pipeline.tol(Double.parseDouble(flags.get("--tol"))));
                } catch (NumberFormatException e) {
                    throw new ReplError("--tol must be a number; got " + flags.get("--tol"));
                }
            }
            return o;
        }

        void only(String... allowed) {
            for (String f : flags.keySet()) {
                if (!List.of(allowed).contains(f)) throw new ReplError("unknown option " + f);
            }
        }
    }

    /**
     * The session's program with EXPR as its only output, or the whole program when EXPR is empty.
     * The session's outputs stay in the program (so their `as` names, `K[1][2]` too, can be used in
     * EXPR), and only EXPR is reported.
     */
    private Program programFor(String expr) {
        if (expr.isEmpty()) return check(session(), null);
        String text = session().text(true);
        Program p;
        try {
            p = Checker.check(new SourceFile(SOURCE, text + "output " + expr + "\n"), session().overridesMap());
        } catch (ProgramError e) {
            if (!e.render().contains("two outputs are named")) throw relocate(e, expr, lines(text) + 1, "output ".length());
            try {
                return check(session(), "output " + expr + "\n");
            } catch (ProgramError again) {
                throw relocate(again, expr, lines(session().text(false)) + 1, "output ".length());
            }
        }
        List<Program.Output> outs = p.outputs();
        return new Program(p.name(), p.steps(), p.values(), p.matrices(), List.of(outs.get(outs.size() - 1)), List.of(),
                p.params(), p.functions(), p.warnings(), p.matmulCounts());
    }

    private void limit(String arg) {
        Args a = Args.parse(arg);
        a.only("--method", "--tol");
        Program p = programFor(a.expr());
        LimitResult r = Pipeline.limit(p, a.limitOptions().withProgress(ProgressBar.on(err)));
        if (a.expr().isEmpty()) {
            out.print(Reporter.TABLE.limit(r));
            return;
        }
        LimitResult.OutputValue o = r.outputs().get(r.outputs().size() - 1);
        out.println(describe(a.expr(), o));
        if (r.reruns() != null) out.println("  " + LimitReport.reruns(r.reruns()));
    }

    static String describe(String expr, LimitResult.OutputValue o) {
        List<Estimate> v = o.values();
        switch (o.output().kind()) {
            case SCALAR:
                return expr + " → " + LimitReport.num(v.get(0).value()) + "   [" + how(v.get(0)) + "]";
            case VECTOR:
                if (o.gaussian()) {
                    return "Z^" + expr + " ~ N(" + LimitReport.num(v.get(0).value()) + ", " + LimitReport.num(v.get(1).value())
                            + ")   [" + how(v.get(1)) + "]";
                }
                return "Z^" + expr + ": E Z = " + LimitReport.num(v.get(0).value()) + ", Var Z = "
                        + LimitReport.num(v.get(1).value()) + "   [" + how(v.get(1)) + "]";
            default: {
                int k = o.output().size();
                StringBuilder sb = new StringBuilder(expr + " →\n");
                for (int i = 0; i < k; i++) {
                    sb.append("  [");
                    for (int j = 0; j < k; j++) sb.append(j > 0 ? ", " : "").append(LimitReport.num(v.get(i * k + j).value()));
                    sb.append("]\n");
                }
                return sb.toString().stripTrailing();
            }
        }
    }

    static String how(Estimate e) {
        if (e.method() == Estimate.Method.PARTICLES) {
            return "particles, ± " + Numbers.twoDigits(e.stderr()) + " s.e." + (e.error() > 0 ? ", bias ≤ " + Numbers.twoDigits(e.error()) : "");
        }
        return e.method().label() + ", error ≤ " + Numbers.bound(e.error());
    }

    private void run(String arg) {
        Args a = Args.parse(arg);
        a.only("--width", "--widths", "--seeds", "--seed");
        Program p = programFor(a.expr());
        RunOptions o = RunOptions.defaults().withWidths(a.widths(RunOptions.defaults().widths()))
                .withSeeds(a.integer("--seed", 0), a.integer("--seeds", 1));
        out.print(Reporter.TABLE.finite(Pipeline.run(p, o, tp.ir.Progress.NONE)));
    }

    private void check(String arg) {
        Args a = Args.parse(arg);
        a.only("--widths", "--seeds", "--seed", "--method", "--tol");
        Program p = programFor(a.expr());
        CheckOptions o = CheckOptions.defaults().withWidths(a.widths(CheckOptions.DEFAULT_WIDTHS))
                .withSeeds(a.integer("--seed", 0), a.integer("--seeds", CheckOptions.DEFAULT_SEEDS))
                .withLimit(a.limitOptions().withProgress(ProgressBar.on(err)));
        ConvergenceCheck.Result r = Pipeline.check(p, o, ProgressBar.on(err));
        out.print(Reporter.TABLE.check(r));
    }

    private void explain(String arg) {
        if (arg.isEmpty()) throw new ReplError(":explain needs a name");
        Program p = check(session(), null);
        LimitResult r = Pipeline.limit(p, LimitOptions.defaults().withProgress(ProgressBar.on(err)));
        Set<Integer> keep = Relevant.closure(p, List.of(arg.split("\\s+")), n -> new ReplError("no value named `" + n + "`"));
        out.print(r.derivation().render(keep));
    }

    private void set(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) throw new ReplError(":set NAME=VALUE");
        String name = arg.substring(0, eq).strip();
        String text = arg.substring(eq + 1).strip();
        try {
            Overrides.none().with(name, text);
        } catch (IllegalArgumentException e) {
            throw new ReplError(":set " + name + ": " + e.getMessage());
        }
        boolean list = text.startsWith("[");
        Session candidate = session().set(name, list ? text : String.valueOf(Double.parseDouble(text)));
        program = check(candidate, null);
        push(candidate);
        out.println(name + " = " + shown(candidate.overrides().get(name).get()));
    }

    /** A value set with {@code :set}: a number as tp prints numbers, a list as it was typed. */
    private static String shown(String text) {
        return text.startsWith("[") ? text : LimitReport.num(Double.parseDouble(text));
    }

    private void load(String arg) throws IOException {
        if (arg.isEmpty()) throw new ReplError(":load FILE");
        Path p = Path.of(arg);
        String text;
        if (Files.isRegularFile(p)) text = SourceFile.read(p, arg).text();
        else if (Stdlib.read(arg) != null) text = Stdlib.read(arg);
        else throw new ReplError("no such file: " + arg);
        Session candidate = session().add(text.stripTrailing());
        program = check(candidate, null);
        push(candidate);
        out.println("loaded " + arg + " (" + program.outputs().size() + " outputs)");
    }

    private void defs() {
        if (session().entries().isEmpty()) {
            out.println("(the program is empty)");
            return;
        }
        out.print(session().text(true));
        for (var e : session().overrides()) out.println("// :set " + e._1 + "=" + shown(e._2));
    }

    private void undo() {
        if (history.size() <= 1) throw new ReplError("nothing to undo");
        Session before = session();
        history = history.tail();
        program = session().entries().isEmpty() ? null : check(session(), null);
        out.println("undone: " + before.difference(session()));
    }

    private void save(String arg) throws IOException {
        if (arg.isEmpty()) throw new ReplError(":save FILE");
        StringBuilder sb = new StringBuilder(session().text(true));
        Path target = Path.of(arg);
        Path folder = target.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new ReplError(":save " + arg + ": the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(target)) throw new ReplError(":save " + arg + ": it is a folder; give a file name");
        try {
            Files.writeString(target, sb.toString());
        } catch (IOException e) {
            throw new ReplError(":save " + arg + ": cannot write it (" + e.getMessage() + ")");
        }
        out.println("saved " + session().entries().size() + " statements to " + arg);
    }

    /**
     * Runs input without prompts (standard input is not a terminal): for pipes, scripts and tests.
     * Errors are placed at their line in the script ({@code <stdin>:line:col}); returns the
     * number of inputs that ended in an error.
     */
    public int script(java.io.BufferedReader in) throws IOException {
        return script(in, "<stdin>");
    }

    public int script(java.io.BufferedReader in, String name) throws IOException {
        scriptName = name;
        StringBuilder buffer = new StringBuilder();
        int lineNo = 0;
        int start = 1;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (buffer.length() == 0) start = lineNo;
                if (buffer.length() == 0 && line.isBlank()) continue;
                buffer.append(line).append('\n');
                if (incomplete(buffer.toString())) continue;
                scriptLine = start + leadingBlankLines(buffer.toString());
                boolean go = handle(buffer.toString());
                buffer.setLength(0);
                if (!go) return errors;
            }
            if (buffer.length() > 0) {
                scriptLine = start;
                handle(buffer.toString());
            }
            return errors;
        } finally {
            scriptName = null;
        }
    }

    private static int leadingBlankLines(String text) {
        int n = 0;
        for (String l : text.split("\n", -1)) {
            if (!l.isBlank()) break;
            n++;
        }
        return n;
    }

    /** The place of an error that is not a program's diagnostic: the script's line, in script mode. */
    private String where() {
        return scriptName != null ? scriptName + ":" + scriptLine + ": " : "";
    }

    /** Inputs that ended in an error so far. */
    public int errors() {
        return errors;
    }

    /** Words tab completion offers: commands, names of the program, built-ins and stdlib modules. */
    public Set<String> completions() {
        Set<String> words = new TreeSet<>();
        for (Command c : COMMANDS) words.add(c.name());
        words.addAll(Op.callableNames());
        words.addAll(Builtin.names());
        words.addAll(Keyword.completedWords());
        for (String m : Stdlib.names()) words.add("\"" + m + "\"");
        if (program != null) {
            for (Program.Value v : program.values()) {
                String n = v.name();
                if (!v.temporary() && !n.contains(".") && !n.contains("#")) words.add(n.contains("[") ? n.substring(0, n.indexOf('[')) : n);
            }
            for (Program.Matrix m : program.matrices()) words.add(m.name().contains("[") ? m.name().substring(0, m.name().indexOf('[')) : m.name());
            words.addAll(program.params().keySet());
            words.addAll(program.functions());
        }
        return words;
    }
}
