package tp.convergence;

/**
 * A straight line through (log n, log y): the exponent of a power law y ∝ n^β, with its standard
 * error taken as the larger of the model's (each log y known to {@code sigma}) and the residuals'.
 */
public record Fit(double slope, double intercept, double stderr) {
    /**
     * Half-width of the printed interval and of the verdict's test, in standard errors: the same
     * rule for both. Three, because a program has many outputs and a 95% interval would cry wolf.
     */
    public static final double Z = 3;

    public double lo() {
        return slope - Z * stderr;
    }

    public double hi() {
        return slope + Z * stderr;
    }

    public boolean contains(double beta) {
        return lo() <= beta && beta <= hi();
    }

    /** Fits the points with positive y; null when fewer than two remain. */
    public static Fit powerLaw(int[] widths, double[] y, double sigma) {
        int k = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < widths.length; i++) {
            if (!(y[i] > 0)) continue;
            k++;
            sx += Math.log(widths[i]);
            sy += Math.log(y[i]);
        }
        if (k < 2) return null;
        double mx = sx / k;
        double my = sy / k;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < widths.length; i++) {
            if (!(y[i] > 0)) continue;
            double dx = Math.log(widths[i]) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(y[i]) - my);
        }
        if (sxx == 0) return null;
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < widths.length; i++) {
            if (!(y[i] > 0)) continue;
            double r = Math.log(y[i]) - intercept - slope * Math.log(widths[i]);
            rss += r * r;
        }
        double model = Double.isNaN(sigma) ? 0 : Math.sqrt(sigma * sigma / sxx);
        double residual = k > 2 ? Math.sqrt(rss / (k - 2) / sxx) : 0;
        return new Fit(slope, intercept, Math.max(model, residual));
    }
}
