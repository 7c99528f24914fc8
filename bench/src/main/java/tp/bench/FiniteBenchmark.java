package tp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import tp.check.Checker;
import tp.finite.FiniteBackend;
import tp.ir.Program;
import tp.syntax.SourceFile;

/**
 * Prints time per seed of a program at finite width, split into sampling, multiplying and the
 * rest. Not a test: run {@code bench/finite.sh}.
 * Usage: {@code FiniteBenchmark FILE [SEEDS] [WIDTH…]}.
 */
public final class FiniteBenchmark {
    private FiniteBenchmark() {}

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : "programs/nngp.tp";
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] widths = {2048, 4096};
        if (args.length > 2) {
            widths = new int[args.length - 2];
            for (int i = 2; i < args.length; i++) widths[i - 2] = Integer.parseInt(args[i]);
        }
        Program p = Checker.check(new SourceFile(file, Files.readString(Path.of(file))), Map.of());
        int threads = Runtime.getRuntime().availableProcessors();
        ForkJoinPool pool = new ForkJoinPool(threads);
        FiniteBackend backend = new FiniteBackend(p, pool);
        System.out.printf(Locale.ROOT, "tp finite backend: %s, %d threads, %d seeds after 2 warm-up seeds%n", file, threads, seeds);
        System.out.printf(Locale.ROOT, "%6s %12s %12s %12s %12s%n", "n", "ms/seed", "sampling", "multiplying", "other");
        for (int n : widths) {
            for (int s = 0; s < 2; s++) backend.run(n, 1000 + s);
            long total = 0;
            long sampling = 0;
            long mult = 0;
            long other = 0;
            for (int s = 0; s < seeds; s++) {
                long t0 = System.nanoTime();
                FiniteBackend.Sample r = backend.run(n, s);
                total += System.nanoTime() - t0;
                sampling += r.timings().sampling;
                mult += r.timings().multiplying;
                other += r.timings().other;
            }
            System.out.printf(Locale.ROOT, "%6d %12.1f %12.1f %12.1f %12.1f%n", n, total / 1e6 / seeds,
                    sampling / 1e6 / seeds, mult / 1e6 / seeds, other / 1e6 / seeds);
        }
        pool.shutdown();
    }
}
