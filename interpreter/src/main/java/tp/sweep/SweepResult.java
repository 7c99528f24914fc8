package tp.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import tp.numerics.Numbers;

/**
 * A sweep's cells (by index; a shard's result has only its own) and what they say: per width, and
 * per value of every other grid param, the objective against the swept param ({@link Curve}), its
 * best value with an uncertainty, and whether the optimum moves with width (or with another grid
 * param such as depth): a {@link Transfer}.
 *
 * <p>The best value of the swept param is refined between grid points by the parabola through the
 * best grid point and its two neighbours, in log x for a log axis and in log y for a positive
 * objective; its 95% interval is the 2.5% and 97.5% quantiles over {@link #RESAMPLES} bootstrap
 * resamples of the seeds (the same refinement on each resample's mean curve). The limit has no
 * seeds, hence no interval. A transfer is the weighted least-squares line through
 * (log width, log best), each point weighted by its bootstrap interval (at least a quarter of the
 * grid's step), with the larger of the model's and the residuals' standard errors.
 */
public record SweepResult(SweepSpec spec, Shard shard, Cell[] cells) {
    public static final int RESAMPLES = 1000;
    /** Half-width of a transfer exponent's interval, in standard errors (about 95%). */
    public static final double Z = 2;

    /**
     * The objective against the swept param at one width (0: the limit) and one value of each other
     * grid param ({@code fixed}, in the order of the axes, the swept one left out): per grid value
     * the mean over seeds and its standard error; the best grid index, the refined best x with its
     * interval, whether it lies on the grid's edge.
     */
    public record Curve(List<Double> fixed, int width, double[] xs, double[] mean, double[] stderr, int bestIndex, double best,
                        double lo, double hi, boolean edge) {
        public boolean limit() {
            return width == 0;
        }

        public double value() {
            return bestIndex < 0 ? Double.NaN : mean[bestIndex];
        }

        public double valueStderr() {
            return bestIndex < 0 ? Double.NaN : stderr[bestIndex];
        }
    }

    /**
     * A fitted exponent of best x against {@code across} ({@code "width"} or a grid param), the other
     * grid params at {@code fixed} and, across a grid param, at {@code width} (0: the limit).
     */
    public record Transfer(String across, List<Double> fixed, int width, int points, double slope, double stderr, String verdict) {
        public double lo() {
            return slope - Z * stderr;
        }

        public double hi() {
            return slope + Z * stderr;
        }

        public boolean transfers() {
            return verdict.startsWith("transfers");
        }
    }

    public boolean complete() {
        for (Cell c : cells) if (c == null) return false;
        return true;
    }

    /** The other grid axes than the swept one, in their order. */
    public List<Grid> others() {
        List<Grid> o = new ArrayList<>();
        for (Grid g : spec.grids()) if (!g.name().equals(spec.over())) o.add(g);
        return o;
    }

    /** Every combination of the other axes' value indices (the last fastest). */
    List<int[]> combinations() {
        List<Grid> others = others();
        List<int[]> out = new ArrayList<>();
        int total = 1;
        for (Grid g : others) total *= g.size();
        for (int i = 0; i < total; i++) {
            int[] at = new int[others.size()];
            int r = i;
            for (int a = others.size() - 1; a >= 0; a--) {
                at[a] = r % others.get(a).size();
                r /= others.get(a).size();
            }
            out.add(at);
        }
        return out;
    }

    /** The grid point with the swept axis at {@code j} and the others at {@code at}. */
    int point(int[] at, int j) {
        int[] full = new int[spec.grids().size()];
        int k = 0;
        for (int a = 0; a < full.length; a++) full[a] = spec.grids().get(a).name().equals(spec.over()) ? j : at[k++];
        return spec.pointIndex(full);
    }

    List<Double> fixed(int[] at) {
        List<Double> f = new ArrayList<>();
        List<Grid> others = others();
        for (int a = 0; a < at.length; a++) f.add(others.get(a).values().get(at[a]));
        return f;
    }

    /** Every curve: per combination of the other axes, each width in order, then the limit. */
    public List<Curve> curves() {
        List<Curve> out = new ArrayList<>();
        int group = 0;
        for (int[] at : combinations()) {
            for (int w = 0; w < spec.widths().size(); w++) out.add(finiteCurve(at, w, group++));
            if (spec.limit()) out.add(limitCurve(at));
        }
        return out;
    }

    private boolean logX() {
        return spec.overGrid().log() && spec.overGrid().positive();
    }

    private Curve finiteCurve(int[] at, int w, int group) {
        Grid g = spec.overGrid();
        int m = g.size();
        int o = spec.objectiveIndex();
        int k = spec.seeds();
        double[][] y = new double[m][k]; // y[j][s]
        double[] mean = new double[m];
        double[] se = new double[m];
        for (int j = 0; j < m; j++) {
            Cell c = cells[spec.finiteCell(point(at, j), w)];
            for (int s = 0; s < k; s++) y[j][s] = c.values()[s][o];
            tp.numerics.SampleMean sm = tp.numerics.SampleMean.of(y[j]);
            mean[j] = sm.mean();
            se[j] = k > 1 ? sm.standardError() : Double.NaN;
        }
        double[] xs = xs();
        int best = argBest(mean);
        double x = refine(xs, mean, best);
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (k > 1 && best >= 0) {
            SplittableRandom rng = new SplittableRandom(0x5eed_0000L + group);
            double[] boot = new double[RESAMPLES];
            double[] bm = new double[m];
            int[] pick = new int[k];
            for (int b = 0; b < RESAMPLES; b++) {
                for (int s = 0; s < k; s++) pick[s] = rng.nextInt(k);
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int s = 0; s < k; s++) sum += y[j][pick[s]];
                    bm[j] = sum / k;
                }
                int bb = argBest(bm);
                boot[b] = bb < 0 ? Double.NaN : u(refine(xs, bm, bb));
            }
            Arrays.sort(boot); // NaN last
            int finite = 0;
            while (finite < boot.length && !Double.isNaN(boot[finite])) finite++;
            if (finite > 0) {
                lo = x(boot[(int) Math.floor(0.025 * (finite - 1))]);
                hi = x(boot[(int) Math.ceil(0.975 * (finite - 1))]);
            }
        }
        return new Curve(fixed(at), spec.widths().get(w), xs, mean, se, best, x, lo, hi, best == 0 || best == m - 1);
    }

    private Curve limitCurve(int[] at) {
        Grid g = spec.overGrid();
        int m = g.size();
        int o = spec.objectiveIndex();
        double[] mean = new double[m];
        double[] err = new double[m];
        for (int j = 0; j < m; j++) {
            Cell c = cells[spec.limitCell(point(at, j))];
            mean[j] = c.values()[0][o];
            err[j] = c.values()[1][o];
        }
        double[] xs = xs();
        int best = argBest(mean);
        return new Curve(fixed(at), 0, xs, mean, err, best, refine(xs, mean, best), Double.NaN, Double.NaN, best == 0 || best == m - 1);
    }

    private double[] xs() {
        return spec.overGrid().values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The best grid index (NaN and infinities are the worst), or -1 when no value is finite. */
    int argBest(double[] y) {
        int best = -1;
        for (int j = 0; j < y.length; j++) {
            if (!Double.isFinite(y[j])) continue;
            if (best < 0 || (spec.maximize() ? y[j] > y[best] : y[j] < y[best])) best = j;
        }
        return best;
    }

    private double u(double x) {
        return logX() ? Math.log(x) : x;
    }

    private double x(double u) {
        return logX() ? Math.exp(u) : u;
    }

    /** The vertex of the parabola through the best grid point and its neighbours (in u = log x on a log axis; log y when positive). */
    double refine(double[] xs, double[] y, int j) {
        if (j < 0) return Double.NaN;
        if (j == 0 || j == xs.length - 1 || !Double.isFinite(y[j - 1]) || !Double.isFinite(y[j + 1])) return xs[j];
        double u0 = u(xs[j - 1]), u1 = u(xs[j]), u2 = u(xs[j + 1]);
        boolean logY = y[j - 1] > 0 && y[j] > 0 && y[j + 1] > 0;
        double y0 = logY ? Math.log(y[j - 1]) : y[j - 1];
        double y1 = logY ? Math.log(y[j]) : y[j];
        double y2 = logY ? Math.log(y[j + 1]) : y[j + 1];
        double num = (u1 - u0) * (u1 - u0) * (y1 - y2) - (u1 - u2) * (u1 - u2) * (y1 - y0);
        double den = (u1 - u0) * (y1 - y2) - (u1 - u2) * (y1 - y0);
        if (den == 0 || !Double.isFinite(num / den)) return xs[j];
        double v = u1 - 0.5 * num / den;
        return x(Math.max(u0, Math.min(u2, v)));
    }

    /** Half the grid's step around index j, in log x (or x): the resolution of a best value there. */
    private double step(double[] xs, int j) {
        int a = Math.max(0, j - 1);
        int b = Math.min(xs.length - 1, j + 1);
        return (logLog(xs[b]) - logLog(xs[a])) / (b - a);
    }

    private static double logLog(double x) {
        return Math.log(x);
    }

    /** Transfer across width (per combination of the other axes), then across each other positive grid param (per width and the limit). */
    public List<Transfer> transfers() {
        List<Transfer> out = new ArrayList<>();
        if (!spec.overGrid().positive()) return out;
        List<Curve> curves = curves();
        int perGroup = spec.widths().size() + (spec.limit() ? 1 : 0);
        List<int[]> combos = combinations();
        if (spec.widths().size() >= 2) {
            for (int c = 0; c < combos.size(); c++) {
                List<Curve> finite = curves.subList(c * perGroup, c * perGroup + spec.widths().size());
                Curve lim = spec.limit() ? curves.get(c * perGroup + spec.widths().size()) : null;
                double[] t = new double[finite.size()];
                for (int i = 0; i < t.length; i++) t[i] = finite.get(i).width();
                out.add(fit("width", "n", fixed(combos.get(c)), -1, t, finite, lim));
            }
        }
        List<Grid> others = others();
        for (int a = 0; a < others.size(); a++) {
            Grid g = others.get(a);
            if (g.size() < 2 || !g.positive()) continue;
            // the combinations of the remaining axes, with axis a running
            for (int[] at : combos) {
                if (at[a] != 0) continue;
                for (int w = 0; w < perGroup; w++) {
                    List<Curve> along = new ArrayList<>();
                    double[] t = new double[g.size()];
                    for (int v = 0; v < g.size(); v++) {
                        int[] at2 = at.clone();
                        at2[a] = v;
                        int c = combos.indexOf(combos.stream().filter(x -> Arrays.equals(x, at2)).findFirst().orElseThrow());
                        along.add(curves.get(c * perGroup + w));
                        t[v] = g.values().get(v);
                    }
                    List<Double> fixed = fixed(at);
                    fixed.set(a, Double.NaN);
                    int width = w < spec.widths().size() ? spec.widths().get(w) : 0;
                    out.add(fit(g.name(), g.name(), fixed, width, t, along, null));
                }
            }
        }
        return out;
    }

    private Transfer fit(String across, String symbol, List<Double> fixed, int width, double[] t, List<Curve> curves, Curve lim) {
        String what = spec.over();
        List<double[]> pts = new ArrayList<>(); // log t, log best, sigma
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            if (c.bestIndex() < 0) continue;
            if (c.edge()) {
                edges.add(label(symbol, t[i]));
                continue;
            }
            double floor = step(c.xs(), c.bestIndex()) / 4;
            double sigma = Double.isNaN(c.lo()) ? floor : Math.max(floor, (Math.log(c.hi()) - Math.log(c.lo())) / (2 * 1.96));
            pts.add(new double[] {Math.log(t[i]), Math.log(c.best()), sigma});
        }
        String edgeNote = edges.isEmpty() ? "" : "; the optimum is at the grid's edge at " + String.join(", ", edges) + " (left out: widen the grid)";
        if (pts.size() < 2) {
            return new Transfer(across, fixed, width, pts.size(), Double.NaN, Double.NaN,
                    "inconclusive: fewer than two " + (across.equals("width") ? "widths" : "values of " + across) + " with an optimum inside the grid" + edgeNote);
        }
        double sw = 0, sx = 0, sy = 0;
        for (double[] p : pts) {
            double w = 1 / (p[2] * p[2]);
            sw += w;
            sx += w * p[0];
            sy += w * p[1];
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (double[] p : pts) {
            double w = 1 / (p[2] * p[2]);
            sxx += w * (p[0] - mx) * (p[0] - mx);
            sxy += w * (p[0] - mx) * (p[1] - my);
        }
        double slope = sxy / sxx;
        double chi2 = 0;
        for (double[] p : pts) {
            double r = p[1] - my - slope * (p[0] - mx);
            chi2 += r * r / (p[2] * p[2]);
        }
        double se = Math.sqrt(1 / sxx);
        if (pts.size() > 2) se *= Math.max(1, Math.sqrt(chi2 / (pts.size() - 2)));
        double lo = slope - Z * se, hi = slope + Z * se;
        String law = String.format(Locale.ROOT, "best %s ∝ %s^%.2f [%.2f, %.2f]", what, symbol, slope, lo, hi);
        String verdict;
        if (lo > 0 || hi < 0) verdict = "does not transfer: the optimum moves with " + across + ", " + law;
        else if (hi - lo > 1.5) verdict = "inconclusive: " + law + " is too uncertain (more seeds or a finer grid)";
        else verdict = "transfers: the optimum does not move with " + across + " (" + law + " contains 0)";
        if (lim != null && lim.bestIndex() >= 0) {
            Curve last = curves.get(curves.size() - 1);
            verdict += "; the limit's best " + what + " is " + Numbers.three(lim.best()) + (lim.edge() ? " (at the grid's edge)" : "");
            if (!Double.isNaN(last.lo())) {
                boolean in = last.lo() <= lim.best() && lim.best() <= last.hi();
                verdict += in ? ", inside n = " + last.width() + "'s interval" : ", outside n = " + last.width() + "'s interval ["
                        + Numbers.three(last.lo()) + ", " + Numbers.three(last.hi()) + "]";
            }
        }
        return new Transfer(across, fixed, width, pts.size(), slope, se, verdict + edgeNote);
    }

    private static String label(String symbol, double t) {
        return symbol + " = " + (t == Math.rint(t) && Math.abs(t) < 1e9 ? Long.toString((long) t) : Numbers.three(t));
    }
}
