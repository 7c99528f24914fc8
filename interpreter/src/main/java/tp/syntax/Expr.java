package tp.syntax;

import java.util.List;

/** Expressions as written, before kinds are known. */
public sealed interface Expr {
    Span span();

    /** Source text as written, spaces removed: the default name of an output. */
    String text();

    /**
     * Where an expression's text is, cut out (and its spaces removed) only when asked for:
     * storing every subexpression's text would take space quadratic in a long expression.
     */
    final class Text {
        private final java.util.function.Supplier<String> raw;
        private String text;

        public Text(java.util.function.Supplier<String> raw) {
            this.raw = raw;
        }

        public static Text of(String s) {
            return new Text(() -> s);
        }

        public String get() {
            if (text == null) text = raw.get().replaceAll("\\s+", "");
            return text;
        }

        @Override
        public String toString() {
            return get();
        }
    }

    record Num(Span span, double value, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    record Name(Span span, String name) implements Expr {
        public String text() { return name; }
    }

    record Call(Span span, String function, List<Expr> args, Text source) implements Expr {
        public String text() { return source.get(); }
        public Call { args = List.copyOf(args); }
    }

    record Index(Span span, Expr target, Expr index, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    record Transpose(Span span, Expr target, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    record Unary(Span span, Prefix op, Expr operand, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    /** Arithmetic, {@code @}, comparisons and logic. */
    record Binary(Span span, Operator op, Expr left, Expr right, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    record ListLit(Span span, List<Expr> items, Text source) implements Expr {
        public String text() { return source.get(); }
        public ListLit { items = List.copyOf(items); }
    }

    /** {@code "…"}: a file name, which only {@code csv} takes. */
    record Str(Span span, String value, Text source) implements Expr {
        public String text() { return source.get(); }
    }

    /** {@code sum(var in lo..hi: body)}: {@code var} is a compile-time number inside {@code body} only. */
    record Sum(Span span, String var, Span varSpan, Expr lo, Expr hi, Expr body, Text source) implements Expr {
        public String text() { return source.get(); }
    }
}
