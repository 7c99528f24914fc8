package tp.limit;

import tp.ir.Progress;

/**
 * How to compute a limit: the quadrature tolerance, the tier (or automatic choice), the form of
 * Ż, and for particles their number (split into independent replicates for the standard error),
 * the seed, the threads and who watches the progress.
 */
public record LimitOptions(double tol, Forced method, ZDot zdot, int particles, int replicates, long seed, int threads,
                           Progress progress, Sampling sampling) {
    /** Force one expectation tier, or choose per expectation (exact, then quadrature, then particles). */
    public enum Forced { AUTO, EXACT, QUADRATURE, PARTICLES }

    /**
     * Ż by the derivative form, the derivative-free Stein form, whichever suits the integrand
     * (Stein where a derivative vanishes almost everywhere: step, sign), or dropped (for showing
     * what goes wrong without it). Particles always use the Stein form.
     */
    public enum ZDot { AUTO, DERIVATIVE, STEIN, DROP }

    /**
     * How particles draw their Gaussian noises: pseudo-random (plain Monte Carlo), or the first
     * {@code tp.numerics.Sobol.DIMENSIONS} noises of each replicate from a digitally shifted Sobol
     * net (randomised quasi-Monte Carlo; the rest pseudo-random), each replicate extrapolated from
     * m and m/8 particles (Richardson) so that the plug-in bias stays below the smaller standard
     * error. Replicates are independent either way. Monte Carlo is the default: a Sobol net sees an
     * event rarer than 1/m in every replicate or in none, so the spread cannot flag it.
     */
    public enum Sampling { MC, RQMC }

    public static final int DEFAULT_PARTICLES = 1 << 18;
    public static final int DEFAULT_REPLICATES = 16;

    public static LimitOptions defaults() {
        return new LimitOptions(1e-10, Forced.AUTO, ZDot.AUTO, DEFAULT_PARTICLES, DEFAULT_REPLICATES, 0,
                Runtime.getRuntime().availableProcessors(), Progress.NONE, Sampling.MC);
    }

    public LimitOptions with(ZDot z) {
        return new LimitOptions(tol, method, z, particles, replicates, seed, threads, progress, sampling);
    }

    public LimitOptions with(Forced m) {
        return new LimitOptions(tol, m, zdot, particles, replicates, seed, threads, progress, sampling);
    }

    public LimitOptions withParticles(int n, int r, long s) {
        return new LimitOptions(tol, method, zdot, n, r, s, threads, progress, sampling);
    }

    public LimitOptions withThreads(int t) {
        return new LimitOptions(tol, method, zdot, particles, replicates, seed, t, progress, sampling);
    }

    public LimitOptions withProgress(Progress p) {
        return new LimitOptions(tol, method, zdot, particles, replicates, seed, threads, p, sampling);
    }

    public LimitOptions with(Sampling s) {
        return new LimitOptions(tol, method, zdot, particles, replicates, seed, threads, progress, s);
    }

    public LimitOptions withTol(double t) {
        return new LimitOptions(t, method, zdot, particles, replicates, seed, threads, progress, sampling);
    }
}
