package tp.e2e.diff;

/**
 * A reference value: by quadrature (error bounds its numerical error), by Monte Carlo (stderr is
 * its standard error), or the statement that the expectation does not exist.
 */
record Ref(double value, double error, double stderr, int dim, Kind kind) {
    enum Kind { QUADRATURE, MONTE_CARLO, UNDEFINED }

    static Ref undefined(int dim) {
        return new Ref(Double.NaN, 0, 0, dim, Kind.UNDEFINED);
    }

    boolean statistical() {
        return kind == Kind.MONTE_CARLO;
    }

    String describe() {
        switch (kind) {
            case UNDEFINED: return "undefined";
            case MONTE_CARLO: return String.format("%.15g ± %.2g (MC s.e., %dD)", value, stderr, dim);
            default: return String.format("%.15g ≤ %.2g (quadrature, %dD)", value, error, dim);
        }
    }
}
