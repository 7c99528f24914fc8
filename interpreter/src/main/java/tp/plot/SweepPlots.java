package tp.plot;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tp.numerics.Numbers;
import tp.sweep.Grid;
import tp.sweep.SweepResult;

/**
 * The learning-rate curves of {@code tp sweep --plot}: the objective against the swept param, one
 * curve per width (the limit a black dashed line), the refined optimum of each curve marked with a
 * diamond, on log axes when the grid is logarithmic and the objective spans more than a decade and
 * a half (a minimised objective up to ten times its largest value left of the optima: beyond,
 * training diverges). A grid over other params too gives a panel per combination of their values, or, when the
 * sweep has a single width, one panel with a curve per combination (loss against lr at depths 2, 4, 8).
 */
public final class SweepPlots {
    private SweepPlots() {}

    /** The sweep's curves into {@code file}, titled {@code title}, the y axis {@code yTitle} (null: the objective's name). */
    public static void curves(SweepResult r, String file, String title, String yTitle) throws IOException {
        List<SweepResult.Curve> all = r.curves();
        List<Grid> others = r.others();
        int perGroup = r.spec().widths().size() + (r.spec().limit() ? 1 : 0);
        int groups = all.size() / perGroup;
        boolean onePanel = groups == 1 || r.spec().widths().size() <= 1;
        Grid over = r.spec().overGrid();
        boolean logX = over.log() && over.positive();
        // a minimised objective is shown up to ten times its largest value left of the optima (small steps):
        // beyond, training diverges and the curves would only show how fast
        double cap = Double.POSITIVE_INFINITY;
        if (!r.spec().maximize()) {
            double left = Double.NEGATIVE_INFINITY;
            for (SweepResult.Curve c : all) {
                for (int j = 0; j <= c.bestIndex(); j++) if (Double.isFinite(c.mean()[j])) left = Math.max(left, c.mean()[j]);
            }
            if (left > 0) cap = 10 * left;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (SweepResult.Curve c : all) {
            for (double y : c.mean()) {
                if (!Double.isFinite(y) || y > cap) continue;
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
        }
        boolean logY = min > 0 && max / min > 30;
        if (yTitle == null) yTitle = r.spec().objective() + (r.spec().maximize() ? " (maximised)" : "");
        String base = title != null ? title : r.spec().programName() + ": " + r.spec().objective() + " against " + r.spec().over();
        List<XYChart> panels = new ArrayList<>();
        for (int g = 0; g < (onePanel ? 1 : groups); g++) {
            List<SweepResult.Curve> curves = onePanel ? all : all.subList(g * perGroup, (g + 1) * perGroup);
            String panelTitle = onePanel ? base : base + " · " + fixedLabel(others, curves.get(0).fixed());
            XYChart chart = Figure.chart(onePanel ? 900 : 620, onePanel ? 600 : 480, panelTitle, r.spec().over(), yTitle);
            Figure.axes(chart, logX, logY);
            int colour = 0;
            for (SweepResult.Curve c : curves) {
                String name = c.limit() ? "limit" : "n = " + c.width();
                if (onePanel && groups > 1) name = fixedLabel(others, c.fixed()) + (perGroup > 1 ? ", " + name : "");
                Color col = c.limit() && !(onePanel && groups > 1 && perGroup == 1) ? Color.BLACK : Figure.COLORS[colour++ % Figure.COLORS.length];
                add(chart, c, name, col, logX, logY, c.limit() && col == Color.BLACK, cap);
            }
            panels.add(chart);
        }
        Figure.save(panels, 3, file);
    }

    static String fixedLabel(List<Grid> others, List<Double> fixed) {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < others.size(); a++) if (others.get(a).size() > 1) parts.add(others.get(a).name() + " = " + Numbers.three(fixed.get(a)));
        return parts.isEmpty() ? "" : String.join(", ", parts);
    }

    private static void add(XYChart chart, SweepResult.Curve c, String name, Color col, boolean logX, boolean logY, boolean dashed, double cap) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        for (int j = 0; j < c.xs().length; j++) {
            double y = c.mean()[j];
            if (!Double.isFinite(y) || y > cap || (logY && !(y > 0))) continue;
            xs.add(logX ? Math.log10(c.xs()[j]) : c.xs()[j]);
            ys.add(logY ? Math.log10(y) : y);
            double e = c.limit() || Double.isNaN(c.stderr()[j]) ? 0 : c.stderr()[j];
            es.add(logY ? Math.min(1, e / (y * Math.log(10))) : e);
        }
        if (xs.isEmpty()) return;
        XYSeries s = c.limit() ? chart.addSeries(name, xs, ys) : chart.addSeries(name, xs, ys, es);
        s.setLineColor(col);
        s.setMarkerColor(col);
        if (dashed) {
            s.setLineStyle(Figure.DASHED);
            s.setMarker(SeriesMarkers.NONE);
        } else {
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (c.bestIndex() >= 0) {
            // the refined optimum, on the curve (log y interpolated linearly between grid points)
            double bx = logX ? Math.log10(c.best()) : c.best();
            double by = interpolate(xs, ys, bx);
            XYSeries m = chart.addSeries(name + " optimum", new double[] {bx}, new double[] {by});
            m.setMarker(SeriesMarkers.DIAMOND);
            m.setMarkerColor(col);
            m.setShowInLegend(false);
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
    }

    private static double interpolate(List<Double> xs, List<Double> ys, double x) {
        for (int i = 0; i + 1 < xs.size(); i++) {
            if (xs.get(i) <= x && x <= xs.get(i + 1)) {
                double t = xs.get(i + 1).equals(xs.get(i)) ? 0 : (x - xs.get(i)) / (xs.get(i + 1) - xs.get(i));
                return ys.get(i) + t * (ys.get(i + 1) - ys.get(i));
            }
        }
        int nearest = 0;
        for (int i = 0; i < xs.size(); i++) if (Math.abs(xs.get(i) - x) < Math.abs(xs.get(nearest) - x)) nearest = i;
        return ys.get(nearest);
    }
}
