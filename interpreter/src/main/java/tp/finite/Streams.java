package tp.finite;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import tp.ir.Seeds;

/**
 * Seeds of the independent random streams: one per initial object, keyed by the object's name
 * (so adding a line never changes another object's samples), and one per matrix row (so the
 * thread count never changes a sample).
 */
final class Streams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Streams() {}


    static long objectSeed(long seed, String key) {
        long h = 0xCBF29CE484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return Seeds.mix64(Seeds.mix64(seed * GOLDEN + 0x632BE59BD9B4E019L) ^ h);
    }

    static SplittableRandom row(long objectSeed, int row) {
        return new SplittableRandom(Seeds.mix64(objectSeed + (row + 1L) * GOLDEN));
    }
}
