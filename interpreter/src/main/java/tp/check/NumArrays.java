package tp.check;

import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import tp.syntax.Span;

/**
 * Arrays of compile-time numbers ({@link Value.Arr} whose leaves are {@link Value.Num}): their
 * algebra is done here, at check time, so that data enters the core program only as numbers
 * (a declaration's mean and covariance). Matrix products work on {@code double[][]} copies: a
 * 400×64 data set's Gram matrix is 10⁷ multiplications, not 10⁷ boxed values.
 */
final class NumArrays {
    private NumArrays() {}

    /** True when every leaf of the array is a number (an empty array is one). */
    static boolean numeric(Value.Arr a) {
        for (Value v : a.elements().values()) {
            if (v instanceof Value.Arr inner ? !numeric(inner) : !(v instanceof Value.Num)) return false;
        }
        return true;
    }

    static Value.Arr of(String name, double[] v) {
        Elements m = new Elements();
        for (int i = 0; i < v.length; i++) m.put(i + 1, new Value.Num(v[i]));
        return new Value.Arr(name, m);
    }

    static Value.Arr of(String name, double[][] rows) {
        Elements m = new Elements();
        for (int i = 0; i < rows.length; i++) m.put(i + 1, of(name + "[" + (i + 1) + "]", rows[i]));
        return new Value.Arr(name, m);
    }

    /** The same array under another name (its rows named after it): a computed array given a name by {@code =}. */
    static Value.Arr rename(Value.Arr a, String name) {
        Elements m = new Elements();
        for (Map.Entry<Integer, Value> e : a.elements().entrySet()) {
            Value v = e.getValue();
            m.put(e.getKey(), v instanceof Value.Arr inner ? rename(inner, name + "[" + e.getKey() + "]") : v);
        }
        return new Value.Arr(name, m);
    }

    /** A 1-D array indexed 1..k, or null. */
    static double[] vector(Value.Arr a) {
        double[] out = new double[a.elements().size()];
        int i = 0;
        for (Map.Entry<Integer, Value> e : a.elements().entrySet()) {
            if (e.getKey() != ++i || !(e.getValue() instanceof Value.Num n)) return null;
            out[i - 1] = n.value();
        }
        return out;
    }

    /** A 2-D array indexed 1..r × 1..c (every row as long), or null. */
    static double[][] matrix(Value.Arr a) {
        double[][] out = new double[a.elements().size()][];
        int i = 0;
        for (Map.Entry<Integer, Value> e : a.elements().entrySet()) {
            if (e.getKey() != ++i || !(e.getValue() instanceof Value.Arr row)) return null;
            out[i - 1] = vector(row);
            if (out[i - 1] == null || out[i - 1].length != out[0].length) return null;
        }
        return out;
    }

    /** {@code l op r} entry by entry: same-shape arrays, or an array and a number. */
    static Value combine(Value l, Value r, DoubleBinaryOperator op, String symbol, String name, Span span) {
        if (l instanceof Value.Num a && r instanceof Value.Num b) {
            double v = op.applyAsDouble(a.value(), b.value());
            if (!Double.isFinite(v)) throw new CheckError(span, "this compile-time expression is " + v);
            return new Value.Num(v);
        }
        Elements m = new Elements();
        if (l instanceof Value.Arr a && r instanceof Value.Arr b) {
            if (!a.elements().keySet().equals(b.elements().keySet())) {
                throw new CheckError(span, "`" + symbol + "` needs arrays of the same shape: " + a.name() + " has "
                        + range(a) + ", " + b.name() + " has " + range(b));
            }
            for (int i : a.elements().keySet()) {
                m.put(i, combine(a.elements().get(i), b.elements().get(i), op, symbol, name, i, span));
            }
        } else if (l instanceof Value.Arr a) {
            for (Map.Entry<Integer, Value> e : a.elements().entrySet()) {
                m.put(e.getKey(), combine(e.getValue(), r, op, symbol, name, e.getKey(), span));
            }
        } else if (r instanceof Value.Arr b) {
            for (Map.Entry<Integer, Value> e : b.elements().entrySet()) {
                m.put(e.getKey(), combine(l, e.getValue(), op, symbol, name, e.getKey(), span));
            }
        } else {
            throw new AssertionError("combine needs an array");
        }
        return new Value.Arr(name, m);
    }

    /** Element {@code i} of a combined array: a row is named after it, a number needs no name. */
    private static Value combine(Value l, Value r, DoubleBinaryOperator op, String symbol, String name, int i, Span span) {
        boolean row = l instanceof Value.Arr || r instanceof Value.Arr;
        return combine(l, r, op, symbol, row ? name + "[" + i + "]" : name, span);
    }

    /** {@code X @ Y} for 2-D and 1-D arrays, as in linear algebra: a matrix, a vector, or a number. */
    static Value matmul(Value.Arr x, Value.Arr y, String name, Span span) {
        double[][] a = matrix(x);
        double[][] b = matrix(y);
        double[] u = a == null ? vector(x) : null;
        double[] v = b == null ? vector(y) : null;
        if (a == null && u == null) throw notAlgebraic(x, "`@`", span);
        if (b == null && v == null) throw notAlgebraic(y, "`@`", span);
        int inner = a != null ? (a.length == 0 ? 0 : a[0].length) : u.length;
        int other = b != null ? b.length : v.length;
        if (inner != other) {
            throw new CheckError(span, "`@` needs as many columns on the left as rows on the right: " + x.name() + " is "
                    + shape(a, u) + ", " + y.name() + " is " + shape(b, v));
        }
        if (a != null && b != null) {
            int cols = b.length == 0 ? 0 : b[0].length;
            double[][] out = new double[a.length][cols];
            for (int i = 0; i < a.length; i++) {
                for (int k = 0; k < inner; k++) {
                    double aik = a[i][k];
                    if (aik == 0) continue;
                    for (int j = 0; j < cols; j++) out[i][j] += aik * b[k][j];
                }
            }
            return of(name, out);
        }
        if (a != null) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) out[i] = dot(a[i], v);
            return of(name, out);
        }
        if (b != null) {
            int cols = b.length == 0 ? 0 : b[0].length;
            double[] out = new double[cols];
            for (int k = 0; k < inner; k++) for (int j = 0; j < cols; j++) out[j] += u[k] * b[k][j];
            return of(name, out);
        }
        return new Value.Num(dot(u, v));
    }

    static Value.Arr transpose(Value.Arr x, String name, Span span) {
        double[][] a = matrix(x);
        if (a == null) throw notAlgebraic(x, "`.T`", span);
        int cols = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < cols; j++) t[j][i] = a[i][j];
        return of(name, t);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static String shape(double[][] m, double[] v) {
        return m != null ? m.length + "×" + (m.length == 0 ? 0 : m[0].length) : "a list of " + v.length;
    }

    static String range(Value.Arr a) {
        return a.elements().isEmpty() ? "no elements" : "elements " + a.elements().firstKey() + ".." + a.elements().lastKey();
    }

    private static CheckError notAlgebraic(Value.Arr a, String what, Span span) {
        return new CheckError(span, what + " works on arrays of numbers indexed from 1, as lists or tables with rows of "
                + "equal length; " + a.name() + " is not one");
    }
}
