package tp.finite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import tp.ir.Program;
import tp.ir.Progress;
import tp.numerics.SampleMean;
import tp.syntax.Span;

/** Several widths × several seeds, aggregated into mean ± standard error per output. */
public final class FiniteRun {
    /** One output at one width: per-seed values, and their mean and standard error, componentwise. */
    public record Stat(Program.Output output, double[][] values, double[] mean, double[] stderr) {}

    /** One width: per output its statistics; per seed every scalar of the program, by value id. */
    public record WidthResult(int width, Map<String, Stat> outputs, FiniteBackend.Timings timings, double[][] scalars) {}

    public record Result(Program program, long seed, int seeds, List<WidthResult> widths) {}

    private FiniteRun() {}

    public static Result run(Program p, List<Integer> widths, long seed, int seeds, int threads) {
        return run(p, widths, seed, seeds, threads, Progress.NONE);
    }

    /** As {@link #run(Program, List, long, int, int)}, a step of {@code progress} for each seed at each width. */
    public static Result run(Program p, List<Integer> widths, long seed, int seeds, int threads, Progress progress) {
        for (int n : widths) FiniteBackend.checkFits(p, n, fileSpan(p));
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            FiniteBackend backend = new FiniteBackend(p, pool);
            List<WidthResult> out = new ArrayList<>();
            try (Progress.Task bar = progress.start("tp: runs", widths.size() * seeds)) {
                int previous = -1;
                for (int n : widths) {
                    if (n != previous) {
                        // the last width's matrices go before this width's are drawn, and this width must fit the heap
                        backend.release();
                        FiniteBackend.checkFits(p, n, fileSpan(p));
                        previous = n;
                    }
                    List<FiniteBackend.Sample> samples = new ArrayList<>();
                    for (int s = 0; s < seeds; s++) {
                        samples.add(backend.run(n, seed + s));
                        bar.step();
                    }
                    out.add(aggregate(p, n, samples));
                }
            }
            return new Result(p, seed, seeds, out);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Widths × seeds as independent tasks spread over the threads (each task multiplies on one
     * thread): the sweep of {@code tp check}. {@code tick} runs after each task. Same results as
     * {@link #run}, bit for bit. Tasks run side by side only as far as the heap holds their
     * matrices at once.
     */
    public static Result sweep(Program p, List<Integer> widths, long seed, int seeds, int threads, Runnable tick) {
        for (int n : widths) FiniteBackend.checkFits(p, n, fileSpan(p));
        int tasks = widths.size() * seeds;
        FiniteBackend.Sample[] samples = new FiniteBackend.Sample[tasks];
        int parallel = Math.max(1, Math.min(threads, tasks));
        // the heap, in MB, that tasks may hold at once; each takes what its width needs
        Runtime rt = Runtime.getRuntime();
        double available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        int budget = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(0.9 * available / MB)));
        java.util.concurrent.Semaphore memory = new java.util.concurrent.Semaphore(budget, true);
        // tasks of the largest width first: they take longest
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < tasks; t++) order.add(t);
        order.sort((a, b) -> Integer.compare(widths.get(b / seeds), widths.get(a / seeds)));
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(null, r, "tp-sweep", 64L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t : order) {
                int n = widths.get(t / seeds);
                int permits = (int) Math.min(budget, Math.ceil(FiniteBackend.bytesNeeded(p, n) / MB));
                futures.add(workers.submit(() -> {
                    memory.acquireUninterruptibly(permits);
                    ForkJoinPool one = new ForkJoinPool(1);
                    try {
                        samples[t] = new FiniteBackend(p, one).run(n, seed + t % seeds);
                    } finally {
                        one.shutdownNow();
                        memory.release(permits);
                    }
                    if (tick != null) tick.run();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) tp.ir.Cancellation.await(f);
        } finally {
            workers.shutdownNow();
        }
        List<WidthResult> out = new ArrayList<>();
        for (int w = 0; w < widths.size(); w++) {
            List<FiniteBackend.Sample> list = new ArrayList<>();
            for (int s = 0; s < seeds; s++) list.add(samples[w * seeds + s]);
            out.add(aggregate(p, widths.get(w), list));
        }
        return new Result(p, seed, seeds, out);
    }

    private static final double MB = 1 << 20;


    private static WidthResult aggregate(Program p, int n, List<FiniteBackend.Sample> samples) {
        FiniteBackend.Timings total = new FiniteBackend.Timings();
        int seeds = samples.size();
        double[][] scalars = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            FiniteBackend.Sample sample = samples.get(s);
            total.sampling += sample.timings().sampling;
            total.multiplying += sample.timings().multiplying;
            total.other += sample.timings().other;
            total.batches += sample.timings().batches;
            total.matmuls += sample.timings().matmuls;
            scalars[s] = sample.scalars();
        }
        Map<String, Stat> stats = new LinkedHashMap<>();
        for (Program.Output o : p.outputs()) {
            double[][] values = new double[seeds][];
            for (int s = 0; s < seeds; s++) values[s] = samples.get(s).outputs().get(o.name());
            stats.put(o.name(), stat(o, values));
        }
        return new WidthResult(n, stats, total, scalars);
    }

    private static Span fileSpan(Program p) {
        for (var s : p.steps()) return new Span(s.span().file(), 0, 0, 0);
        return Span.NONE;
    }

    static Stat stat(Program.Output o, double[][] values) {
        int k = values[0].length;
        int s = values.length;
        double[] mean = new double[k];
        double[] se = new double[k];
        double[] column = new double[s];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < s; i++) column[i] = values[i][c];
            SampleMean m = SampleMean.of(column);
            mean[c] = m.mean();
            se[c] = m.standardError();
        }
        return new Stat(o, values, mean, se);
    }
}
