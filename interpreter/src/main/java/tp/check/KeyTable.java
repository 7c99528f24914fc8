package tp.check;

import java.util.Arrays;

/**
 * A map from keys to value ids that only grows, for the checker's tables of everything emitted
 * and named (a kernel program has hundreds of thousands of entries). Its entries sit in arrays,
 * so growing rehashes from memory read in order — a {@link java.util.HashMap} of that size
 * spends its time following every entry's node on each resize.
 *
 * <p>Each slot holds an entry's hash beside its index: a lookup compares hashes in the slot it
 * reads, and touches an entry's key only when the hashes agree. At this size every read of a
 * random place is a cache miss, and most lookups are of new keys, which then cost one.
 */
final class KeyTable {
    private Object[] keys = new Object[16];
    private int[] ids = new int[16];
    private int size;
    /** Open addressing, linear probing: hash in the high half, 1 + an entry's index in the low; 0 when free. At most half full. */
    private long[] slots = new long[32];

    /** The id of {@code key}, or -1. */
    int get(Object key) {
        int h = spread(key.hashCode());
        int mask = slots.length - 1;
        for (int s = h & mask; slots[s] != 0; s = (s + 1) & mask) {
            long slot = slots[s];
            if ((int) (slot >>> 32) != h) continue;
            int e = (int) slot - 1;
            if (keys[e].equals(key)) return ids[e];
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
            ids = Arrays.copyOf(ids, 2 * size);
        }
        keys[size] = key;
        ids[size] = id;
        size++;
        if (2 * size > slots.length) {
            long[] old = slots;
            slots = new long[2 * old.length];
            for (long slot : old) if (slot != 0) place(slot);
        }
        place(((long) spread(key.hashCode()) << 32) | size);
    }

    private void place(long slot) {
        int mask = slots.length - 1;
        int s = (int) (slot >>> 32) & mask;
        while (slots[s] != 0) s = (s + 1) & mask;
        slots[s] = slot;
    }

    /** Spreads the hash over the low bits the slots are chosen by. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
