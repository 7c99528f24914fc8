package tp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tp.check.Checker;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.SourceFile;

/**
 * The particle tier on one output of a program, with variance reduction off (plain Monte Carlo)
 * and on (randomised QMC with Richardson in the particle count), at the same particle count and
 * in time budgets: the standard error reached, and the efficiency 1 / (s.e.² · seconds) with its
 * ratio on/off. Prints figures; asserts nothing.
 * Usage: {@code ParticleBenchmark FILE OUTPUT [SECONDS…]}.
 */
public final class ParticleBenchmark {
    private ParticleBenchmark() {}

    static Estimate run(Program p, int particles, String output, LimitOptions.Sampling s) {
        LimitOptions o = LimitOptions.defaults().with(LimitOptions.Forced.PARTICLES).withParticles(particles, 16, 7).with(s);
        LimitResult r = new LimitBackend(p, o).run();
        for (LimitResult.OutputValue v : r.outputs()) if (v.output().name().equals(output)) return v.values().get(0);
        throw new IllegalArgumentException("no output " + output);
    }

    record Timed(Estimate e, double seconds) {
        double efficiency() {
            return 1 / (e.stderr() * e.stderr() * seconds);
        }
    }

    static Timed timed(Program p, int particles, String output, LimitOptions.Sampling s) {
        long t0 = System.nanoTime();
        Estimate e = run(p, particles, output, s);
        return new Timed(e, (System.nanoTime() - t0) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "programs/mup_deep_tanh.tp";
        String output = args.length > 1 ? args[1] : "f_test";
        Program p = Checker.check(new SourceFile(file, Files.readString(Path.of(file))), Map.of());
        run(p, 1 << 17, output, LimitOptions.Sampling.MC);   // warm-up
        run(p, 1 << 17, output, LimitOptions.Sampling.RQMC);
        System.out.printf(Locale.ROOT, "%s, output %s, %d threads, 16 replicates%n", file, output, Runtime.getRuntime().availableProcessors());
        int probe = 1 << 20;
        Timed[] at = new Timed[2];
        for (LimitOptions.Sampling s : LimitOptions.Sampling.values()) {
            Timed t = timed(p, probe, output, s);
            at[s.ordinal()] = t;
            System.out.printf(Locale.ROOT, "%-4s %9d particles: %6.2f s  %9.0f particles/s  %s = %.7f ± %.2e  efficiency 1/(se²·s) %.3e%n",
                    s, probe, t.seconds, probe / t.seconds, output, t.e.value(), t.e.stderr(), t.efficiency());
        }
        double ratio = at[1].efficiency() / at[0].efficiency();
        System.out.printf(Locale.ROOT, "variance reduction on/off at %d particles: standard error ×%.3f, time ×%.2f, "
                + "efficiency ×%.1f (the same standard error in 1/%.1f of the time)%n",
                probe, at[1].e.stderr() / at[0].e.stderr(), at[1].seconds / at[0].seconds, ratio, ratio);
        double gap = Math.abs(at[1].e.value() - at[0].e.value());
        double joint = Math.hypot(at[1].e.stderr(), at[0].e.stderr());
        System.out.printf(Locale.ROOT, "the two estimates differ by %.2e = %.2f joint standard errors%n", gap, gap / joint);
        for (int i = 2; i < Math.max(3, args.length); i++) {
            double budget = args.length > 2 ? Double.parseDouble(args[i]) : 10;
            Estimate[] inBudget = new Estimate[2];
            for (LimitOptions.Sampling s : LimitOptions.Sampling.values()) {
                double rate = probe / at[s.ordinal()].seconds;
                int n = (int) Math.min(Integer.MAX_VALUE / 2, budget * rate * 0.9);
                Timed t = timed(p, n, output, s);
                inBudget[s.ordinal()] = t.e;
                System.out.printf(Locale.ROOT, "budget %4.0f s, %-4s: %10d particles in %6.2f s: %s = %.7f ± %.2e  (s.e. per √s: %.2e)%n",
                        budget, s, n, t.seconds, output, t.e.value(), t.e.stderr(), t.e.stderr() * Math.sqrt(t.seconds));
            }
            System.out.printf(Locale.ROOT, "budget %4.0f s: standard error on/off %.3f%n", budget,
                    inBudget[1].stderr() / inBudget[0].stderr());
        }
    }
}
