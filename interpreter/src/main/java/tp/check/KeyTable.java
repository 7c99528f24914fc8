package tp.check;

import java.util.Arrays;

/**
 * A map from keys to value ids that only grows, for the checker's tables of everything emitted
 * and named (a kernel program has hundreds of thousands of entries). Its entries sit in arrays
 * with their hashes, so growing rehashes from memory read in order — a {@link java.util.HashMap}
 * of that size spends its time following every entry's node on each resize.
 */
final class KeyTable {
    private Object[] keys = new Object[16];
    private int[] hashes = new int[16];
    private int[] ids = new int[16];
    private int size;
    /** Open addressing, linear probing: 1 + an entry's index, 0 when free; at most half full. */
    private int[] slots = new int[32];

    /** The id of {@code key}, or -1. */
    int get(Object key) {
        int h = spread(key.hashCode());
        int mask = slots.length - 1;
        for (int s = h & mask; slots[s] != 0; s = (s + 1) & mask) {
            int e = slots[s] - 1;
            if (hashes[e] == h && keys[e].equals(key)) return ids[e];
        }
        return -1;
    }

    boolean containsKey(Object key) {
        return get(key) >= 0;
    }

    /** Adds a key that is not in the table. */
    void put(Object key, int id) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, 2 * size);
            hashes = Arrays.copyOf(hashes, 2 * size);
            ids = Arrays.copyOf(ids, 2 * size);
        }
        int h = spread(key.hashCode());
        keys[size] = key;
        hashes[size] = h;
        ids[size] = id;
        size++;
        if (2 * size > slots.length) {
            slots = new int[2 * slots.length];
            for (int e = 0; e < size; e++) place(e);
        } else {
            place(size - 1);
        }
    }

    private void place(int e) {
        int mask = slots.length - 1;
        int s = hashes[e] & mask;
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = e + 1;
    }

    /** Spreads the hash over the low bits the slots are chosen by. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
