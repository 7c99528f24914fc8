package tp.plot;

import java.io.IOException;
import tp.sweep.SweepResult;

/** Plots of {@code tp sweep}. */
public final class SweepPlots {
    private SweepPlots() {}

    public static void curves(SweepResult r, String file, String title) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
