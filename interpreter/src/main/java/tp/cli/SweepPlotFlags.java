package tp.cli;

import java.io.IOException;
import picocli.CommandLine.Option;
import tp.plot.Plots;
import tp.plot.SweepPlots;
import tp.sweep.SweepResult;

/** The learning-rate plot of {@code tp sweep} and {@code tp merge}: its file checked before the work, written after it. */
final class SweepPlotFlags {
    @Option(names = "--plot", paramLabel = "FILE", description = "Write the objective against the swept param, one curve per width (.png or .svg).")
    String plot;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the plot.")
    String title;

    @Option(names = "--y-title", paramLabel = "TEXT", description = "Title of the plot's y axis (default: the objective's name).")
    String yTitle;

    void checkTarget() {
        if (plot != null) Plots.checkTarget(plot);
    }

    void write(SweepResult r) throws IOException {
        if (plot != null) SweepPlots.curves(r, plot, title, yTitle);
    }
}
