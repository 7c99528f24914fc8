package tp.limit;

/**
 * The form Ż took at one MatMul, once {@link LimitOptions.ZDot}'s automatic choice is made and
 * the matrix's earlier uses are known: the derivation prints it, so it must say what happened
 * rather than what was asked for.
 */
enum ZDotForm {
    /** The matrix was not used the other way before: Ż is 0 whatever was asked. */
    NONE("none"),
    DERIVATIVE("derivative"),
    STEIN("Stein"),
    /** Left out on request although the matrix was used the other way before. */
    DROPPED("dropped");

    private final String label;

    ZDotForm(String label) {
        this.label = label;
    }

    /** The form's name as the papers write it. */
    String label() {
        return label;
    }

    /**
     * The form at a MatMul whose matrix was used the other way before when {@code opposite};
     * {@code jumps}: whether the input's Z has a derivative that vanishes almost everywhere but
     * not as a distribution, which makes the automatic choice Stein's (asked only then, as it
     * walks the whole Z).
     */
    static ZDotForm of(LimitOptions.ZDot asked, boolean opposite, java.util.function.BooleanSupplier jumps) {
        if (!opposite) return NONE;
        switch (asked) {
            case DROP: return DROPPED;
            case STEIN: return STEIN;
            case DERIVATIVE: return DERIVATIVE;
            default: return jumps.getAsBoolean() ? STEIN : DERIVATIVE;
        }
    }
}
