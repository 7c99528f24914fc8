package tp.finite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import tp.fn.Fn;
import tp.fn.Vectorized;
import tp.ir.Program;
import tp.ir.Step;
import tp.syntax.ProgramError;
import tp.syntax.Span;

/**
 * Runs the core program at one width and seed. Non-MatMul steps run as soon
 * as their inputs exist; then every ready MatMul of one matrix and direction runs as one
 * matrix–matrix product.
 */
public final class FiniteBackend {
    /** Where the time went, in nanoseconds. */
    public static final class Timings {
        public long sampling;
        public long multiplying;
        public long other;
        public int batches;
        public int matmuls;
    }

    /**
     * One run's outputs (a scalar is {value}; a vector {coordinate mean, coordinate variance}; a
     * Gram k×k), and every scalar of the program by value id.
     */
    public record Sample(Map<String, double[]> outputs, double[] scalars, Timings timings) {}

    private final Program program;
    private final ForkJoinPool pool;
    /** Matrix storage kept between runs at one width: overwritten, never reallocated. */
    private double[][][] storage;

    /** Per step (by index), the values it reads; per value, the steps (by index) that read it. Computed once. */
    private final int[][] stepInputs;
    private final int[][] readers;

    public FiniteBackend(Program program, ForkJoinPool pool) {
        this.program = program;
        this.pool = pool;
        List<Step> steps = program.steps();
        stepInputs = new int[steps.size()][];
        int[] counts = new int[program.values().size()];
        for (int i = 0; i < steps.size(); i++) {
            stepInputs[i] = steps.get(i).inputs();
            for (int id : stepInputs[i]) counts[id]++;
        }
        readers = new int[counts.length][];
        for (int id = 0; id < counts.length; id++) readers[id] = new int[counts[id]];
        int[] filled = new int[counts.length];
        for (int i = 0; i < steps.size(); i++) for (int id : stepInputs[i]) readers[id][filled[id]++] = i;
    }

    /** Bytes the run at width n holds at once: every matrix, and every vector value. */
    public static double bytesNeeded(Program p, long n) {
        long vectors = p.values().stream().filter(v -> v.kind() == Fn.Kind.VECTOR).count();
        return 8.0 * n * n * p.matrixCount() + 8.0 * n * (vectors + 8);
    }

    /** Refuses a width before allocating anything when it cannot fit the heap; errors point at {@code where}. */
    public static void checkFits(Program p, long n, Span where) {
        if (n < 1) throw new ProgramError(where, "the width must be at least 1; got " + n);
        if (n > Integer.MAX_VALUE - 8) throw new ProgramError(where, "width " + n + " is too large");
        Runtime rt = Runtime.getRuntime();
        double need = bytesNeeded(p, n);
        double available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > 0.9 * available) {
            // what looks used may be garbage (an earlier width's matrices): collect it before refusing
            System.gc();
            available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (need > 0.9 * available) {
            String what = p.matrixCount() == 0 ? String.format("%d vectors of %d doubles", p.values().size(), n)
                    : String.format("%d matri%s of %d×%d doubles, %s each, plus the vectors", p.matrixCount(),
                    p.matrixCount() == 1 ? "x" : "ces", n, n, bytes(8.0 * n * n));
            throw new ProgramError(where, String.format(
                    "width %d needs %s (%s); the Java heap has %s free. Use a smaller width, or a larger heap "
                            + "(JAVA_OPTS=-Xmx…)", n, bytes(need), what, bytes(available)));
        }
    }

    static String bytes(double b) {
        if (b >= 1e9) return String.format("%.1f GB", b / 1e9);
        if (b >= 1e6) return String.format("%.1f MB", b / 1e6);
        return String.format("%.0f kB", b / 1e3);
    }

    /** Lets go of the matrices kept between runs (before a run at another width). */
    public void release() {
        storage = null;
    }

    public Sample run(int n, long seed) {
        Timings t = new Timings();
        int count = program.values().size();
        double[][] vectors = new double[count][];
        double[] scalars = new double[count];
        boolean[] done = new boolean[count];
        if (storage == null || storage.length != program.matrixCount()
                || (storage.length > 0 && storage[0] != null && storage[0].length != n)) {
            storage = new double[program.matrixCount()][][];
        }
        double[][][] matrices = storage;
        // steps run as their inputs become ready: every ready step but the MatMuls, in program order,
        // then the ready MatMuls of the first ready MatMul's matrix and direction as one product
        List<Step> steps = program.steps();
        int[] waiting = new int[steps.size()];
        java.util.PriorityQueue<Integer> readyOther = new java.util.PriorityQueue<>();
        java.util.TreeSet<Integer> readyMatMuls = new java.util.TreeSet<>();
        for (int i = 0; i < steps.size(); i++) {
            waiting[i] = stepInputs[i].length;
            if (waiting[i] == 0) (steps.get(i) instanceof Step.MatMul ? readyMatMuls : readyOther).add(i);
        }
        int executed = 0;
        while (true) {
            while (!readyOther.isEmpty()) {
                tp.ir.Cancellation.check();
                int i = readyOther.poll();
                Step s = steps.get(i);
                execute(s, n, seed, vectors, scalars, done, matrices, t);
                executed++;
                release(s, waiting, readyOther, readyMatMuls);
            }
            if (readyMatMuls.isEmpty()) break;
            tp.ir.Cancellation.check();
            Step.MatMul first = (Step.MatMul) steps.get(readyMatMuls.first());
            List<Step.MatMul> batch = new ArrayList<>();
            for (java.util.Iterator<Integer> it = readyMatMuls.iterator(); it.hasNext(); ) {
                Step.MatMul m = (Step.MatMul) steps.get(it.next());
                if (m.matrix() == first.matrix() && m.transposed() == first.transposed()) {
                    batch.add(m);
                    it.remove();
                }
            }
            long t0 = System.nanoTime();
            double[][] xs = new double[batch.size()][];
            for (int i = 0; i < xs.length; i++) xs[i] = vectors[batch.get(i).input()];
            double[][] ys = LinearAlgebra.multiply(matrices[first.matrix()], xs, first.transposed(), pool);
            for (int i = 0; i < ys.length; i++) {
                int id = batch.get(i).id();
                vectors[id] = ys[i];
                checkFinite(batch.get(i), ys[i], n, seed);
                done[id] = true;
            }
            t.multiplying += System.nanoTime() - t0;
            t.batches++;
            t.matmuls += batch.size();
            executed += batch.size();
            for (Step.MatMul m : batch) release(m, waiting, readyOther, readyMatMuls);
        }
        if (executed < steps.size()) {
            for (int i = 0; i < steps.size(); i++) {
                if (waiting[i] > 0) throw new IllegalStateException("core program has a cycle at " + steps.get(i));
            }
        }
        return new Sample(outputs(vectors, scalars), scalars, t);
    }

    /** The values step s defines are done: the steps reading them wait for one input less. */
    private void release(Step s, int[] waiting, java.util.PriorityQueue<Integer> readyOther, java.util.TreeSet<Integer> readyMatMuls) {
        if (s instanceof Step.InitVectors v) {
            for (int id : v.ids()) release(id, waiting, readyOther, readyMatMuls);
        } else if (s.id() >= 0) {
            release(s.id(), waiting, readyOther, readyMatMuls);
        }
    }

    private void release(int id, int[] waiting, java.util.PriorityQueue<Integer> readyOther, java.util.TreeSet<Integer> readyMatMuls) {
        for (int reader : readers[id]) {
            if (--waiting[reader] == 0) (program.steps().get(reader) instanceof Step.MatMul ? readyMatMuls : readyOther).add(reader);
        }
    }

    private void execute(Step s, int n, long seed, double[][] vectors, double[] scalars, boolean[] done,
                         double[][][] matrices, Timings t) {
        long t0 = System.nanoTime();
        if (s instanceof Step.InitMatrix m) {
            Program.Matrix info = program.matrices().get(m.matrix());
            matrices[m.matrix()] = Sampler.matrix(n, info.variance(), Streams.objectSeed(seed, "matrix " + info.name()), pool,
                    matrices[m.matrix()]);
            t.sampling += System.nanoTime() - t0;
            return;
        }
        if (s instanceof Step.InitVectors v) {
            double[][] xs;
            try {
                xs = Sampler.vectors(n, v.mean(), v.cov(), Streams.objectSeed(seed, "vectors " + v.key()));
            } catch (IllegalArgumentException e) {
                throw new ProgramError(v.span(), "this covariance cannot be factored (its entries are too large or too small)");
            }
            for (int i = 0; i < xs.length; i++) {
                vectors[v.ids().get(i)] = xs[i];
                done[v.ids().get(i)] = true;
            }
            t.sampling += System.nanoTime() - t0;
            return;
        }
        if (s instanceof Step.Nonlin x) {
            vectors[x.id()] = Vectorized.vector(x.fn(), vectors, scalars, n);
            checkFinite(s, vectors[x.id()], n, seed);
            done[x.id()] = true;
        } else if (s instanceof Step.Moment x) {
            scalars[x.id()] = Vectorized.mean(Vectorized.vector(x.fn(), vectors, scalars, n));
            checkFinite(s, new double[] {scalars[x.id()]}, n, seed);
            done[x.id()] = true;
        } else if (s instanceof Step.Scalar x) {
            scalars[x.id()] = Vectorized.scalar(x.fn(), scalars, n);
            checkFinite(s, new double[] {scalars[x.id()]}, n, seed);
            done[x.id()] = true;
        } else {
            throw new AssertionError(s);
        }
        t.other += System.nanoTime() - t0;
    }

    private void checkFinite(Step s, double[] v, int n, long seed) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                // a temporary is named by what defines it, which says which iteration of a loop it is
                String what = "`" + program.describe(s.id()) + "`";
                String where = v.length > 1 ? " (coordinate " + i + " of " + n + ")" : "";
                throw new ProgramError(s.span(), what + " is " + (Double.isNaN(v[i]) ? "NaN" : "infinite")
                        + " at width " + n + ", seed " + seed + where);
            }
        }
    }

    private Map<String, double[]> outputs(double[][] vectors, double[] scalars) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Program.Output o : program.outputs()) {
            switch (o.kind()) {
                case SCALAR:
                    out.put(o.name(), new double[] {scalars[o.ids().get(0)]});
                    break;
                case VECTOR: {
                    double[] x = vectors[o.ids().get(0)];
                    double m = Vectorized.mean(x);
                    double ss = 0;
                    for (double v : x) ss += (v - m) * (v - m);
                    out.put(o.name(), new double[] {m, ss / x.length});
                    break;
                }
                default: {
                    double[] g = new double[o.ids().size()];
                    for (int i = 0; i < g.length; i++) g[i] = scalars[o.ids().get(i)];
                    out.put(o.name(), g);
                }
            }
        }
        return out;
    }
}
