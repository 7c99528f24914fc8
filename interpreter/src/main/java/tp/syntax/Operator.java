package tp.syntax;

/**
 * The binary operators, each owning the symbol it is written with: the symbol appears in
 * diagnostics, and the grammar's operator tokens are turned into these once, when the tree is
 * built, so that no later stage reads operators as strings.
 */
public enum Operator {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), POW("^"), MATMUL("@"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    AND("&&"), OR("||");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol}; the grammar has no other, so another is a bug of the grammar. */
    static Operator of(String symbol) {
        for (Operator o : values()) if (o.symbol.equals(symbol)) return o;
        throw new IllegalArgumentException("the grammar has an operator `" + symbol + "` that the syntax tree lacks");
    }
}
