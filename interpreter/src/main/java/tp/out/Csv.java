package tp.out;

import java.util.List;
import tp.numerics.Numbers;

/**
 * The one CSV writer (RFC 4180): a field is quoted only when it holds a comma, a quote or a line
 * break, and quotes inside are doubled. Numbers are written in full precision
 * ({@link Numbers#full}); an absent or undefined number is an empty field.
 */
public final class Csv {
    private final StringBuilder sb = new StringBuilder();

    public Csv(String... header) {
        row((Object[]) header);
    }

    /** One row: strings are quoted as needed, doubles in full precision, anything else as text. */
    public Csv row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(field(fields[i]));
        }
        sb.append('\n');
        return this;
    }

    public Csv row(List<?> fields) {
        return row(fields.toArray());
    }

    static String field(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Numbers.full(d);
        String s = String.valueOf(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
