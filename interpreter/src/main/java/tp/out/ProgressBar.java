package tp.out;

import java.io.PrintWriter;
import java.util.Locale;
import tp.ir.Progress;

/**
 * A progress line on stderr for computations longer than about two seconds, on a terminal only
 * (a log gets no progress lines): nothing is printed before that, and the line is cleared at the
 * end. Every command draws the same bar, the backends' through {@link #on}.
 */
public final class ProgressBar implements Progress.Task {
    private final PrintWriter out;
    private final String what;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private boolean shown;
    private final boolean terminal = System.console() != null;

    public ProgressBar(PrintWriter out, String what, int total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    /** Bars on {@code out}, one a task, for a backend to start. */
    public static Progress on(PrintWriter out) {
        return (what, total) -> new ProgressBar(out, what, total);
    }

    @Override
    public synchronized void step() {
        done++;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seconds < 2) return;
        double eta = done == 0 ? 0 : seconds / done * (total - done);
        if (!terminal) return;
        int width = 30;
        int filled = (int) Math.round(width * (double) done / total);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d  %.0fs elapsed, ~%.0fs left ", what,
                "#".repeat(filled), ".".repeat(width - filled), done, total, seconds, eta));
        out.flush();
        shown = true;
    }

    @Override
    public synchronized void close() {
        if (shown && terminal) {
            out.print("\r" + " ".repeat(90) + "\r");
            out.flush();
        }
    }
}
