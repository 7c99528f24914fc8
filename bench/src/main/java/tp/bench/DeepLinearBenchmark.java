package tp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tp.check.Checker;
import tp.check.Overrides;
import tp.ir.Program;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/**
 * The limit of programs/bordelon2025_deep_linear.tp (residual, β/√L branches, μP) at L layers,
 * T full-batch GD steps on D data points: one configuration per run (so that the peak memory is
 * the configuration's own). Prints one table row: core steps, check time, limit time, peak heap,
 * loss[T] and its method. Usage: {@code DeepLinearBenchmark L T D [lr]}.
 */
public final class DeepLinearBenchmark {
    private DeepLinearBenchmark() {}

    static final double[] INPUTS = {1.0, -0.5, 0.3, 0.8, -1.0, 0.6, -0.2, 0.4};
    static final double[] LABELS = {0.8, -0.4, 0.2, 0.5, -0.7, 0.4, -0.1, 0.3};

    static String list(double[] v, int d) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < d; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append("]").toString();
    }

    static long peakHeap() {
        long total = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) total += p.getPeakUsage().getUsed();
        }
        return total;
    }

    /** The process's CPU time so far (every thread: the checker, the limit, the collector, the compiler), in ns. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws IOException {
        int layers = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int d = Integer.parseInt(args[2]);
        String lr = args.length > 3 ? args[3] : "0.02";
        Path file = Path.of("programs/bordelon2025_deep_linear.tp");
        String text = Files.readString(file);
        Overrides o = Overrides.none().with("L", Integer.toString(layers)).with("T", Integer.toString(steps))
                .with("res", "1").with("lr", lr).with("inputs", list(INPUTS, d)).with("labels", list(LABELS, d));
        String row = String.format(Locale.ROOT, "%3d %4d %2d", layers, steps, d);
        long c0 = cpu();
        long t0 = System.nanoTime();
        Program p;
        LimitResult r;
        long t1;
        long c1;
        try {
            p = Checker.check(new SourceFile(file.toString(), text), o);
            t1 = System.nanoTime();
            c1 = cpu();
            r = new LimitBackend(p, LimitOptions.defaults()).run();
        } catch (ProgramError e) {
            System.out.println(row + "  refused: " + e.getMessage());
            return;
        }
        long t2 = System.nanoTime();
        long c2 = cpu();
        LimitResult.OutputValue loss = r.outputs().get(r.outputs().size() - 1);
        System.out.printf(Locale.ROOT, "%s %9d %8.2f %8.2f %8.2f %8.2f %9.0f  %-22s %s%n", row, p.steps().size(), (t1 - t0) / 1e9,
                (c1 - c0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9, peakHeap() / 1e6, Double.toString(loss.values().get(0).value()),
                loss.values().get(0).method().label());
    }
}
