package tp.finite;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeds of the independent random streams: one per initial object, keyed by the object's name
 * (so adding a line never changes another object's samples), and one per matrix row (so the
 * thread count never changes a sample).
 */
final class Streams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Streams() {}

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long objectSeed(long seed, String key) {
        long h = 0xCBF29CE484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return mix64(mix64(seed * GOLDEN + 0x632BE59BD9B4E019L) ^ h);
    }

    static SplittableRandom row(long objectSeed, int row) {
        return new SplittableRandom(mix64(objectSeed + (row + 1L) * GOLDEN));
    }
}
