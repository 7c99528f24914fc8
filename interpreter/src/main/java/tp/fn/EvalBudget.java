package tp.fn;

import java.util.function.Supplier;

/**
 * A limit on the number of evaluations of functions ({@link Fns#eval}) within one computation on
 * one thread: adaptive quadrature of an integrand it cannot resolve would otherwise subdivide for
 * minutes. Unlimited unless a computation runs {@link #within}.
 */
public final class EvalBudget {
    /** The budget is spent. */
    public static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("evaluation budget exhausted", null, false, false);
        }
    }

    private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>();

    private EvalBudget() {}

    /** Runs {@code work} with at most {@code evaluations} evaluations; throws {@link Exhausted} beyond. */
    public static <T> T within(long evaluations, Supplier<T> work) {
        long[] outer = LEFT.get();
        LEFT.set(new long[] {evaluations});
        try {
            return work.get();
        } finally {
            LEFT.set(outer);
        }
    }

    public static void tick() {
        long[] left = LEFT.get();
        if (left != null && --left[0] < 0) throw new Exhausted();
    }
}
