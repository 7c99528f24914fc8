package tp.cli;

import java.io.IOException;
import picocli.CommandLine.Option;
import tp.convergence.ConvergenceCheck;
import tp.plot.Plots;

/** {@code tp check}'s plots: which files to write, checked before the computation and written after it. */
final class PlotFlags {
    @Option(names = "--plot", paramLabel = "FILE", description = "Write the convergence plot (.png or .svg).")
    String plot;

    @Option(names = "--plot-values", paramLabel = "FILE",
            description = "Write each output's mean against width (.png or .svg): a coordinate check.")
    String plotValues;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the values plot.")
    String title;

    void checkTargets() {
        for (String f : new String[] {plot, plotValues}) if (f != null) Plots.checkTarget(f);
    }

    void write(ConvergenceCheck.Result r) throws IOException {
        if (plot != null) Plots.convergence(r, plot);
        if (plotValues != null) Plots.values(r, plotValues, title);
    }
}
