package tp.ir;

/**
 * The comparison of an {@code expect} claim, owned by the core program so that every backend
 * judges a claim by the same test. Only {@link #EQ} takes a tolerance: equality of computed
 * doubles can only be asked for within a margin, while an order holds or it does not.
 */
public enum Comparison {
    EQ("=="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code left symbol right} holds, {@code ==} meaning within {@code tolerance}. */
    public boolean holds(double left, double right, double tolerance) {
        return switch (this) {
            case EQ -> Math.abs(left - right) <= tolerance;
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
        };
    }
}
