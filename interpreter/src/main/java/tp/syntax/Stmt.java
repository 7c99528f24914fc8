package tp.syntax;

import java.util.List;

/** Statements as written. */
public sealed interface Stmt {
    Span span();

    record ProgramName(Span span, String name) implements Stmt {}

    record Param(Span span, String name, Expr value) implements Stmt {}

    /** A declared name, with array ranges {@code [lo..hi]} when it declares an array. */
    record Target(Span span, String name, List<Expr[]> ranges) {
        public Target { ranges = List.copyOf(ranges); }
    }

    record MatrixDecl(Span span, List<Target> targets, Expr mean, Expr variance) implements Stmt {
        public MatrixDecl { targets = List.copyOf(targets); }
    }

    record VectorDecl(Span span, List<Target> targets, Expr mean, Expr covariance) implements Stmt {
        public VectorDecl { targets = List.copyOf(targets); }
    }

    /** A function; an inline {@code def f(x) = e} has a body of one {@link Return}. */
    record Def(Span span, String name, List<String> params, List<Span> paramSpans, List<Stmt> body) implements Stmt {
        public Def {
            params = List.copyOf(params);
            paramSpans = List.copyOf(paramSpans);
            body = List.copyOf(body);
        }
    }

    record Return(Span span, Expr value) implements Stmt {}

    record For(Span span, String var, Expr lo, Expr hi, List<Stmt> body) implements Stmt {
        public For { body = List.copyOf(body); }
    }

    record If(Span span, Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    record Import(Span span, String path) implements Stmt {}

    /** {@code value as alias[i][j]}: alias may be null; its indices are compile-time numbers. */
    record OutputItem(Span span, Expr value, String alias, List<Expr> aliasIndices) {
        public OutputItem { aliasIndices = List.copyOf(aliasIndices); }
    }

    record Output(Span span, List<OutputItem> items) implements Stmt {
        public Output { items = List.copyOf(items); }
    }

    /** {@code expect claim [within tolerance]}; the tolerance may be null. */
    record Expect(Span span, Expr claim, Expr tolerance, String text) implements Stmt {}

    record Assign(Span span, String name, List<Expr> indices, Expr value) implements Stmt {
        public Assign { indices = List.copyOf(indices); }
    }
}
