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
 * Particles per second on a program, and the standard error of one output reached in given
 * time budgets. Prints figures; asserts nothing.
 * Usage: {@code ParticleBenchmark FILE OUTPUT [SECONDS…]}.
 */
public final class ParticleBenchmark {
    private ParticleBenchmark() {}

    static Estimate run(Program p, int particles, String output) {
        LimitOptions o = LimitOptions.defaults().with(LimitOptions.Forced.PARTICLES).withParticles(particles, 16, 7);
        LimitResult r = new LimitBackend(p, o).run();
        for (LimitResult.OutputValue v : r.outputs()) if (v.output().name().equals(output)) return v.values().get(0);
        throw new IllegalArgumentException("no output " + output);
    }

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "programs/mup_deep_tanh.tp";
        String output = args.length > 1 ? args[1] : "f_test";
        Program p = Checker.check(new SourceFile(file, Files.readString(Path.of(file))), Map.of());
        run(p, 1 << 17, output);   // warm-up
        int probe = 1 << 20;
        long t0 = System.nanoTime();
        Estimate e = run(p, probe, output);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = probe / seconds;
        System.out.printf(Locale.ROOT, "%s, output %s, %d threads%n", file, output, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%10d particles: %6.2f s  %10.0f particles/s  %s = %.6f ± %.2e%n",
                probe, seconds, rate, output, e.value(), e.stderr());
        for (int i = 2; i < Math.max(3, args.length); i++) {
            double budget = args.length > 2 ? Double.parseDouble(args[i]) : 10;
            int n = (int) Math.min(Integer.MAX_VALUE / 2, budget * rate * 0.9);
            long t1 = System.nanoTime();
            Estimate b = run(p, n, output);
            double s = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "budget %4.0f s: %10d particles in %6.2f s: %s = %.6f ± %.2e%n",
                    budget, n, s, output, b.value(), b.stderr());
        }
    }
}
