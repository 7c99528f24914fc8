package tp.numerics;

import java.util.Locale;

/**
 * The one place numbers are written for people and for machines. It sits with the numerics, below
 * every package that prints (the derivation of the limit engine and the verdicts of the
 * convergence check format numbers too), so that one number is written one way everywhere.
 */
public final class Numbers {
    private Numbers() {}

    /** Full precision, round-trippable (CSV): Java's shortest repr; NaN and infinities as empty. */
    public static String full(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** A limit: 15 significant digits, trailing zeros dropped; "-" when undefined. */
    public static String limit(double v) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(Locale.ROOT, "%.15g", v);
        if (s.contains("e")) return s.replaceAll("\\.?0+e", "e");
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }

    /** A number inside a derivation (covariances, Ż coefficients): 12 significant digits, trailing zeros dropped. */
    public static String derivation(double v) {
        return String.format(Locale.ROOT, "%.12g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    /** A finite-width statistic: 8 significant digits; "-" when undefined (one seed's standard error). */
    public static String sample(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, "%.8g", v);
    }

    /** A short value in a verdict or a check table: 6 significant digits; "-" when undefined. */
    public static String brief(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A standard error, a tolerance or a distance: two significant digits. */
    public static String twoDigits(double v) {
        return String.format(Locale.ROOT, "%.2g", v);
    }

    /** A deterministic error bound: one decimal in scientific notation ("1.2e-10"). */
    public static String bound(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }

    /** A grid value or a fitted optimum: three significant digits, trailing zeros dropped ("0.1", "0.0215", "2.2e-05"); "-" when undefined. */
    public static String three(double v) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) return s.replaceAll("\\.?0+e", "e").replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
