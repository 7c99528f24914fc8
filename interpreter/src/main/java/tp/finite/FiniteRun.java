package tp.finite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import tp.ir.Program;
import tp.syntax.Span;

/** Several widths × several seeds, aggregated into mean ± standard error per output. */
public final class FiniteRun {
    /** One output at one width: per-seed values, and their mean and standard error, componentwise. */
    public record Stat(Program.Output output, double[][] values, double[] mean, double[] stderr) {}

    public record WidthResult(int width, Map<String, Stat> outputs, FiniteBackend.Timings timings) {}

    public record Result(Program program, long seed, int seeds, List<WidthResult> widths) {}

    private FiniteRun() {}

    public static Result run(Program p, List<Integer> widths, long seed, int seeds, int threads) {
        for (int n : widths) FiniteBackend.checkFits(p, n, new FiniteBackend.SourceHint(fileSpan(p)));
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            FiniteBackend backend = new FiniteBackend(p, pool);
            List<WidthResult> out = new ArrayList<>();
            for (int n : widths) {
                FiniteBackend.Timings total = new FiniteBackend.Timings();
                List<FiniteBackend.Sample> samples = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    FiniteBackend.Sample sample = backend.run(n, seed + s);
                    samples.add(sample);
                    total.sampling += sample.timings().sampling;
                    total.multiplying += sample.timings().multiplying;
                    total.other += sample.timings().other;
                    total.batches += sample.timings().batches;
                    total.matmuls += sample.timings().matmuls;
                }
                Map<String, Stat> stats = new LinkedHashMap<>();
                for (Program.Output o : p.outputs()) {
                    double[][] values = new double[seeds][];
                    for (int s = 0; s < seeds; s++) values[s] = samples.get(s).outputs().get(o.name());
                    stats.put(o.name(), stat(o, values));
                }
                out.add(new WidthResult(n, stats, total));
            }
            return new Result(p, seed, seeds, out);
        } finally {
            pool.shutdown();
        }
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
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (double[] v : values) sum += v[c];
            double m = sum / s;
            double ss = 0;
            for (double[] v : values) ss += (v[c] - m) * (v[c] - m);
            mean[c] = m;
            se[c] = s > 1 ? Math.sqrt(ss / (s - 1) / s) : Double.NaN;
        }
        return new Stat(o, values, mean, se);
    }
}
