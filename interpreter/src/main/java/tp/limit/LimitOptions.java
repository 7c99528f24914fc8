package tp.limit;

/** How to compute a limit. */
public record LimitOptions(double tol, Forced method, ZDot zdot) {
    /** Force one expectation tier, or choose per expectation (exact, then quadrature). */
    public enum Forced { AUTO, EXACT, QUADRATURE }

    /**
     * Ż by the derivative form, the derivative-free Stein form, whichever suits the integrand
     * (Stein where a derivative vanishes almost everywhere: step, sign), or dropped (for showing
     * what goes wrong without it).
     */
    public enum ZDot { AUTO, DERIVATIVE, STEIN, DROP }

    public static LimitOptions defaults() {
        return new LimitOptions(1e-10, Forced.AUTO, ZDot.AUTO);
    }

    public LimitOptions with(ZDot z) {
        return new LimitOptions(tol, method, z);
    }
}
