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

    @Option(names = "--plot-coord", paramLabel = "FILE",
            description = "Write the coordinate check (.png or .svg): outputs NAME[t][l] against width, a panel per step t, a curve "
                    + "per layer l, log–log, with the fitted growth exponent of each; the exponents are printed on stderr.")
    String plotCoord;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title of the values plot and the coordinate check.")
    String title;

    void checkTargets() {
        for (String f : new String[] {plot, plotValues, plotCoord}) if (f != null) Plots.checkTarget(f);
    }

    void write(ConvergenceCheck.Result r, java.io.PrintWriter err) throws IOException {
        if (plot != null) Plots.convergence(r, plot);
        if (plotValues != null) Plots.values(r, plotValues, title);
        if (plotCoord != null) {
            err.println("coordinate check (|mean| against width, exponent [±3 s.e.]):");
            for (String v : Plots.coordinateCheck(r, plotCoord, title)) err.println("  " + v);
            err.flush();
        }
    }
}
