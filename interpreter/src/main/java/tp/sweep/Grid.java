package tp.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import tp.numerics.Numbers;
import tp.pipeline.OptionError;

/**
 * One axis of a sweep's grid ({@code --grid NAME=SPEC}): a param and the values it takes.
 * {@code a..b:K:log} is K values spaced evenly in log from a to b, {@code a..b:K} K values spaced
 * evenly, {@code v1,v2,…} a list, {@code v} one value. The values are computed with
 * {@link StrictMath}, so every machine of a cluster gets the same bits.
 */
public record Grid(String name, String spec, List<Double> values, boolean log) implements Serializable {
    public Grid {
        values = List.copyOf(values);
    }

    /** Most values on one axis: beyond, an option error. */
    public static final int MAX_VALUES = 10_000;

    /** {@code NAME=SPEC}, as given to {@code --grid}. */
    public static Grid parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new OptionError("--grid " + text + ": expected NAME=VALUES, as in lr=0.01..1:12:log, L=2,4,8");
        String name = text.substring(0, eq).strip();
        String spec = text.substring(eq + 1).strip();
        if (!name.matches("[A-Za-z_][A-Za-z_0-9]*")) throw new OptionError("--grid " + text + ": `" + name + "` is not a param name");
        String where = "--grid " + name + "=" + spec + ": ";
        if (spec.contains("..")) {
            String[] parts = spec.split(":", -1);
            String[] ends = parts[0].split("\\.\\.", -1);
            if (ends.length != 2 || parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("log"))) {
                throw new OptionError(where + "a range is FROM..TO:COUNT or FROM..TO:COUNT:log, as in 0.01..1:12:log");
            }
            double a = number(ends[0], where);
            double b = number(ends[1], where);
            int k;
            try {
                k = Integer.parseInt(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new OptionError(where + "the count `" + parts[1] + "` is not a whole number");
            }
            if (k < 2 || k > MAX_VALUES) throw new OptionError(where + "the count must be between 2 and " + MAX_VALUES + "; got " + k);
            if (!(b > a)) throw new OptionError(where + "the range must go up (FROM < TO); got " + Numbers.three(a) + ".." + Numbers.three(b));
            boolean log = parts.length == 3;
            if (log && !(a > 0)) throw new OptionError(where + "a log range needs positive ends; got " + Numbers.three(a));
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                double t = (double) i / (k - 1);
                double x = i == 0 ? a : i == k - 1 ? b
                        : log ? StrictMath.exp(StrictMath.log(a) + t * (StrictMath.log(b) - StrictMath.log(a))) : a + t * (b - a);
                v.add(x);
            }
            return new Grid(name, spec, v, log);
        }
        List<Double> v = new ArrayList<>();
        for (String s : spec.split(",", -1)) {
            double x = number(s, where);
            if (v.contains(x)) throw new OptionError(where + "the value " + s.strip() + " is listed twice");
            v.add(x);
        }
        if (v.size() > MAX_VALUES) throw new OptionError(where + "at most " + MAX_VALUES + " values");
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(null);
        boolean log = sorted.get(0) > 0 && sorted.size() > 2 && sorted.get(sorted.size() - 1) / sorted.get(0) >= 10;
        return new Grid(name, spec, sorted, log);
    }

    private static double number(String s, String where) {
        String t = s.strip();
        try {
            double x = Double.parseDouble(t);
            if (!Double.isFinite(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new OptionError(where + "`" + t + "` is not a number");
        }
    }

    public int size() {
        return values.size();
    }

    /** Positive values: the axis can be read on a log scale. */
    public boolean positive() {
        for (double v : values) if (!(v > 0)) return false;
        return true;
    }
}
