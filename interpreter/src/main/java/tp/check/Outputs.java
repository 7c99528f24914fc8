package tp.check;

import java.util.List;
import java.util.Set;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.ir.Comparison;
import tp.ir.Program;
import tp.syntax.Expr;
import tp.syntax.Stmt;

/** {@code output …} and {@code expect …}. */
final class Outputs {
    private Outputs() {}

    static void output(Stmt.Output o, Scope scope, Expressions ex, ProgramBuilder out, Set<String> names, Checker checker) {
        for (Stmt.OutputItem item : o.items()) {
            Value v = ex.eval(item.value(), scope);
            String name = item.alias() != null ? item.alias() : name(item.value(), scope, ex);
            for (Expr i : item.aliasIndices()) name += "[" + ex.integer(i, scope, "an output name's index") + "]";
            if (!names.add(name)) {
                throw new CheckError(item.span(), "two outputs are named `" + name + "`; rename one with `as`");
            }
            Program.Output result;
            if (v instanceof Value.Num n) {
                result = new Program.Output(name, Program.OutputKind.SCALAR,
                        List.of(out.scalar(Fns.c(n.value()), item.span())), item.span());
            } else if (v instanceof Value.Sca s) {
                result = new Program.Output(name, Program.OutputKind.SCALAR, List.of(out.scalar(s.fn(), item.span())), item.span());
            } else if (v instanceof Value.Vec w) {
                result = new Program.Output(name, Program.OutputKind.VECTOR, List.of(out.nonlin(w.fn(), item.span())), item.span());
            } else if (v instanceof Value.Gram g) {
                result = new Program.Output(name, Program.OutputKind.GRAM, ex.gramIds(g, item.span()), item.span());
            } else {
                throw Expressions.kindError(item.value().span(), item.value(), v,
                        "an output is a number, a scalar, a vector or a Gram matrix");
            }
            out.outputs.add(result);
            if (item.alias() != null && result.kind() != Program.OutputKind.GRAM) {
                // the `as` name can be used afterwards, in `expect` say
                int id = result.ids().get(0);
                Fn ref = new Fn.Ref(id, result.kind() == Program.OutputKind.VECTOR ? Fn.Kind.VECTOR : Fn.Kind.SCALAR);
                Value bound = result.kind() == Program.OutputKind.SCALAR ? new Value.Sca(ref) : new Value.Vec(ref);
                if (item.aliasIndices().isEmpty()) {
                    if (scope.clash(item.alias()) == null) {
                        scope.define(item.alias(), bound, item.span());
                        out.name(id, item.alias());
                    }
                } else {
                    int[] idx = new int[item.aliasIndices().size()];
                    for (int k = 0; k < idx.length; k++) idx[k] = ex.integer(item.aliasIndices().get(k), scope, "an output name's index");
                    checker.defineElement(item.alias(), idx, bound, item.span(), null, scope);
                    out.name(id, name);
                }
            }
        }
    }

    /** {@code h[l]} is named with its index's value, {@code h[3]}; other expressions by their text. */
    private static String name(Expr e, Scope scope, Expressions ex) {
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.Index i) {
            String target = name(i.target(), scope, ex);
            if (target != null && !(i.target() instanceof Expr.Call)) {
                return target + "[" + ex.integer(i.index(), scope, "an array index") + "]";
            }
        }
        return e.text();
    }

    /** One side of a claim as shown: a value's name with its indices' values, a loop's index as its number. */
    private static String claimSide(Expr e, Scope scope, Expressions ex) {
        if (e instanceof Expr.Name n) {
            Scope.Binding bound = scope.lookup(n.name());
            if (bound != null && scope.boundInLoop(n.name()) && bound.value() instanceof Value.Num v
                    && v.value() == Math.rint(v.value()) && Math.abs(v.value()) < 1e15) {
                return Long.toString((long) v.value());
            }
            return n.name();
        }
        return name(e, scope, ex);
    }

    static void expect(Stmt.Expect e, Scope scope, Expressions ex, ProgramBuilder out) {
        if (!(e.claim() instanceof Expr.Binary b)) throw notAClaim(e.claim());
        Comparison comparison = comparison(b);
        int left = scalarId(b.left(), scope, ex, out);
        int right = scalarId(b.right(), scope, ex, out);
        double tol = Double.NaN;
        if (e.tolerance() != null) {
            if (comparison != Comparison.EQ) {
                throw new CheckError(e.tolerance().span(), "`within` goes with `==`; `" + comparison.symbol()
                        + "` needs no tolerance");
            }
            tol = ex.number(e.tolerance(), scope, "a tolerance");
            if (!(tol >= 0)) throw new CheckError(e.tolerance().span(), "a tolerance must be ≥ 0");
        }
        // a claim inside a loop is shown with its indices' values (`change[2] > 0.05`, not `change[l] > 0.05`)
        String l = claimSide(b.left(), scope, ex);
        String r = claimSide(b.right(), scope, ex);
        String text = l.equals(b.left().text()) && r.equals(b.right().text()) ? e.text()
                : l + " " + comparison.symbol() + " " + r + (e.tolerance() == null ? "" : " within " + e.tolerance().text());
        out.expects.add(new Program.Expect(text, left, comparison, right, tol, e.span()));
    }

    private static Comparison comparison(Expr.Binary claim) {
        return switch (claim.op()) {
            case EQ -> Comparison.EQ;
            case LT -> Comparison.LT;
            case LE -> Comparison.LE;
            case GT -> Comparison.GT;
            case GE -> Comparison.GE;
            case NE, AND, OR, ADD, SUB, MUL, DIV, POW, MATMUL -> throw notAClaim(claim);
        };
    }

    private static CheckError notAClaim(Expr claim) {
        return new CheckError(claim.span(), "a claim compares two scalars with ==, <, <=, > or >=, as in "
                + "`expect k == 0.5 within 1e-6`");
    }

    private static int scalarId(Expr e, Scope scope, Expressions ex, ProgramBuilder out) {
        Value v = ex.eval(e, scope);
        if (v instanceof Value.Num n) return out.scalar(Fns.c(n.value()), e.span());
        if (v instanceof Value.Sca s) return out.scalar(s.fn(), e.span());
        if (v instanceof Value.Vec) {
            throw Expressions.kindError(e.span(), e, v, "a claim is about scalars (use `mean(…)` of a vector)");
        }
        throw Expressions.kindError(e.span(), e, v, "a claim is about scalars");
    }

}
