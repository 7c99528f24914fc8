package tp.check;

import java.util.ArrayList;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.syntax.Expr;
import tp.syntax.Operator;
import tp.syntax.Span;

/** Gives expressions their kind and value, emitting MatMuls, Moments and temporaries as needed. */
final class Expressions {
    private static final int HOLE = -1;

    private final Checker checker;
    private final ProgramBuilder out;
    private final DataExpressions data;
    /** True while expanding {@code f'} for a user function: only elementwise operations are allowed. */
    boolean symbolic;

    Expressions(Checker checker, ProgramBuilder out) {
        this.checker = checker;
        this.out = out;
        this.data = new DataExpressions(this, checker, out);
    }

    Value eval(Expr e, Scope scope) {
        if (e instanceof Expr.Num x) return Value.Num.of(x.value());
        if (e instanceof Expr.Name x) return name(x, scope);
        if (e instanceof Expr.Call x) return call(x, scope);
        if (e instanceof Expr.Index x) return index(x, scope);
        if (e instanceof Expr.Transpose x) {
            Value v = eval(x.target(), scope);
            if (v instanceof Value.Mat m) return transpose(m);
            if (v instanceof Value.Arr a && NumArrays.numeric(a)) return NumArrays.transpose(a, x.text(), x.span());
            throw kindError(x.span(), x.target(), v, "`.T` transposes a matrix"
                    + (v instanceof Value.Vec ? " (an inner product of vectors is written `mean(a * b)`, that is aᵀb / n)" : ""));
        }
        if (e instanceof Expr.Unary x) return unary(x, scope);
        if (e instanceof Expr.Binary x) return binary(x, scope);
        if (e instanceof Expr.ListLit x) return data.list(x, scope);
        if (e instanceof Expr.Sum x) return data.sum(x, scope);
        if (e instanceof Expr.Str x) return new Value.Str(x.value());
        throw new AssertionError(e);
    }

    /** A compile-time number, or an error saying what was wanted. */
    double number(Expr e, Scope scope, String what) {
        return number(e, eval(e, scope), what);
    }

    /** The value {@code v} of {@code e} as a compile-time number, or an error saying what was wanted. */
    static double number(Expr e, Value v, String what) {
        if (v instanceof Value.Num n) return n.value();
        poisonCheck(v);
        throw new CheckError(e.span(), what + " must be a compile-time number; `" + e.text() + "` is " + Value.kindName(v));
    }

    static void poisonCheck(Value v) {
        if (v instanceof Value.Poison) throw CheckError.silent();
    }

    private Value name(Expr.Name x, Scope scope) {
        Scope.Binding b = scope.lookup(x.name());
        if (b != null) {
            poisonCheck(b.value());
            return b.value();
        }
        if (x.name().equals("n")) {
            if (symbolic) throw new CheckError(x.span(), "`n` cannot appear in a function used with `'`");
            return new Value.Sca(new Fn.Width());
        }
        if (x.name().equals("pi")) return new Value.Num(Math.PI);
        if (Op.byName(stripPrimes(x.name())) != null || checker.function(stripPrimes(x.name())) != null) {
            throw new CheckError(x.span(), "`" + x.name() + "` is a function: call it, as in `" + x.name() + "(x)`");
        }
        throw new CheckError(x.span(), "unknown name `" + x.name() + "`" + checker.suggest(x.name(), scope));
    }

    private Value index(Expr.Index x, Scope scope) {
        Value target = eval(x.target(), scope);
        if (!(target instanceof Value.Arr a)) {
            throw kindError(x.span(), x.target(), target, "only arrays can be indexed");
        }
        int i = integer(x.index(), scope, "an array index");
        Value v = a.elements().get(i);
        if (v == null) {
            String range = a.elements().isEmpty() ? "no elements"
                    : "elements " + a.elements().firstKey() + ".." + a.elements().lastKey();
            throw new CheckError(x.span(), "`" + a.name() + "[" + i + "]` is not defined (" + a.name() + " has " + range + ")");
        }
        poisonCheck(v);
        return v;
    }

    int integer(Expr e, Scope scope, String what) {
        double v = number(e, scope, what);
        if (v != Math.rint(v) || Math.abs(v) > 1e9) {
            throw new CheckError(e.span(), what + " must be an integer; `" + e.text() + "` is " + Fns.formatConst(v));
        }
        return (int) v;
    }

    private Value unary(Expr.Unary x, Scope scope) {
        Value v = eval(x.operand(), scope);
        return switch (x.op()) {
            case NOT -> {
                if (v instanceof Value.Num n) yield new Value.Num(n.value() == 0 ? 1 : 0);
                throw kindError(x.span(), x.operand(), v, "`!` takes a compile-time condition");
            }
            case NEG -> v instanceof Value.Mat m ? scaleMatrix(m, Fns.c(-1))
                    : v instanceof Value.Arr a && NumArrays.numeric(a)
                    ? NumArrays.combine(new Value.Num(0), a, (p, q) -> p - q, "-", x.text(), x.span())
                    : elementwise(Op.NEG, x.span(), List.of(x.operand()), List.of(v));
        };
    }

    private Value binary(Expr.Binary x, Scope scope) {
        Value l = eval(x.left(), scope);
        Value r = eval(x.right(), scope);
        return switch (x.op()) {
            case MATMUL -> matmul(x, l, r);
            case ADD -> arithmetic(Op.ADD, x, l, r);
            case SUB -> arithmetic(Op.SUB, x, l, r);
            case MUL -> arithmetic(Op.MUL, x, l, r);
            case DIV -> arithmetic(Op.DIV, x, l, r);
            case POW -> arithmetic(Op.POW, x, l, r);
            case EQ -> compare(x, l, r, (p, q) -> p == q);
            case NE -> compare(x, l, r, (p, q) -> p != q);
            case LT -> compare(x, l, r, (p, q) -> p < q);
            case LE -> compare(x, l, r, (p, q) -> p <= q);
            case GT -> compare(x, l, r, (p, q) -> p > q);
            case GE -> compare(x, l, r, (p, q) -> p >= q);
            case AND -> compare(x, l, r, (p, q) -> p != 0 && q != 0);
            case OR -> compare(x, l, r, (p, q) -> p != 0 || q != 0);
        };
    }

    private Value arithmetic(Op op, Expr.Binary x, Value l, Value r) {
        if (l instanceof Value.Mat || r instanceof Value.Mat) return matrixArithmetic(x, l, r);
        if (l instanceof Value.Arr || r instanceof Value.Arr) return arrayArithmetic(op, x, l, r);
        // index arithmetic (`l-1`) is most of it: numbers need no functions built
        if (l instanceof Value.Num a && r instanceof Value.Num b) return number(op.apply(a.value(), b.value()), x.span());
        return elementwise(op, x.span(), x.left(), x.right(), l, r);
    }

    /** A comparison or logical operator's truth on two compile-time numbers. */
    private interface Relation {
        boolean holds(double p, double q);
    }

    private Value compare(Expr.Binary x, Value l, Value r, Relation relation) {
        if (l instanceof Value.Str || r instanceof Value.Str) {
            boolean eq = x.op() == Operator.EQ || x.op() == Operator.NE;
            if (!eq || !(l instanceof Value.Str a) || !(r instanceof Value.Str b)) {
                Expr bad = l instanceof Value.Str && eq ? x.right() : x.left();
                throw kindError(x.span(), bad, bad == x.left() ? l : r,
                        "strings are compared only with strings, by `==` and `!=` (as in `par == \"mup\"`)");
            }
            return new Value.Num(a.value().equals(b.value()) == (x.op() == Operator.EQ) ? 1 : 0);
        }
        if (!(l instanceof Value.Num a)) throw kindError(x.span(), x.left(), l, compareHint(x.op()));
        if (!(r instanceof Value.Num b)) throw kindError(x.span(), x.right(), r, compareHint(x.op()));
        return new Value.Num(relation.holds(a.value(), b.value()) ? 1 : 0);
    }

    private static String compareHint(Operator op) {
        return "`" + op.symbol() + "` compares compile-time numbers (claims about scalars go in `expect`)";
    }

    /** Arithmetic and built-in functions of numbers, scalars and vectors. */
    Value elementwise(Op op, Span span, List<Expr> args, List<Value> vals) {
        Fn[] fns = new Fn[vals.size()];
        int kinds = 0;
        for (int i = 0; i < fns.length; i++) {
            fns[i] = operand(op, span, args.get(i), vals.get(i));
            kinds |= kind(vals.get(i));
        }
        return result(Fns.apply(op, fns), span, kinds);
    }

    /** {@link #elementwise} of two operands (arithmetic: most of a program's expressions), without lists. */
    private Value elementwise(Op op, Span span, Expr left, Expr right, Value l, Value r) {
        Fn a = operand(op, span, left, l);
        Fn b = operand(op, span, right, r);
        return result(Fns.apply(op, a, b), span, kind(l) | kind(r));
    }

    private static final int SCALAR = 1;
    private static final int VECTOR = 2;

    private static int kind(Value v) {
        return v instanceof Value.Vec ? VECTOR : v instanceof Value.Sca ? SCALAR : 0;
    }

    /** An operand of an elementwise function as a function, or an error saying what the operation takes. */
    private static Fn operand(Op op, Span span, Expr e, Value v) {
        poisonCheck(v);
        if (v instanceof Value.Num n) return Fns.c(n.value());
        if (v instanceof Value.Sca s) return s.fn();
        if (v instanceof Value.Vec w) return w.fn();
        String what = op == Op.ADD || op == Op.SUB || op == Op.MUL || op == Op.DIV || op == Op.POW || op == Op.NEG
                ? "`" + (op == Op.NEG ? "-" : op == Op.POW ? "^" : op.symbol()) + "` acts elementwise on numbers, scalars and vectors"
                : "`" + op.symbol() + "` acts elementwise on numbers, scalars and vectors";
        if (v instanceof Value.Mat && op == Op.MUL) what += " (multiply a matrix by a vector with `@`)";
        throw kindError(span, e, v, what);
    }

    /** The value an elementwise function of operands of these kinds gives. */
    private Value result(Fn applied, Span span, int kinds) {
        Fn fn = out.shared(applied);
        if (fn instanceof Fn.Const c && kinds == 0) return number(c.value(), span);
        if ((kinds & VECTOR) != 0) return new Value.Vec(fn);
        if ((kinds & SCALAR) != 0) return new Value.Sca(fn);
        return new Value.Num(((Fn.Const) fn).value());
    }

    /** Arrays of numbers entry by entry, with each other (same shape) or with a number. */
    private static Value arrayArithmetic(Op op, Expr.Binary x, Value l, Value r) {
        for (int side = 0; side < 2; side++) {
            Value v = side == 0 ? l : r;
            boolean ok = v instanceof Value.Num || v instanceof Value.Arr a && NumArrays.numeric(a);
            if (!ok) {
                throw kindError(x.span(), side == 0 ? x.left() : x.right(), v, "`" + x.op().symbol()
                        + "` combines arrays of numbers only with arrays of the same shape or with numbers");
            }
        }
        java.util.function.DoubleBinaryOperator f = switch (op) {
            case ADD -> (p, q) -> p + q;
            case SUB -> (p, q) -> p - q;
            case MUL -> (p, q) -> p * q;
            case DIV -> (p, q) -> p / q;
            default -> Math::pow;
        };
        return NumArrays.combine(l, r, f, x.op().symbol(), x.text(), x.span());
    }

    /** A compile-time number, which must be finite. */
    private static Value number(double v, Span span) {
        if (!Double.isFinite(v)) throw new CheckError(span, "this compile-time expression is " + v);
        return Value.Num.of(v);
    }

    private Value matmul(Expr.Binary x, Value l, Value r) {
        if (l instanceof Value.Arr a && NumArrays.numeric(a) && r instanceof Value.Arr b && NumArrays.numeric(b)) {
            return NumArrays.matmul(a, b, x.text(), x.span());
        }
        if (!(l instanceof Value.Mat m)) {
            throw kindError(x.span(), x.left(), l, "`@` multiplies a matrix by a vector: the left side must be a matrix");
        }
        if (!(r instanceof Value.Vec v)) {
            String hint = r instanceof Value.Mat
                    ? "`@` multiplies a matrix by a vector; tensor programs never multiply two matrices"
                    : "`@` multiplies a matrix by a vector";
            throw kindError(x.span(), x.right(), r, hint);
        }
        if (symbolic) throw new CheckError(x.span(), "a function used with `'` must be elementwise; `@` is not");
        return apply(m, v.fn(), x.span());
    }

    /**
     * {@code M x} lowered to MatMuls of initial matrices and Moments for the low-rank terms; of a
     * multiple {@code x = s·u} (see {@link ProgramBuilder#scaled}), {@code s·(M u)}.
     */
    Value.Vec apply(Value.Mat m, Fn x, Span span) {
        int input = out.nonlin(x, span);
        ProgramBuilder.Scaled s = out.scaled(input);
        if (s != null) {
            out.readThrough(input);
            return new Value.Vec(Fns.mul(s.scale(), product(m, s.inner(), span)));
        }
        return new Value.Vec(product(m, input, span));
    }

    /** {@code M x} for the vector value {@code input}. */
    private Fn product(Value.Mat m, int input, Span span) {
        Fn result = Fns.ZERO;
        for (Value.Term t : m.terms()) {
            int y = out.matmul(t.matrix(), t.transposed(), input, span);
            result = Fns.add(result, Fns.mul(t.coef(), new Fn.Ref(y, Fn.Kind.VECTOR)));
        }
        for (Value.Outer o : m.outers()) {
            int dot = out.moment(Fns.mul(o.b(), new Fn.Ref(input, Fn.Kind.VECTOR)), span);
            result = Fns.add(result, Fns.mul(Fns.mul(o.coef(), new Fn.Ref(dot, Fn.Kind.SCALAR)), o.a()));
        }
        if (m.tags().isEmpty()) return result;
        Grads grads = checker.grads();
        if (!grads.recording()) {
            for (Value.Tag t : m.tags()) grads.missed(t);
            return result;
        }
        // the product is one value, so grad can find its adjoint: the same steps, and one Nonlin more at most
        int y = out.nonlin(result, span);
        for (Value.Tag t : m.tags()) grads.use(t, input, y);
        return new Fn.Ref(y, Fn.Kind.VECTOR);
    }

    private Value matrixArithmetic(Expr.Binary x, Value l, Value r) {
        Operator op = x.op();
        if ((op == Operator.ADD || op == Operator.SUB) && l instanceof Value.Mat a && r instanceof Value.Mat b) {
            return add(a, op == Operator.SUB ? scaleMatrix(b, Fns.c(-1)) : b);
        }
        if (op == Operator.MUL && l instanceof Value.Mat a && scalarFn(r) != null) return scaleMatrix(a, scalarFn(r));
        if (op == Operator.MUL && r instanceof Value.Mat b && scalarFn(l) != null) return scaleMatrix(b, scalarFn(l));
        if (op == Operator.DIV && l instanceof Value.Mat a && scalarFn(r) != null) {
            return scaleMatrix(a, Fns.div(Fns.ONE, scalarFn(r)));
        }
        Expr bad = l instanceof Value.Mat ? x.right() : x.left();
        Value badV = l instanceof Value.Mat ? r : l;
        if (badV instanceof Value.Mat) bad = x.right();
        String hint;
        if (op == Operator.MUL && (badV instanceof Value.Vec)) {
            hint = "a matrix times a vector is written `W @ v`";
        } else if (op == Operator.ADD || op == Operator.SUB) {
            hint = "a matrix can be added only to a matrix (such as `- lr * outer(a, b)`)";
        } else if (op == Operator.MUL || op == Operator.DIV) {
            hint = "a matrix can be scaled only by a number or a scalar";
        } else {
            hint = "`" + op.symbol() + "` does not apply to matrices";
        }
        throw kindError(x.span(), bad, badV, hint);
    }

    /** Matrices add by concatenating their terms and their outers. */
    static Value.Mat add(Value.Mat a, Value.Mat b) {
        List<Value.Term> terms = new ArrayList<>(a.terms());
        terms.addAll(b.terms());
        List<Value.Outer> outers = new ArrayList<>(a.outers());
        outers.addAll(b.outers());
        List<Value.Tag> tags = new ArrayList<>(a.tags());
        tags.addAll(b.tags());
        return new Value.Mat(terms, outers, tags, -1);
    }

    private static Fn scalarFn(Value v) {
        if (v instanceof Value.Num n) return Fns.c(n.value());
        if (v instanceof Value.Sca s) return s.fn();
        return null;
    }

    static Value.Mat scaleMatrix(Value.Mat m, Fn k) {
        List<Value.Term> terms = new ArrayList<>();
        for (Value.Term t : m.terms()) terms.add(new Value.Term(Fns.mul(k, t.coef()), t.matrix(), t.transposed()));
        List<Value.Outer> outers = new ArrayList<>();
        for (Value.Outer o : m.outers()) outers.add(new Value.Outer(Fns.mul(k, o.coef()), o.a(), o.b()));
        List<Value.Tag> tags = new ArrayList<>();
        for (Value.Tag t : m.tags()) tags.add(new Value.Tag(Fns.mul(k, t.coef()), t.tag(), t.transposed()));
        return new Value.Mat(terms, outers, tags, Fns.isConst(k, 1) ? m.self() : -1);
    }

    static Value.Mat transpose(Value.Mat m) {
        List<Value.Term> terms = new ArrayList<>();
        for (Value.Term t : m.terms()) terms.add(new Value.Term(t.coef(), t.matrix(), !t.transposed()));
        List<Value.Outer> outers = new ArrayList<>();
        for (Value.Outer o : m.outers()) outers.add(new Value.Outer(o.coef(), o.b(), o.a()));
        List<Value.Tag> tags = new ArrayList<>();
        for (Value.Tag t : m.tags()) tags.add(new Value.Tag(t.coef(), t.tag(), !t.transposed()));
        return new Value.Mat(terms, outers, tags, -1);
    }

    private Value call(Expr.Call x, Scope scope) {
        String f = x.function();
        List<Expr> args = x.args();
        switch (f) {
            case "mean": {
                arity(x, 1);
                Value v = eval(args.get(0), scope);
                if (!(v instanceof Value.Vec w)) throw kindError(x.span(), args.get(0), v, "`mean` takes a vector");
                if (symbolic) throw new CheckError(x.span(), "a function used with `'` must be elementwise; `mean` is not");
                return new Value.Sca(out.mean(w.fn(), x.span()));
            }
            case "outer": {
                arity(x, 2);
                Fn a = vector(args.get(0), scope, x.span(), "`outer` takes two vectors");
                Fn b = vector(args.get(1), scope, x.span(), "`outer` takes two vectors");
                return new Value.Mat(List.of(), List.of(new Value.Outer(Fns.ONE, a, b)));
            }
            case "gram": {
                if (args.isEmpty()) throw new CheckError(x.span(), "`gram` takes one or more vectors");
                List<Fn> vs = new ArrayList<>();
                for (Expr a : args) gramVectors(eval(a, scope), a, x.span(), vs);
                return new Value.Gram(vs);
            }
            case "mineig": case "maxeig": {
                arity(x, 1);
                Value v = eval(args.get(0), scope);
                if (!(v instanceof Value.Gram g)) {
                    throw kindError(x.span(), args.get(0), v, "`" + f + "` takes a Gram matrix, as in `" + f + "(gram(h1, h2))`");
                }
                List<Fn> entries = new ArrayList<>();
                for (int id : gramIds(g, x.span())) entries.add(new Fn.Ref(id, Fn.Kind.SCALAR));
                return new Value.Sca(new Fn.Apply(f.equals("mineig") ? Op.MINEIG : Op.MAXEIG, entries));
            }
            case "len": {
                arity(x, 1);
                Value v = eval(args.get(0), scope);
                if (!(v instanceof Value.Arr a)) throw kindError(x.span(), args.get(0), v, "`len` takes an array");
                return new Value.Num(a.elements().size());
            }
            case "csv":
                return data.csv(x, scope);
            case "choice": {
                // choice(x, "a", "b", …): the place of the string x among the options (0, 1, …), or an error listing them
                if (args.size() < 2) throw new CheckError(x.span(), "`choice` takes a string and the strings it may be, as in "
                        + "`choice(P, \"mup\", \"ntk\")`");
                Value v = eval(args.get(0), scope);
                List<String> options = new ArrayList<>();
                for (Expr a : args.subList(1, args.size())) {
                    if (!(a instanceof Expr.Str s)) throw new CheckError(a.span(), "the options of `choice` are strings, as in \"mup\"");
                    options.add(s.value());
                }
                if (!(v instanceof Value.Str s)) {
                    throw kindError(x.span(), args.get(0), v, "`choice` takes a string (one of \"" + String.join("\", \"", options) + "\")");
                }
                int i = options.indexOf(s.value());
                if (i < 0) {
                    throw new CheckError(args.get(0).span(), "`" + args.get(0).text() + "` is \"" + s.value() + "\"; it must be one of \""
                            + String.join("\", \"", options) + "\"" + Suggestions.didYouMean(s.value(), options));
                }
                return Value.Num.of(i);
            }
            case "grad": {
                arity(x, 2);
                if (symbolic) throw new CheckError(x.span(), "a function used with `'` must be elementwise; `grad` is not");
                Value s = eval(args.get(0), scope);
                Value p = eval(args.get(1), scope);
                return Gradient.of(s, args.get(0).text(), p, args.get(1).text(), x.span(), out, checker.grads());
            }
            default: break;
        }
        String base = stripPrimes(f);
        int order = f.length() - base.length();
        Op op = Op.byName(base);
        Scope.Binding user = checker.function(base);
        if (op == null && user == null) {
            if (scope.lookup(base) != null) {
                throw new CheckError(x.span(), "`" + base + "` is " + Value.kindName(scope.lookup(base).value()) + ", not a function");
            }
            throw new CheckError(x.span(), "unknown function `" + f + "`" + habit(base) + checker.suggestFunction(base));
        }
        List<Value> vals = new ArrayList<>(args.size());
        for (Expr a : args) vals.add(eval(a, scope));
        if (user != null) {
            Value.Func fn = (Value.Func) user.value();
            int want = fn.def().params().size();
            if (args.size() != want) {
                throw new CheckError(x.span(), "`" + base + "` takes " + want + " argument" + (want == 1 ? "" : "s")
                        + ", got " + args.size());
            }
            if (order == 0) return checker.call(fn.def(), vals, x.span());
            if (want != 1) {
                throw new CheckError(x.span(), "`" + f + "`: only a function of one argument has a derivative");
            }
            return derivative(x, order, vals.get(0), hole -> checker.call(fn.def(), List.of(hole), x.span()));
        }
        if (args.size() != op.arity()) {
            throw new CheckError(x.span(), "`" + base + "` takes " + op.arity() + " argument" + (op.arity() == 1 ? "" : "s")
                    + ", got " + args.size());
        }
        if (order == 0) return elementwise(op, x.span(), args, vals);
        if (op.arity() != 1) {
            throw new CheckError(x.span(), "`" + f + "`: only a function of one argument has a derivative");
        }
        return derivative(x, order, vals.get(0), hole -> elementwise(op, x.span(), args, List.of(hole)));
    }

    /** What to write instead of a numpy habit. */
    private static String habit(String f) {
        switch (f) {
            case "dot": case "inner": case "vdot":
                return ": the inner product of vectors is written `mean(a * b)` (aᵀb / n, the normalisation of tensor programs)";
            case "sum":
                return ": the sum of a vector's coordinates is n·`mean(v)`; tp's moments are means, `mean(v)`";
            case "matmul":
                return ": a matrix times a vector is written `W @ x`";
            case "norm":
                return ": the squared norm per coordinate is `mean(v * v)`";
            default:
                return "";
        }
    }

    /** {@code f'(x)}: f applied to a placeholder, differentiated, then applied to x. */
    private Value derivative(Expr.Call x, int order, Value arg, java.util.function.Function<Value, Value> body) {
        Value.Vec hole = new Value.Vec(new Fn.Ref(HOLE, Fn.Kind.VECTOR));
        boolean was = symbolic;
        symbolic = true;
        Value result;
        try {
            result = body.apply(hole);
        } finally {
            symbolic = was;
        }
        Fn fn;
        if (result instanceof Value.Vec v) fn = v.fn();
        else if (result instanceof Value.Num n) fn = Fns.c(n.value());
        else throw new CheckError(x.span(), "`" + x.function() + "`: the function must return an elementwise value");
        for (int k = 0; k < order; k++) fn = Fns.derivative(fn, HOLE);
        Fn argFn;
        if (arg instanceof Value.Num n) argFn = Fns.c(n.value());
        else if (arg instanceof Value.Sca s) argFn = s.fn();
        else if (arg instanceof Value.Vec v) argFn = v.fn();
        else throw kindError(x.span(), x.args().get(0), arg, "`" + x.function() + "` acts elementwise on numbers, scalars and vectors");
        Fn applied = fn.substitute(java.util.Map.of(HOLE, argFn));
        if (applied instanceof Fn.Const c && arg instanceof Value.Num) return new Value.Num(c.value());
        boolean vector = applied.kind() == Fn.Kind.VECTOR || (arg instanceof Value.Vec && applied instanceof Fn.Const);
        return vector ? new Value.Vec(applied) : new Value.Sca(applied);
    }

    List<Integer> gramIds(Value.Gram g, Span span) {
        int k = g.vectors().size();
        int[][] ids = new int[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                ids[i][j] = ids[j][i] = out.moment(Fns.mul(g.vectors().get(i), g.vectors().get(j)), span);
            }
        }
        List<Integer> flat = new ArrayList<>();
        for (int[] row : ids) for (int id : row) flat.add(id);
        return flat;
    }

    /**
     * The vectors of one argument of `gram`: a vector, or an array of vectors (a data set's features,
     * `gram(x)` with x[1..P]) taken in index order, nested arrays row by row.
     */
    private void gramVectors(Value v, Expr e, Span span, List<Fn> into) {
        if (v instanceof Value.Vec w) {
            into.add(w.fn());
        } else if (v instanceof Value.Arr a && !a.elements().isEmpty()) {
            for (Value element : a.elements().values()) gramVectors(element, e, span, into);
        } else {
            throw kindError(span, e, v, "`gram` takes vectors, or arrays of vectors");
        }
    }

    private Fn vector(Expr e, Scope scope, Span span, String what) {
        Value v = eval(e, scope);
        if (v instanceof Value.Vec w) return w.fn();
        throw kindError(span, e, v, what);
    }

    static void arity(Expr.Call x, int n) {
        if (x.args().size() != n) {
            throw new CheckError(x.span(), "`" + x.function() + "` takes " + n + " argument" + (n == 1 ? "" : "s")
                    + ", got " + x.args().size());
        }
    }

    static String stripPrimes(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '\'') end--;
        return name.substring(0, end);
    }

    static CheckError kindError(Span span, Expr culprit, Value v, String rule) {
        poisonCheck(v);
        return new CheckError(span, "`" + culprit.text() + "` is " + Value.kindName(v) + "; " + rule);
    }
}
