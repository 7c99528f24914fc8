package tp.ir;

import java.util.concurrent.CancellationException;

/**
 * Cooperative interruption of a long computation (Ctrl-C in the REPL): backends call
 * {@link #check()} between steps; a request makes the next check throw.
 */
public final class Cancellation {
    private static volatile boolean requested;

    private Cancellation() {}

    public static void request() {
        requested = true;
    }

    public static void reset() {
        requested = false;
    }

    public static void check() {
        if (requested) throw new CancellationException("interrupted");
    }
}
