package tp.plot;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tp.convergence.ConvergenceCheck;
import tp.convergence.Fit;
import tp.pipeline.OptionError;

/**
 * Charts of {@code tp check}, written as PNG (headless) or SVG by the file's extension: the
 * convergence plot (seed spread and |mean − limit| against n, log–log, with the n^-1/2 guide), the
 * values plot (each output's mean against n, with its standard error, and its limit as a dashed
 * line) and the coordinate check as the {@code mup} package draws it (one panel per step, a curve
 * per layer, log–log, each with the fitted exponent of its growth). Log axes are labelled in their
 * units at every width ({@link Figure}).
 */
public final class Plots {
    private Plots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A plot's file is .png or .svg and can be written: checked before the computation, not after it. */
    public static void checkTarget(String file) {
        if (!file.toLowerCase().endsWith(".png") && !file.toLowerCase().endsWith(".svg")) {
            throw new OptionError("a plot is written as .png or .svg; got " + file);
        }
        java.nio.file.Path p = java.nio.file.Path.of(file).toAbsolutePath();
        java.nio.file.Path folder = p.getParent();
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            throw new OptionError("cannot write " + file + ": the folder " + folder + " does not exist");
        }
        if (java.nio.file.Files.isDirectory(p)) throw new OptionError("cannot write " + file + ": it is a folder");
        if (!java.nio.file.Files.isWritable(folder) || (java.nio.file.Files.exists(p) && !java.nio.file.Files.isWritable(p))) {
            throw new OptionError("cannot write " + file + ": permission denied");
        }
    }

    public static void convergence(ConvergenceCheck.Result r, String file) throws IOException {
        XYChart chart = Figure.chart(900, 600, r.program().name() + ": finite width → limit", "width n", "seed spread, |mean − limit|");
        Figure.axes(chart, true, true);
        double anchorX = Double.NaN;
        double anchorY = Double.NaN;
        List<Integer> widths = new ArrayList<>();
        int colour = 0;
        for (ConvergenceCheck.Component c : r.components()) {
            Color col = Figure.COLORS[colour++ % Figure.COLORS.length];
            List<Double> xs = new ArrayList<>();
            List<Double> spread = new ArrayList<>();
            List<Double> gx = new ArrayList<>();
            List<Double> gap = new ArrayList<>();
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                if (!widths.contains(w.width())) widths.add(w.width());
                if (w.std() > 0) {
                    xs.add(Math.log10(w.width()));
                    spread.add(Math.log10(w.std()));
                }
                double g = Math.abs(w.mean() - c.limit().value());
                if (g > 0 && Double.isFinite(g)) {
                    gx.add(Math.log10(w.width()));
                    gap.add(Math.log10(g));
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries("spread " + c.name(), xs, spread);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(col);
                s.setMarkerColor(col);
                if (Double.isNaN(anchorX)) {
                    anchorX = Math.pow(10, xs.get(0));
                    anchorY = Math.pow(10, spread.get(0));
                }
            }
            if (!gx.isEmpty()) {
                XYSeries s = chart.addSeries("|mean − limit| " + c.name(), gx, gap);
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setMarkerColor(col);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        if (!Double.isNaN(anchorX)) {
            List<Double> gx = new ArrayList<>();
            List<Double> gy = new ArrayList<>();
            for (int w : widths) {
                gx.add(Math.log10(w));
                gy.add(Math.log10(anchorY * Math.sqrt(anchorX / w)));
            }
            XYSeries guide = chart.addSeries("n^-1/2", gx, gy);
            guide.setMarker(SeriesMarkers.NONE);
            guide.setLineColor(Color.BLACK);
            guide.setLineStyle(Figure.DASHED);
        }
        Figure.save(List.of(chart), 1, file);
    }

    public static void values(ConvergenceCheck.Result r, String file, String title) throws IOException {
        XYChart chart = Figure.chart(900, 600, title != null ? title : r.program().name() + ": outputs against width", "width n",
                "mean over seeds (± s.e.); limit dashed");
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (ConvergenceCheck.Component c : r.components()) {
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                min = Math.min(min, w.mean());
                max = Math.max(max, w.mean());
            }
        }
        // positive values over more than two decades (a coordinate blowing up): a log scale shows them all
        boolean logY = min > 0 && max / min > 100;
        Figure.axes(chart, true, logY);
        int colour = 0;
        for (ConvergenceCheck.Component c : r.components()) {
            Color col = Figure.COLORS[colour++ % Figure.COLORS.length];
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                if (logY && !(w.mean() > 0)) continue;
                xs.add(Math.log10(w.width()));
                ys.add(logY ? Math.log10(w.mean()) : w.mean());
                double e = Double.isNaN(w.stderr()) ? 0 : w.stderr();
                err.add(logY ? Math.min(1, e / (w.mean() * Math.log(10))) : e);
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(c.name(), xs, ys, err);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(col);
            s.setMarkerColor(col);
            double limit = c.limit().value();
            if (Double.isFinite(limit) && (!logY || limit > 0)) {
                double ly = logY ? Math.log10(limit) : limit;
                XYSeries l = chart.addSeries(c.name() + " limit", new double[] {xs.get(0), xs.get(xs.size() - 1)}, new double[] {ly, ly});
                l.setMarker(SeriesMarkers.NONE);
                l.setLineColor(col);
                l.setLineStyle(Figure.DASHED);
                l.setShowInLegend(false);
            }
        }
        Figure.save(List.of(chart), 1, file);
    }

    private static final Pattern INDEXED = Pattern.compile("(.*)\\[([^\\]]+)\\]\\[([^\\]]+)\\]");

    /**
     * The coordinate check: outputs named {@code NAME[t][l]} (step t, layer l; a name with one index is
     * a layer, at one step) against width, one panel per step, log–log, each curve labelled with the
     * fitted exponent of its mean's growth (β ± s.e. of {@code |mean| ∝ n^β}). Returns the verdict, a
     * line per step and layer: an exponent whose ±3 s.e. interval lies above 0.1 is growth.
     */
    public static List<String> coordinateCheck(ConvergenceCheck.Result r, String file, String title) throws IOException {
        Map<String, List<ConvergenceCheck.Component>> steps = new LinkedHashMap<>();
        Map<ConvergenceCheck.Component, String> layer = new LinkedHashMap<>();
        for (ConvergenceCheck.Component c : r.components()) {
            Matcher m = INDEXED.matcher(c.name());
            String step = m.matches() ? m.group(2) : "";
            layer.put(c, m.matches() ? m.group(3) : c.name());
            steps.computeIfAbsent(step, k -> new ArrayList<>()).add(c);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (ConvergenceCheck.Component c : r.components()) {
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                if (Math.abs(w.mean()) > 0) {
                    min = Math.min(min, Math.abs(w.mean()));
                    max = Math.max(max, Math.abs(w.mean()));
                }
            }
        }
        List<XYChart> panels = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        String base = title != null ? title : r.program().name() + ": coordinate check";
        for (Map.Entry<String, List<ConvergenceCheck.Component>> e : steps.entrySet()) {
            XYChart chart = Figure.chart(460, 420, e.getKey().isEmpty() ? base : "step t = " + e.getKey(), "width n", "|mean over seeds|");
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW).setLegendBackgroundColor(
                    new Color(255, 255, 255, 200));
            Figure.axes(chart, true, true);
            chart.getStyler().setYAxisMin(Math.log10(min) - 0.1).setYAxisMax(Math.log10(max) + 0.3);
            int colour = 0;
            for (ConvergenceCheck.Component c : e.getValue()) {
                Color col = Figure.COLORS[colour++ % Figure.COLORS.length];
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                int[] ws = new int[c.widths().size()];
                double[] ms = new double[c.widths().size()];
                for (int i = 0; i < ws.length; i++) {
                    ConvergenceCheck.AtWidth w = c.widths().get(i);
                    ws[i] = w.width();
                    ms[i] = Math.abs(w.mean());
                    if (ms[i] > 0) {
                        xs.add(Math.log10(w.width()));
                        ys.add(Math.log10(ms[i]));
                    }
                }
                if (xs.isEmpty()) continue;
                Fit f = Fit.powerLaw(ws, ms, Double.NaN);
                String beta = f == null ? "" : String.format(Locale.ROOT, ": n^%.2f", f.slope());
                XYSeries s = chart.addSeries("layer " + layer.get(c) + beta, xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(col);
                s.setMarkerColor(col);
                if (f != null) {
                    boolean grows = f.lo() > 0.1;
                    verdicts.add(String.format(Locale.ROOT, "%s: |mean| ∝ n^%.2f [%.2f, %.2f]: %s", c.name(), f.slope(), f.lo(), f.hi(),
                            grows ? "grows with width" : f.hi() < -0.1 ? "shrinks with width" : "stable"));
                }
            }
            panels.add(chart);
        }
        if (panels.size() > 1) {
            // the panels share one y range, so that growth is read across steps
            for (XYChart c : panels) c.setTitle(base + " · " + c.getTitle());
        }
        Figure.save(panels, 4, file);
        return verdicts;
    }

    static void save(XYChart chart, String file) throws IOException {
        Figure.save(List.of(chart), 1, file);
    }
}
