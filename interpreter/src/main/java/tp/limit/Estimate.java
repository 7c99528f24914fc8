package tp.limit;

/**
 * A limit value and how it was obtained: {@code error} bounds an exact or quadrature value's
 * numerical error (0 for exact algebra up to rounding); {@code stderr} is a sampling method's
 * standard error.
 */
public record Estimate(double value, double error, double stderr, Method method) {
    public enum Method {
        EXACT, QUADRATURE, PARTICLES;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        Method worst(Method o) {
            return compareTo(o) >= 0 ? this : o;
        }
    }

    static Estimate exact(double v) {
        return new Estimate(v, rounding(v), 0, Method.EXACT);
    }

    /** The rounding error of an exactly computed value: a few units in its last place (none for 0). */
    static double rounding(double v) {
        return v == 0 ? 0 : 4 * Math.ulp(v);
    }

    Estimate scale(double k) {
        return new Estimate(k * value, Math.abs(k) * error, Math.abs(k) * stderr, method);
    }

}
