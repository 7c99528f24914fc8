package tp.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tp.convergence.ConvergenceCheck;
import tp.pipeline.OptionError;

/**
 * Charts of {@code tp check}, written as PNG (headless) or SVG by the file's extension: the
 * convergence plot (seed spread and |mean − limit| against n, log–log, with the n^-1/2 guide) and
 * the values plot (each output's mean against n, with its standard error: a coordinate check).
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
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title(r.program().name() + ": finite width → limit").xAxisTitle("width n").yAxisTitle("seed spread, |mean − limit|")
                .build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE)
                .setChartBackgroundColor(Color.WHITE).setMarkerSize(7);
        double anchorX = Double.NaN;
        double anchorY = Double.NaN;
        List<Integer> widths = new ArrayList<>();
        for (ConvergenceCheck.Component c : r.components()) {
            List<Double> xs = new ArrayList<>();
            List<Double> spread = new ArrayList<>();
            List<Double> gx = new ArrayList<>();
            List<Double> gap = new ArrayList<>();
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                if (!widths.contains(w.width())) widths.add(w.width());
                if (w.std() > 0) {
                    xs.add((double) w.width());
                    spread.add(w.std());
                }
                double g = Math.abs(w.mean() - c.limit().value());
                if (g > 0 && Double.isFinite(g)) {
                    gx.add((double) w.width());
                    gap.add(g);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries("spread " + c.name(), xs, spread);
                s.setMarker(SeriesMarkers.CIRCLE);
                if (Double.isNaN(anchorX)) {
                    anchorX = xs.get(0);
                    anchorY = spread.get(0);
                }
            }
            if (!gx.isEmpty()) {
                XYSeries s = chart.addSeries("|mean − limit| " + c.name(), gx, gap);
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        if (!Double.isNaN(anchorX)) {
            List<Double> gx = new ArrayList<>();
            List<Double> gy = new ArrayList<>();
            for (int w : widths) {
                gx.add((double) w);
                gy.add(anchorY * Math.sqrt(anchorX / w));
            }
            XYSeries guide = chart.addSeries("n^-1/2", gx, gy);
            guide.setMarker(SeriesMarkers.NONE);
            guide.setLineColor(Color.BLACK);
            guide.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        }
        save(chart, file);
    }

    public static void values(ConvergenceCheck.Result r, String file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title(title != null ? title : r.program().name() + ": outputs against width").xAxisTitle("width n")
                .yAxisTitle("mean over seeds (± s.e.)").build();
        chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE)
                .setChartBackgroundColor(Color.WHITE).setMarkerSize(7);
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
        chart.getStyler().setYAxisLogarithmic(logY);
        for (ConvergenceCheck.Component c : r.components()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (ConvergenceCheck.AtWidth w : c.widths()) {
                xs.add((double) w.width());
                ys.add(w.mean());
                double e = Double.isNaN(w.stderr()) ? 0 : w.stderr();
                err.add(logY ? Math.min(e, 0.9 * w.mean()) : e);
            }
            XYSeries s = chart.addSeries(c.name(), xs, ys, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, file);
    }

    static void save(XYChart chart, String file) throws IOException {
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".svg")) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, file, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else if (lower.endsWith(".png")) {
            BitmapEncoder.saveBitmap(chart, file, BitmapEncoder.BitmapFormat.PNG);
        } else {
            throw new IllegalArgumentException("a plot is written as .png or .svg; got " + file);
        }
    }
}
