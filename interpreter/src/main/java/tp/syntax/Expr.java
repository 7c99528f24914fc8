package tp.syntax;

import java.util.List;

/** Expressions as written, before kinds are known. */
public sealed interface Expr {
    Span span();

    /** Source text as written, spaces removed: the default name of an output. */
    String text();

    record Num(Span span, double value, String text) implements Expr {}

    record Name(Span span, String name) implements Expr {
        public String text() { return name; }
    }

    record Call(Span span, String function, List<Expr> args, String text) implements Expr {
        public Call { args = List.copyOf(args); }
    }

    record Index(Span span, Expr target, Expr index, String text) implements Expr {}

    record Transpose(Span span, Expr target, String text) implements Expr {}

    /** {@code -x} or {@code !x}. */
    record Unary(Span span, String op, Expr operand, String text) implements Expr {}

    /** Arithmetic, {@code @}, comparisons and logic; {@code op} is the operator's text. */
    record Binary(Span span, String op, Expr left, Expr right, String text) implements Expr {}

    record ListLit(Span span, List<Expr> items, String text) implements Expr {
        public ListLit { items = List.copyOf(items); }
    }
}
