package tp.out;

import java.util.Locale;

/** The one place numbers are formatted for people and for machines. */
public final class Numbers {
    private Numbers() {}

    /** Full precision, round-trippable (CSV): Java's shortest repr; NaN and infinities as empty. */
    public static String full(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** A limit: 15 significant digits, trailing zeros dropped. */
    public static String limit(double v) {
        if (Double.isNaN(v)) return "-";
        String s = String.format(Locale.ROOT, "%.15g", v);
        if (s.contains("e")) return s.replaceAll("\\.?0+e", "e");
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }

    /** A finite-width statistic: 8 significant digits; "-" when undefined (one seed's standard error). */
    public static String sample(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, "%.8g", v);
    }

    /** A short value in a verdict or a check table: 6 significant digits. */
    public static String brief(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** An error bound or a standard error: two significant digits ("0" for exactly 0). */
    public static String error(double v) {
        if (v == 0) return "0";
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
