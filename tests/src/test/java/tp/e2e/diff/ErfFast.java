package tp.e2e.diff;

/**
 * erf and erfc to a few ulps, written for the judge (the library's erf is accurate but slow, and
 * the reference evaluates it millions of times): erf for |x| < 2.5 by the positive series
 * erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3···(2n+1)); erfc for x ≥ 1 by its continued fraction.
 */
final class ErfFast {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private ErfFast() {}

    static double erf(double x) {
        if (x < 0) return -erf(-x);
        if (x < 2.5) return series(x);
        if (x > 6) return 1;
        return 1 - cf(x);
    }

    static double erfc(double x) {
        if (x < 1) return 1 - erf(x);
        if (x > 27) return 0;
        return cf(x);
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), x ≥ 1, by modified Lentz. */
    private static double cf(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 5000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) * INV_SQRT_PI / f;
    }
}
