package tp.check;

import java.util.HashMap;
import java.util.Map;

/**
 * The elements of an array, by integer index. Indexing is the checker's commonest operation (a
 * kernel over P inputs reads {@code theta[a][b][l]} P² times per layer), so indices that stay close
 * together — the usual {@code 0..L} or {@code 1..P} — live in a plain array from the smallest one
 * on; indices spread far apart ({@code a[1]} and {@code a[1000000]}) are kept in a map instead.
 * Elements are never removed.
 */
final class Elements {
    private static final Value[] NONE = new Value[0];

    private Value[] dense = NONE;
    /** The index of {@code dense[0]}. */
    private long offset;
    /** All the elements, once their indices are too spread for {@link #dense}; else null. */
    private Map<Integer, Value> spread;
    private int size;
    private int first = Integer.MAX_VALUE;
    private int last = Integer.MIN_VALUE;

    Value get(int i) {
        if (spread != null) return spread.get(i);
        long k = i - offset;
        return k >= 0 && k < dense.length ? dense[(int) k] : null;
    }

    void put(int i, Value v) {
        if (get(i) == null) size++;
        first = Math.min(first, i);
        last = Math.max(last, i);
        if (spread != null) {
            spread.put(i, v);
            return;
        }
        if (dense.length == 0) offset = i;
        long k = i - offset;
        if (k < 0 || k >= dense.length) {
            long span = (long) last - first + 1;
            if (span > 4L * size + 16) {
                spread = new HashMap<>();
                for (int j = 0; j < dense.length; j++) if (dense[j] != null) spread.put((int) (offset + j), dense[j]);
                spread.put(i, v);
                dense = NONE;
                return;
            }
            // room for as many again on the side that grows
            long lo = Math.min(offset, i);
            long hi = Math.max(offset + dense.length - 1, i);
            int capacity = (int) Math.max(Math.max(hi - lo + 1, 2L * dense.length), 4);
            long start = k < 0 ? hi - capacity + 1 : lo;
            Value[] grown = new Value[capacity];
            System.arraycopy(dense, 0, grown, (int) (offset - start), dense.length);
            dense = grown;
            offset = start;
            k = i - offset;
        }
        dense[(int) k] = v;
    }

    Value computeIfAbsent(int i, java.util.function.IntFunction<Value> make) {
        Value v = get(i);
        if (v == null) {
            v = make.apply(i);
            put(i, v);
        }
        return v;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The smallest index defined (the array must not be empty). */
    int firstKey() {
        return first;
    }

    /** The largest index defined (the array must not be empty). */
    int lastKey() {
        return last;
    }

    int size() {
        return size;
    }

    /** The elements with their indices, in index order (for compile-time arrays, which are read whole). */
    java.util.List<Map.Entry<Integer, Value>> entrySet() {
        java.util.List<Map.Entry<Integer, Value>> out = new java.util.ArrayList<>(size);
        if (spread != null) {
            new java.util.TreeMap<>(spread).forEach((k, v) -> out.add(Map.entry(k, v)));
        } else {
            for (int j = 0; j < dense.length; j++) if (dense[j] != null) out.add(Map.entry((int) (offset + j), dense[j]));
        }
        return out;
    }

    /** The indices defined, in order. */
    java.util.SortedSet<Integer> keySet() {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (Map.Entry<Integer, Value> e : entrySet()) out.add(e.getKey());
        return out;
    }

    /** The elements in index order. */
    java.util.List<Value> values() {
        java.util.List<Value> out = new java.util.ArrayList<>(size);
        for (Map.Entry<Integer, Value> e : entrySet()) out.add(e.getValue());
        return out;
    }
}
