package tp.check;

import java.nio.file.Path;
import tp.syntax.Expr;

/**
 * The expressions that bring data into a program: list literals (arrays of numbers),
 * {@code csv(…)} and {@code sum(i in lo..hi: …)}. All are evaluated at check time; what reaches
 * the core program is numbers, or the sum's terms added up.
 */
final class DataExpressions {
    private final Expressions ex;
    private final Checker checker;
    private final ProgramBuilder out;

    DataExpressions(Expressions ex, Checker checker, ProgramBuilder out) {
        this.ex = ex;
        this.checker = checker;
        this.out = out;
    }

    /** {@code [a, b, …]}: an array of numbers (its items numbers, or arrays of numbers for a table). */
    Value list(Expr.ListLit x, Scope scope) {
        Elements m = new Elements();
        for (int i = 0; i < x.items().size(); i++) {
            Expr item = x.items().get(i);
            Value v = ex.eval(item, scope);
            Expressions.poisonCheck(v);
            if (v instanceof Value.Arr a && NumArrays.numeric(a)) v = NumArrays.rename(a, x.text() + "[" + (i + 1) + "]");
            else if (!(v instanceof Value.Num)) {
                throw Expressions.kindError(item.span(), item, v, "a list `[…]` is an array of compile-time numbers "
                        + "(or lists of them), or the mean or covariance of a vector declaration");
            }
            m.put(i + 1, v);
        }
        return new Value.Arr(x.text(), m);
    }

    /**
     * {@code sum(i in lo..hi: body)}: the body's values added up, counted against the loop budget
     * like a {@code for}. Matrices add by concatenating their terms, so a sum of P outer products
     * stays P rank-one terms.
     */
    Value sum(Expr.Sum x, Scope scope) {
        int lo = ex.integer(x.lo(), scope, "a bound of `sum`");
        int hi = ex.integer(x.hi(), scope, "a bound of `sum`");
        checker.checkNewName(x.var(), x.varSpan(), scope);
        Budget.Loop loop = checker.budget().enter(x.var(), lo, hi, x.span(), out.steps.size());
        Value total = null;
        try {
            for (int i = lo; i <= hi; i++) {
                Scope body = new Scope(scope, false);
                body.define(x.var(), new Value.Num(i), x.varSpan());
                Value v = ex.eval(x.body(), body);
                total = total == null ? summand(x, v) : add(x, total, summand(x, v));
                checker.budget().iterated(loop, i, out.steps.size());
            }
        } finally {
            checker.budget().leave(loop);
        }
        return total == null ? new Value.Num(0) : total;
    }

    private static Value summand(Expr.Sum x, Value v) {
        Expressions.poisonCheck(v);
        boolean ok = v instanceof Value.Num || v instanceof Value.Sca || v instanceof Value.Vec || v instanceof Value.Mat
                || v instanceof Value.Arr a && NumArrays.numeric(a);
        if (!ok) {
            throw Expressions.kindError(x.span(), x.body(), v, "`sum` adds numbers, scalars, vectors, matrices and arrays of numbers");
        }
        return v;
    }

    private Value add(Expr.Sum x, Value total, Value v) {
        if (total instanceof Value.Mat a && v instanceof Value.Mat b) return Expressions.add(a, b);
        if (total instanceof Value.Mat || v instanceof Value.Mat) {
            throw Expressions.kindError(x.span(), x.body(), v, "the terms of a `sum` are all matrices or none is");
        }
        if (total instanceof Value.Arr || v instanceof Value.Arr) {
            if (!(total instanceof Value.Arr && v instanceof Value.Arr)) {
                throw Expressions.kindError(x.span(), x.body(), v, "the terms of a `sum` are all arrays of the same shape or none is");
            }
            return NumArrays.combine(total, v, Double::sum, "sum", x.text(), x.span());
        }
        return ex.elementwise(tp.fn.Op.ADD, x.span(), java.util.List.of(x.body(), x.body()), java.util.List.of(total, v));
    }

    /**
     * {@code csv("FILE")}, a table of rows × columns; {@code csv("FILE", k)} or
     * {@code csv("FILE", "name")}, one column. FILE is relative to the program's directory.
     */
    Value csv(Expr.Call x, Scope scope) {
        if (x.args().isEmpty() || x.args().size() > 2) {
            throw new CheckError(x.span(), "`csv` takes a file name and optionally a column, as in `csv(\"data.csv\")` or "
                    + "`csv(\"data.csv\", \"label\")`; got " + x.args().size() + " arguments");
        }
        if (!(x.args().get(0) instanceof Expr.Str file)) {
            throw new CheckError(x.args().get(0).span(), "`csv` takes a file name in quotes, as in `csv(\"data.csv\")`");
        }
        Path path = DataFiles.resolve(file.span().file(), file.value());
        DataFiles.Table t;
        try {
            t = checker.dataFiles().read(path, file.span());
        } catch (DataFiles.Bad e) {
            checker.report(e.where);
            throw new CheckError(x.span(), "cannot read " + path + ": " + e.getMessage());
        }
        if (x.args().size() == 1) return NumArrays.of(x.text(), t.rows());
        int column = column(x.args().get(1), t, scope);
        double[] values = new double[t.rows().length];
        for (int i = 0; i < values.length; i++) values[i] = t.rows()[i][column - 1];
        return NumArrays.of(x.text(), values);
    }

    /** The 1-based column a {@code csv} call names, by number or by its header. */
    private int column(Expr e, DataFiles.Table t, Scope scope) {
        int columns = t.header() != null ? t.header().size() : t.rows().length > 0 ? t.rows()[0].length : 0;
        if (e instanceof Expr.Str name) {
            if (t.header() == null) {
                throw new CheckError(e.span(), t.file() + " has no header row (its first row is numbers): name the column "
                        + "by its number, 1 to " + columns);
            }
            int i = t.header().indexOf(name.value());
            if (i < 0) {
                throw new CheckError(e.span(), "no column \"" + name.value() + "\" in " + t.file()
                        + Suggestions.didYouMean(name.value(), t.header()));
            }
            return i + 1;
        }
        int k = ex.integer(e, scope, "a column of `csv`");
        if (k < 1 || k > columns) {
            throw new CheckError(e.span(), "column " + k + " is not in " + t.file() + ": it has columns 1 to " + columns);
        }
        return k;
    }

}
