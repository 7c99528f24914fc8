package tp.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import tp.numerics.Numbers;

/**
 * What every plot of tp shares: log axes whose ticks say what they mean, and writing one or more
 * panels side by side as PNG or SVG (by the file's extension).
 *
 * <p>A log axis is drawn as a linear axis of log10 of the values, with tick labels written back
 * in the values' units: XChart's own log axis labels only decades, so that widths 128 … 2048 get a
 * single "1000", and writes "1E5". On the x axis the ticks stand at the data's x values (the widths,
 * or the grid's learning rates), thinned where they would overlap; on the y axis at round positions
 * of log10 y. A label is a plain number ("128", "0.0316", "2500") between 10⁻³ and 10⁵, else a power
 * of ten with a superscript exponent ("10⁻⁸", "3.2×10⁻⁶").
 */
final class Figure {
    private Figure() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

    static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.OutsideE)
                .setMarkerSize(7).setSeriesColors(COLORS);
        return chart;
    }

    /** The axes of {@code chart} in log10 units ({@code logX}, {@code logY}) with their tick labels in the values' units. */
    static void axes(XYChart chart, boolean logX, boolean logY) {
        chart.getStyler().setxAxisTickLabelsFormattingFunction(logX ? v -> label(Math.pow(10, v)) : Figure::linear);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(logY ? Figure::roundLabel : Figure::linear);
        if (logY) LOG_Y.put(chart, true);
    }

    private static final java.util.Map<XYChart, Boolean> LOG_Y = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The spacing of a log y axis's ticks, from the range of its data (in decades): a tick a decade
     * over two decades or more, else a tick every tenth of a decade (of which the round values are labelled).
     */
    private static void spaceLogY(XYChart chart) {
        if (!LOG_Y.containsKey(chart)) return;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (org.knowm.xchart.XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        if (chart.getStyler().getYAxisMin() != null) min = chart.getStyler().getYAxisMin();
        if (chart.getStyler().getYAxisMax() != null) max = chart.getStyler().getYAxisMax();
        // the axis from and to round values (whole decades over two decades or more, else tenths of a
        // decade), and the spacing hint that gives a tick a decade or a tick a tenth: XChart counts its
        // ticks from the axis's minimum, so the ticks stand at round positions
        double step = max - min >= 2 ? 1 : 0.1;
        // under two decades the round values are too few: every tick is labelled with its value
        if (step < 1) chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> label(Math.pow(10, v)));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        if (hi <= lo) hi = lo + step;
        chart.getStyler().setYAxisMin(lo).setYAxisMax(hi);
        double plot = chart.getHeight() * 0.7;
        chart.getStyler().setYAxisTickMarkSpacingHint((int) Math.max(10, Math.floor(plot / ((hi - lo) / step) * 0.95)));
    }

    /**
     * A tick of a log y axis (at round positions of log10 y, which are not round values): labelled
     * when its value is within 1% of 1, 2, 4, 5 or 8 times a power of ten, else left blank — so a
     * decade-wide axis reads 1, 2, 5, 10, not 1.58, 2.51, 3.98.
     */
    static String roundLabel(double v) {
        double x = Math.pow(10, v);
        double e = Math.floor(v + 1e-9);
        double m = x / Math.pow(10, e);
        for (double nice : new double[] {1, 2, 4, 5, 8, 10}) {
            if (Math.abs(m - nice) <= 0.01 * nice) return label(nice * Math.pow(10, e));
        }
        return "";
    }

    static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log10(v[i]);
        return out;
    }

    /** A symmetric error bar in log10 units for a value y ± e (the bar's half-length at first order, at most a decade). */
    static double[] logErrors(double[] y, double[] e) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double d = Double.isFinite(e[i]) && y[i] > 0 ? e[i] / (y[i] * Math.log(10)) : 0;
            out[i] = Math.min(1, d);
        }
        return out;
    }

    /** A value on a log axis, in its units. */
    static String label(double x) {
        if (!Double.isFinite(x)) return "";
        double a = Math.abs(x);
        double r = Math.rint(x);
        if (a >= 1 && a < 1e5 && Math.abs(x - r) <= 1e-6 * a) return Long.toString((long) r);
        double e = Math.rint(Math.log10(a));
        if (Math.abs(Math.log10(a) - e) < 1e-9 && (a < 1e-3 || a >= 1e5)) return "10" + superscript((long) e);
        if (a >= 1000 && a < 1e5) return Long.toString(Math.round(x / Math.pow(10, Math.floor(Math.log10(a)) - 2)) * (long) Math.pow(10, Math.floor(Math.log10(a)) - 2));
        if (a >= 1e-3 && a < 1e5) return Numbers.three(x);
        long exp = (long) Math.floor(Math.log10(a));
        double m = x / Math.pow(10, exp);
        return String.format(Locale.ROOT, "%.2g", m).replaceAll("\\.?0+$", "") + "×10" + superscript(exp);
    }

    /** A value on a linear axis: three significant digits, a leading zero ("0.05", never ".05"), no exponent between 10⁻³ and 10⁵. */
    static String linear(double v) {
        if (Math.abs(v) < 1e-12) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) return Numbers.three(v);
        return label(v);
    }

    private static String superscript(long e) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(e < 0 ? "⁻" : "");
        for (char c : Long.toString(Math.abs(e)).toCharArray()) sb.append(digits.charAt(c - '0'));
        return sb.toString();
    }

    /** Writes the panels side by side, {@code columns} to a row, as PNG or SVG by the file's extension. */
    static void save(List<XYChart> panels, int columns, String file) throws IOException {
        for (XYChart c : panels) spaceLogY(c);
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            BufferedImage img = new BufferedImage(w * cols, h * rows, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w * cols, h * rows);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            paint(g, panels, cols, w, h);
            g.dispose();
            ImageIO.write(img, "png", Path.of(file).toFile());
        } else if (lower.endsWith(".svg")) {
            de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
            paint(g, panels, cols, w, h);
            de.erichseifert.vectorgraphics2d.Document doc = de.erichseifert.vectorgraphics2d.Processors.get("svg")
                    .getDocument(g.getCommands(), new de.erichseifert.vectorgraphics2d.util.PageSize(0, 0, w * cols, h * rows));
            try (OutputStream out = Files.newOutputStream(Path.of(file))) {
                doc.writeTo(out);
            }
        } else {
            throw new IllegalArgumentException("a plot is written as .png or .svg; got " + file);
        }
    }

    private static void paint(Graphics2D g, List<XYChart> panels, int cols, int w, int h) {
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D p = (Graphics2D) g.create((i % cols) * w, (i / cols) * h, w, h);
            panels.get(i).paint(p, w, h);
            p.dispose();
        }
    }

    static List<Double> list(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double d : a) l.add(d);
        return l;
    }

    static Function<Double, String> none() {
        return v -> "";
    }
}
