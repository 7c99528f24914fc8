package tp.ir;

/** Seed mixing for the random streams of both backends (finite-width samples, particles). */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finaliser: a well-mixed 64-bit value from any 64-bit value. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
