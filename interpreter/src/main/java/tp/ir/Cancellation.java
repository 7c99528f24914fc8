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

    /**
     * Waits for a task; an interruption of the waiting thread becomes a cancellation request (the
     * task stops at its next check), and the task's failure is rethrown as it was (a program error,
     * a cancellation, out of memory).
     */
    public static void await(java.util.concurrent.Future<?> f) {
        while (true) {
            try {
                f.get();
                return;
            } catch (InterruptedException e) {
                request();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) throw r;
                if (c instanceof Error r) throw r;
                throw new IllegalStateException(c);
            }
        }
    }
}
