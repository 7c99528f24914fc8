package tp.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tp.fn.Fn;
import tp.fn.Op;
import tp.ir.Program;
import tp.syntax.Diagnostic;
import tp.syntax.Parser;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;
import tp.syntax.Span;
import tp.syntax.Stmt;

/**
 * Names and kinds: expands loops, functions, arrays, imports and {@code if}, lowers low-rank
 * matrices, and produces the core program. Collects every error it can, one per statement.
 */
public final class Checker {
    private final ProgramBuilder out = new ProgramBuilder();
    private final Expressions expressions = new Expressions(this, out);
    private final Scope global = new Scope(null, true);
    private final Map<String, Scope.Binding> functions = new LinkedHashMap<>();
    private final List<Diagnostic> errors = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private final Overrides overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final Map<String, Double> params = new LinkedHashMap<>();
    private final Imports imports;
    private final Set<String> outputNames = new HashSet<>();
    private String programName;
    private int callDepth;
    private final java.util.Deque<String> callStack = new java.util.ArrayDeque<>();
    private final Budget budget = new Budget();
    /** Errors beyond {@link #MAX_SHOWN_ERRORS}: counted, not kept. */
    private long moreErrors;

    /** The first errors are kept and shown; the rest are counted. */
    static final int MAX_SHOWN_ERRORS = 50;

    private final DataFiles dataFiles = new DataFiles();
    private final Grads grads = new Grads();

    private Checker(Overrides overrides, Imports imports) {
        this.overrides = overrides;
        this.imports = imports;
        out.keep(grads::mayBeTarget);
    }

    /** Parses and checks a program; throws {@link ProgramError} with every diagnostic found. */
    public static Program check(SourceFile source, Map<String, Double> overrides) {
        return check(source, Overrides.of(overrides));
    }

    /** Parses and checks a program whose params are overridden by {@code overrides} (numbers or arrays). */
    public static Program check(SourceFile source, Overrides overrides) {
        Checker c = new Checker(overrides, new Imports());
        List<Stmt> stmts = Parser.parse(source);
        c.grads.read(source);
        c.imports.enter(source);
        try {
            c.block(stmts, c.global, true);
        } catch (Budget.Exceeded e) {
            // why checking stopped is always shown, last
            if (c.errors.size() >= MAX_SHOWN_ERRORS) {
                c.errors.remove(c.errors.size() - 1);
                c.moreErrors++;
            }
            c.errors.add(Diagnostic.error(e.span, e.getMessage()));
            throw new ProgramError(c.errors, c.moreErrors);
        }
        for (String name : overrides.names()) {
            if (!c.usedOverrides.contains(name)) {
                c.report(Diagnostic.error(new Span(source, 0, 0, 0),
                        "--set " + name + ": the program has no param `" + name + "`"
                                + (c.params.isEmpty() ? "" : " (params: " + String.join(", ", c.params.keySet()) + ")")));
            }
        }
        if (!c.errors.isEmpty()) throw new ProgramError(c.errors, c.moreErrors);
        String name = c.programName != null ? c.programName : baseName(source.name());
        return new Program(name, c.out.steps, c.out.values, c.out.matrices, c.out.outputs, c.out.expects,
                c.params, List.copyOf(c.functions.keySet()), c.out.warnings, c.out.matmulCounts());
    }

    private static String baseName(String path) {
        String s = path.substring(path.lastIndexOf('/') + 1);
        return s.endsWith(".tp") ? s.substring(0, s.length() - 3) : s;
    }

    void report(Diagnostic d) {
        String place = d.span().where();   // one error per place: a loop repeats its mistakes
        if (errors.size() < MAX_SHOWN_ERRORS) {
            if (reported.add(place)) errors.add(d);
        } else if (reported.size() < 100_000 ? reported.add(place) : !reported.contains(place)) {
            moreErrors++;   // beyond 100 000 distinct places, repeats are counted too
        }
    }

    Budget budget() {
        return budget;
    }

    DataFiles dataFiles() {
        return dataFiles;
    }

    Grads grads() {
        return grads;
    }

    Scope.Binding function(String name) {
        return functions.get(name);
    }

    /** Runs statements; returns the value of a {@code return}, or null. */
    private Value block(List<Stmt> stmts, Scope scope, boolean topLevel) {
        for (int i = 0; i < stmts.size(); i++) {
            Stmt s = stmts.get(i);
            budget.statement(s.span());
            try {
                if (s instanceof Stmt.Return r) {
                    if (scope.owner() == global) throw new CheckError(r.span(), "`return` outside a function");
                    return expressions.eval(r.value(), scope);
                }
                Value v = statement(s, scope, topLevel);
                if (v != null) return v;
            } catch (CheckError e) {
                if (e.span != null) report(Diagnostic.error(e.span, e.getMessage()));
                poison(s, scope);
                if (callDepth > 0) throw CheckError.silent();
            } catch (StackOverflowError e) {
                // only at the top level, where the stack has room again: deeper, let it unwind further
                if (scope != global || callDepth > 0) throw e;
                report(Diagnostic.error(s.span(), "this statement is nested too deeply to be expanded (see "
                        + "\"Limits\" in docs/language.md)"));
                poison(s, scope);
            } finally {
                budget.steps(out.steps.size(), s.span());
            }
        }
        return null;
    }

    /** Names a failed statement would have defined stand for nothing from now on, silently. */
    private void poison(Stmt s, Scope scope) {
        List<String> names = new ArrayList<>();
        if (s instanceof Stmt.Assign a && a.indices().isEmpty()) names.add(a.name());
        if (s instanceof Stmt.Param p) names.add(p.name());
        if (s instanceof Stmt.MatrixDecl m) for (Stmt.Target t : m.targets()) names.add(t.name());
        if (s instanceof Stmt.VectorDecl v) for (Stmt.Target t : v.targets()) names.add(t.name());
        for (String name : names) {
            if (scope.clash(name) == null) scope.define(name, new Value.Poison(), s.span());
        }
        if (s instanceof Stmt.Assign a && !a.indices().isEmpty()) {
            // an array element that failed stands for nothing too: its later uses are silent
            try {
                defineElement(a.name(), indices(a, scope), new Value.Poison(), a.span(), null, scope);
            } catch (CheckError e) {
                // the element cannot be named (its index failed, or the name is taken): nothing to poison
            }
        }
    }

    private Value statement(Stmt s, Scope scope, boolean topLevel) {
        if (s instanceof Stmt.Assign a) {
            assign(a, scope);
        } else if (s instanceof Stmt.Param p) {
            param(p, scope, topLevel);
        } else if (s instanceof Stmt.MatrixDecl m) {
            requireTop(topLevel, m.span(), "matrix declarations");
            Declarations.matrix(m, this, scope, expressions, out);
        } else if (s instanceof Stmt.VectorDecl v) {
            requireTop(topLevel, v.span(), "vector declarations");
            Declarations.vector(v, this, scope, expressions, out);
        } else if (s instanceof Stmt.For f) {
            return loop(f, scope, topLevel);
        } else if (s instanceof Stmt.If f) {
            boolean cond = expressions.number(f.condition(), scope, "an `if` condition") != 0;
            return block(cond ? f.then() : f.otherwise(), scope, topLevel);
        } else if (s instanceof Stmt.Def d) {
            requireGlobal(scope, d.span(), "`def`");
            defineFunction(d);
        } else if (s instanceof Stmt.Output o) {
            requireTop(topLevel, o.span(), "`output`");
            Outputs.output(o, scope, expressions, out, outputNames, this);
        } else if (s instanceof Stmt.Expect e) {
            requireTop(topLevel, e.span(), "`expect`");
            Outputs.expect(e, scope, expressions, out);
        } else if (s instanceof Stmt.Import i) {
            requireGlobal(scope, i.span(), "`import`");
            importModule(i);
        } else if (s instanceof Stmt.ProgramName p) {
            requireGlobal(scope, p.span(), "`program`");
            if (programName != null) throw new CheckError(p.span(), "the program is already named `" + programName + "`");
            programName = p.name();
        } else {
            throw new AssertionError(s);
        }
        return null;
    }

    private void requireGlobal(Scope scope, Span span, String what) {
        if (scope != global) throw new CheckError(span, what + " may appear only at the top level of a program, outside loops and functions");
    }

    private static void requireTop(boolean ok, Span span, String what) {
        if (!ok) throw new CheckError(span, what + " may appear only at the top level of a program (or in its loops and `if`s), not in a function");
    }

    void checkNewName(String name, Span span, Scope scope) {
        if (name.equals("n") || name.equals("pi")) throw new CheckError(span, "`" + name + "` is reserved");
        if (Op.byName(name) != null || Builtin.isBuiltin(name)) {
            throw new CheckError(span, "`" + name + "` is a built-in function and cannot be redefined");
        }
        if (name.endsWith("'")) throw new CheckError(span, "only functions carry a `'`: `" + name + "` cannot be defined");
        Scope.Binding b = scope.clash(name);
        if (b != null) {
            throw new CheckError(span, "`" + name + "` is already defined" + at(b.span()) + " (every name is defined once"
                    + (scope != global || b.span().line() > 0 ? "; a value that changes in a loop is an array, as in `" + name + "[l] = …`)" : ")"));
        }
        if (functions.containsKey(name)) {
            throw new CheckError(span, "`" + name + "` is already defined as a function" + at(functions.get(name).span()));
        }
    }

    private static String at(Span s) {
        return s.line() > 0 ? " at " + s.where() : "";
    }

    private void param(Stmt.Param p, Scope scope, boolean topLevel) {
        requireGlobal(scope, p.span(), "`param`");
        checkNewName(p.name(), p.span(), scope);
        Value v = expressions.eval(p.value(), scope);
        if (!(v instanceof Value.Arr a && NumArrays.numeric(a)) && !(v instanceof Value.Str)) {
            v = new Value.Num(Expressions.number(p.value(), v, "a param's value"));
        }
        Value set = overrides.get(p.name());
        if (set != null) {
            usedOverrides.add(p.name());
            if (set instanceof Value.Str str && !(v instanceof Value.Str)) {
                throw new CheckError(p.span(), "--set " + p.name() + "=" + str.value() + ": the value must be "
                        + (v instanceof Value.Num ? "a number" : "a list of numbers") + ", as the param `" + p.name() + "` is "
                        + Value.kindName(v) + " (`" + str.value() + "` reads as a string)");
            }
            if (v instanceof Value.Str && !(set instanceof Value.Str)) {
                throw new CheckError(p.span(), "--set " + p.name() + ": the param is a string here (such as \"" + ((Value.Str) v).value()
                        + "\"), and the value given is " + Value.kindName(set));
            }
            if (set instanceof Value.Num != v instanceof Value.Num) {
                throw new CheckError(p.span(), "--set " + p.name() + ": the param is " + Value.kindName(v)
                        + " here, and the value given is " + Value.kindName(set));
            }
            v = set;
        }
        if (v instanceof Value.Num n) params.put(p.name(), n.value());
        scope.define(p.name(), named(v, p.name(), p.value()), p.span());
    }

    /**
     * An array computed by an expression ({@code [1, 2]}, {@code csv(…)}, {@code X @ Y}) carries the
     * expression's text as its name until {@code =} gives it one; an existing array passed on
     * ({@code h = g}) keeps its own.
     */
    private static Value named(Value v, String name, tp.syntax.Expr e) {
        if (v instanceof Value.Arr a && !(e instanceof tp.syntax.Expr.Name) && a.name().equals(e.text())) {
            return NumArrays.rename(a, name);
        }
        return v;
    }

    private void defineFunction(Stmt.Def d) {
        checkNewName(d.name(), d.span(), global);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.params().size(); i++) {
            if (!seen.add(d.params().get(i))) {
                throw new CheckError(d.paramSpans().get(i), "parameter `" + d.params().get(i) + "` appears twice");
            }
        }
        functions.put(d.name(), new Scope.Binding(new Value.Func(d), d.span()));
    }

    /** Expands a call inline in a fresh scope that sees only the globals and the arguments. */
    Value call(Stmt.Def d, List<Value> args, Span site) {
        if (callDepth > 64) throw new CheckError(site, "`" + d.name() + "` calls itself too deeply (functions are expanded inline)");
        budget.call(d.name(), site);
        Scope scope = new Scope(global, true);
        for (int i = 0; i < args.size(); i++) scope.define(d.params().get(i), args.get(i), d.paramSpans().get(i));
        callDepth++;
        callStack.push(d.name());
        boolean differentiated = expressions.symbolic && symbolicCalls == 0;
        if (expressions.symbolic) symbolicCalls++;
        int before = errors.size();
        Value result;
        try {
            result = block(d.body(), scope, false);
        } finally {
            callDepth--;
            callStack.pop();
            if (expressions.symbolic) symbolicCalls--;
        }
        if (errors.size() > before) throw CheckError.silent();
        if (result == null) throw new CheckError(d.span(), "function `" + d.name() + "` does not `return` a value");
        if (differentiated) checkDifferentiable(d, result, site);
        return result;
    }

    /**
     * A function about to be differentiated symbolically ({@code f'}): its body is walked as a tree,
     * so a body that unfolds to a huge tree (a value used twice at every level of a deep
     * composition) is refused rather than unfolded.
     */
    static final long MAX_SYMBOLIC_TREE = 100_000;
    /** Calls being expanded for a derivative: the outermost is the function differentiated. */
    private int symbolicCalls;

    private static void checkDifferentiable(Stmt.Def d, Value result, Span site) {
        Fn body = result instanceof Value.Vec v ? v.fn() : result instanceof Value.Sca s ? s.fn() : null;
        if (body instanceof Fn.Apply a && a.treeSize() > MAX_SYMBOLIC_TREE) {
            throw new CheckError(site, "`" + d.name() + "'` cannot be formed: the body of `" + d.name() + "` unfolds to more than "
                    + Budget.count(MAX_SYMBOLIC_TREE) + " terms, too many to differentiate symbolically (see \"Limits\" in "
                    + "docs/language.md)");
        }
    }

    private Value loop(Stmt.For f, Scope scope, boolean topLevel) {
        int lo = expressions.integer(f.lo(), scope, "a loop bound");
        int hi = expressions.integer(f.hi(), scope, "a loop bound");
        checkNewName(f.var(), f.span(), scope);
        Budget.Loop loop = budget.enter(f.var(), lo, hi, f.span(), out.steps.size());
        try {
            for (int i = lo; i <= hi; i++) {
                Scope body = new Scope(scope, false);
                body.define(f.var(), Value.Num.of(i), f.span());
                Value r = block(f.body(), body, topLevel);
                if (r != null) throw new CheckError(f.span(), "`return` inside a loop: return after the loop");
                budget.iterated(loop, i, out.steps.size());
            }
        } finally {
            budget.leave(loop);
        }
        return null;
    }

    private void assign(Stmt.Assign a, Scope scope) {
        Value v = expressions.eval(a.value(), scope);
        Expressions.poisonCheck(v);
        if (v instanceof Value.Func) throw new CheckError(a.span(), "functions are defined with `def`");
        if (a.indices().isEmpty()) {
            checkNewName(a.name(), a.span(), scope);
            scope.define(a.name(), materialize(named(v, a.name(), a.value()), a.name(), a.value().span()), a.span());
            return;
        }
        defineElement(a.name(), indices(a, scope), v, a.span(), a.value().span(), scope);
    }

    /** The indices of {@code a[i][j] = …}, evaluated. */
    private int[] indices(Stmt.Assign a, Scope scope) {
        int[] idx = new int[a.indices().size()];
        for (int k = 0; k < idx.length; k++) idx[k] = expressions.integer(a.indices().get(k), scope, "an array index");
        return idx;
    }

    /** {@code name[i][j] = v}: creates the array in the enclosing function (or at the top level) if needed. */
    void defineElement(String name, int[] idx, Value v, Span span, Span valueSpan, Scope scope) {
        Scope.Binding b = scope.clash(name);
        Value.Arr arr;
        if (b == null) {
            checkNewName(name, span, scope);
            arr = new Value.Arr(name);
            scope.owner().define(name, arr, span);
        } else if (b.value() instanceof Value.Arr existing) {
            arr = existing;
        } else {
            Expressions.poisonCheck(b.value());
            throw new CheckError(span, "`" + name + "` is " + Value.kindName(b.value()) + ", not an array" + at(b.span()));
        }
        // the array at hand is named as its place is (the name of the array, the indices so far) while
        // `own`: its elements are then named from its name, no string built per element; else the
        // place is spelled out in `place`
        boolean own = arr.name().equals(name);
        String place = own ? null : name;
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            String at = own ? arr.name() : place;
            Value existing = arr.elements().get(i);
            if (k == idx.length - 1) {
                CharSequence full = own ? new Program.ElementName(at, i) : at + "[" + i + "]";
                if (existing != null && !(existing instanceof Value.Poison)) {
                    throw new CheckError(span, "`" + full + "` is already defined (every name is defined once)");
                }
                arr.elements().put(i, valueSpan == null ? v : materialize(v, full, valueSpan));
            } else {
                if (existing == null) {
                    existing = new Value.Arr(at + "[" + i + "]");
                    arr.elements().put(i, existing);
                } else if (!(existing instanceof Value.Arr)) {
                    throw new CheckError(span, "`" + at + "[" + i + "]` is not an array");
                }
                arr = (Value.Arr) existing;
                own = isElementName(arr.name(), at, i);
                place = own ? null : at + "[" + i + "]";
            }
        }
    }

    /** Whether {@code name} is {@code array[i]} (i in decimal), read without building it. */
    static boolean isElementName(String name, String array, int i) {
        int n = array.length();
        int end = name.length() - 1;
        if (end < n + 2 || name.charAt(end) != ']' || name.charAt(n) != '[' || !name.startsWith(array)) return false;
        long v = Math.abs((long) i);
        int p = end - 1;
        do {
            if (p <= n || name.charAt(p) != (char) ('0' + v % 10)) return false;
            v /= 10;
            p--;
        } while (v > 0);
        if (i < 0) {
            if (p <= n || name.charAt(p) != '-') return false;
            p--;
        }
        return p == n;
    }

    /** Named vectors and scalars become steps of the core program (except while differentiating). */
    private Value materialize(Value v, CharSequence name, Span span) {
        if (expressions.symbolic) return v;
        if (!callStack.isEmpty()) name = callStack.peek() + "." + name;
        if (v instanceof Value.Vec w) {
            int id = out.nonlin(w.fn(), span);
            out.name(id, name);
            return new Value.Vec(new Fn.Ref(id, Fn.Kind.VECTOR));
        }
        if (v instanceof Value.Sca s) {
            int id = out.scalar(s.fn(), span);
            out.name(id, name);
            return new Value.Sca(new Fn.Ref(id, Fn.Kind.SCALAR));
        }
        if (v instanceof Value.Mat m) return grads.tag(m);
        return v;
    }

    private void importModule(Stmt.Import i) {
        SourceFile module = imports.resolve(i);
        if (module == null) return;
        try {
            List<Stmt> stmts = Parser.parse(module);
            grads.read(module);
            for (Stmt s : stmts) {
                if (!(s instanceof Stmt.Def) && !(s instanceof Stmt.Import)) {
                    report(Diagnostic.error(s.span(), "a module holds only `def` and `import` statements"));
                    continue;
                }
                try {
                    statement(s, global, true);
                } catch (CheckError e) {
                    if (e.span != null) report(Diagnostic.error(e.span, e.getMessage()));
                }
            }
        } catch (ProgramError e) {
            e.diagnostics().forEach(this::report);
        } finally {
            imports.leave(module);
        }
    }

    String suggest(String name, Scope scope) {
        List<String> candidates = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.parent) candidates.addAll(s.names().keySet());
        return Suggestions.didYouMean(name, candidates);
    }

    String suggestFunction(String name) {
        List<String> candidates = new ArrayList<>(functions.keySet());
        for (Op op : Op.values()) if (Op.byName(op.symbol()) != null) candidates.add(op.symbol());
        candidates.addAll(Builtin.names());
        return Suggestions.didYouMean(name, candidates);
    }
}
