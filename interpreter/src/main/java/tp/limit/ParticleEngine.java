package tp.limit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import tp.fn.Fn;
import tp.fn.Vectorized;
import tp.ir.Program;
import tp.ir.Progress;
import tp.ir.Seeds;
import tp.ir.Step;
import tp.numerics.SampleMean;

/**
 * Tier 3: the rest of the program on particles. From a given step on, every atom is sampled
 * jointly — an initial family from its covariance, a matrix from the {@link Basis} of the inputs
 * each of its directions has multiplied — and the whole Z graph is evaluated on M particles at
 * once. A replicate's matrices act on its particles as one Gaussian matrix of width M (W and Wᵀ
 * each other's transpose), so the covariances and Ż that a MatMul needs, and the Moments, all come
 * from the same particles; a value's particles are let go after their last use. R independent replicates give each result's
 * standard error. Replicates run in parallel; each has its own random streams, so the thread
 * count never changes a result. See docs/limit.md, "How particles work".
 *
 * <p>It is not an {@link ExpectationTier}: a particle estimate of one expectation would need the
 * joint sample of every atom the integrand depends on, and each later atom's covariance and Ż are
 * themselves estimated on that sample, so the engine takes over the whole rest of the program.
 */
final class ParticleEngine {
    /** Per scalar computed here: its estimate; per vector output: E Z and Var Z. */
    record Result(Map<Integer, Estimate> scalars, Map<Integer, Estimate[]> vectorLaws) {}

    private static final int MAX_PER_REPLICATE = 1 << 16;

    /** A step that has no limit, or an undefined one, found on the particles. */
    static final class Failed extends RuntimeException {
        private final Step step;

        Failed(Step step, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.step = step;
        }

        Step step() {
            return step;
        }
    }

    private final Program program;
    private final LimitOptions options;
    private final int start;
    /** The Z graph up to {@code start}: what the particles sample and continue from. */
    private final ZGraph graph;

    ParticleEngine(Program program, LimitOptions options, int start, ZGraph graph) {
        this.program = program;
        this.options = options;
        this.start = start;
        this.graph = graph;
    }

    /** The ids of the scalars and vector outputs this engine estimates. */
    private List<Integer> scalarIds() {
        List<Integer> out = new ArrayList<>();
        for (int i = start; i < program.steps().size(); i++) {
            Step s = program.steps().get(i);
            if (s instanceof Step.Moment || s instanceof Step.Scalar) out.add(s.id());
        }
        return out;
    }

    private List<Integer> vectorOutputs() {
        List<Integer> out = new ArrayList<>();
        for (Program.Output o : program.outputs()) if (o.kind() == Program.OutputKind.VECTOR) out.add(o.ids().get(0));
        return out;
    }

    Result run() {
        // at most 65 536 particles a replicate: more particles mean more replicates (less memory, a better error estimate)
        int r = Math.max(Math.max(2, options.replicates()), (options.particles() + MAX_PER_REPLICATE - 1) / MAX_PER_REPLICATE);
        int m = Math.max(16, options.particles() / r);
        List<Integer> sIds = scalarIds();
        List<Integer> vIds = vectorOutputs();
        double[][] perReplicate = new double[r][];
        double[][] drifts = new double[r][];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Math.min(options.threads(), r)));
        try (Progress.Task progress = options.progress().start("tp: particles", r)) {
            runReplicates(pool, progress, r, m, sIds, vIds, perReplicate, drifts);
        } finally {
            pool.shutdown();
        }
        Map<Integer, Estimate> s = new HashMap<>();
        Set<Integer> reported = reportedScalars();
        for (int i = 0; i < sIds.size(); i++) {
            try {
                s.put(sIds.get(i), combine(perReplicate, drifts, i, sIds.get(i)));
            } catch (Failed e) {
                // a scalar nothing reports has no standard error to be honest about: each replicate
                // carried its own value into its own later steps, and what is reported is checked itself
                if (reported.contains(sIds.get(i))) throw e;
            }
        }
        Map<Integer, Estimate[]> v = new HashMap<>();
        for (int i = 0; i < vIds.size(); i++) {
            int c = sIds.size() + 2 * i;
            v.put(vIds.get(i), new Estimate[] {combine(perReplicate, drifts, c, vIds.get(i)),
                combine(perReplicate, drifts, c + 1, vIds.get(i))});
        }
        return new Result(s, v);
    }

    private void runReplicates(ForkJoinPool pool, Progress.Task progress, int r, int m, List<Integer> sIds, List<Integer> vIds,
                               double[][] perReplicate, double[][] drifts) {
        try {
            int[] last = lastUse();
            peakArrays.set(0);
            pool.submit(() -> IntStream.range(0, r).parallel().forEach(k -> {
                long seed = Seeds.mix64(options.seed() * 0x9E3779B97F4A7C15L + k + 1);
                double[] out = replicate(m, seed, last, sIds, vIds);
                // a replicate is a width-m network, biased by c/m + O(1/m²); the same seed's run on m/8
                // particles is biased by 8c/m, so (Y_m − Y_{m/8}) / 7 estimates −c/m
                double[] small = replicate(m / RICHARDSON, seed, last, sIds, vIds);
                double[] drift = new double[out.length];
                for (int i = 0; i < out.length; i++) drift[i] = (out[i] - small[i]) / (RICHARDSON - 1);
                if (options.sampling() == LimitOptions.Sampling.RQMC) {
                    // Richardson in the particle count: (8 Y_m − Y_{m/8}) / 7, biased by O(1/m²)
                    for (int i = 0; i < out.length; i++) out[i] = (RICHARDSON * out[i] - small[i]) / (RICHARDSON - 1);
                }
                perReplicate[k] = out;
                drifts[k] = drift;
                progress.step();
            })).join();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof Failed f) throw f;
            throw e;
        }
    }

    /**
     * The ratio of the particle counts of Richardson's two runs: the smaller run costs 1/8 more and
     * its own error enters the extrapolated value divided by 7.
     */
    static final int RICHARDSON = 8;

    /** One replicate on m particles: its scalars, then per vector output its mean and variance. */
    private double[] replicate(int m, long seed, int[] last, List<Integer> sIds, List<Integer> vIds) {
        Replicate rep = new Replicate(m, seed, last);
        rep.run();
        peakArrays.accumulateAndGet(rep.peak, Math::max);
        double[] out = new double[sIds.size() + 2 * vIds.size()];
        for (int i = 0; i < sIds.size(); i++) out[i] = rep.sca[sIds.get(i)];
        for (int i = 0; i < vIds.size(); i++) {
            double[] x = rep.vector(vIds.get(i));
            double mean = Vectorized.mean(x);
            double ss = 0;
            for (double v : x) ss += (v - mean) * (v - mean);
            if (!Double.isFinite(mean) || !Double.isFinite(ss)) {
                throw new Failed(outputStep(vIds.get(i)), new Expectations.Undefined("it is not finite on the particles"));
            }
            out[sIds.size() + 2 * i] = mean;
            out[sIds.size() + 2 * i + 1] = ss / x.length;
        }
        return out;
    }

    /** The scalars a result reports: the outputs' (a vector output's law is combined apart) and the claims' operands. */
    private Set<Integer> reportedScalars() {
        Set<Integer> out = new TreeSet<>();
        for (Program.Output o : program.outputs()) if (o.kind() != Program.OutputKind.VECTOR) out.addAll(o.ids());
        for (Program.Expect e : program.expects()) {
            out.add(e.left());
            out.add(e.right());
        }
        return out;
    }

    /** The step that defines a value. */
    private Step outputStep(int id) {
        for (Step s : program.steps()) if (s.id() == id) return s;
        return program.steps().get(start);
    }

    /**
     * The mean over replicates and its standard error — unless one replicate alone differs from
     * all the others (its deviation is at least 95% of the most a single one of r can have, (r−1)/√r
     * sample standard deviations): then the value is carried by a rare event that one replicate
     * happened to see, and a standard error computed from it would not be honest.
     */
    private Estimate combine(double[][] reps, double[][] drifts, int c, int id) {
        int r = reps.length;
        double[] x = new double[r];
        double largest = 0;
        for (int k = 0; k < r; k++) {
            x[k] = reps[k][c];
            largest = Math.max(largest, Math.abs(x[k]));
        }
        SampleMean sample = SampleMean.of(x);
        double mean = sample.mean();
        double worst = 0;
        for (double v : x) worst = Math.max(worst, Math.abs(v - mean));
        double sd = sample.standardDeviation();
        if (r >= 4 && sd > 1e-12 * largest && worst / sd >= RARE * (r - 1) / Math.sqrt(r)) {
            throw new Failed(outputStep(id), new RareEvent(r));
        }
        // sd / √r rather than SampleMean.standardError(), √(var / r): the two can differ in the last
        // bit, and particle estimates are reproducible to the bit
        return new Estimate(mean, bias(drifts, c), sd / Math.sqrt(r), Estimate.Method.PARTICLES);
    }

    /**
     * The error a particle estimate carries besides its standard error: under plain Monte Carlo, its
     * O(1/m) bias, bounded by |mean of the replicates' (Y_m − Y_{m/8}) / 7| plus twice that mean's
     * standard error (a bias the spread over replicates cannot show: a non-linear function of a
     * replicate's moments, a near-singular Gram matrix's least eigenvalue). Under RQMC the value is
     * Richardson's, whose O(1/m²) remainder is not estimated: 0.
     */
    private double bias(double[][] drifts, int c) {
        if (options.sampling() == LimitOptions.Sampling.RQMC) return 0;
        int r = drifts.length;
        double[] d = new double[r];
        for (int k = 0; k < r; k++) d[k] = drifts[k][c];
        SampleMean sample = SampleMean.of(d);
        double b = Math.abs(sample.mean()) + 2 * sample.standardDeviation() / Math.sqrt(r);
        return Double.isNaN(b) ? Double.POSITIVE_INFINITY : b;
    }

    /** See {@link #combine}. */
    static final double RARE = 0.95;

    /** A particle estimate carried by one replicate of r: a rare event, not a mean with an honest standard error. */
    static final class RareEvent extends RuntimeException {
        RareEvent(int r) {
            super("its particle estimate rests on one replicate of " + r
                    + " (an event so rare that the particles barely see it), so no honest standard error can be given;"
                    + " use more particles (--particles) or a method that does not sample");
        }
    }

    /**
     * {@code (1/m) Σ a_p b_p}, the particles' inner product, summed as {@link #dots} sums each of
     * its products: a moment has the same bits whether it was computed alone or with others.
     */
    static double dot(double[] a, double[] b) {
        return dots(List.of(a), 1, b)[0];
    }

    /** {@code (1/m) Σ_p Π_i xs_i[p]} for three or more factors, one pass without the product's array. */
    static double productMean(List<double[]> xs) {
        double[] a = xs.get(0);
        double[] b = xs.get(1);
        double[] c = xs.get(2);
        if (xs.size() > 3) {
            c = c.clone();
            for (int i = 3; i < xs.size(); i++) {
                double[] x = xs.get(i);
                for (int p = 0; p < c.length; p++) c[p] *= x[p];
            }
        }
        int n = a.length;
        double s0 = 0;
        double s1 = 0;
        int p = 0;
        for (; p + 1 < n; p += 2) {
            s0 += a[p] * b[p] * c[p];
            s1 += a[p + 1] * b[p + 1] * c[p + 1];
        }
        if (p < n) s0 += a[p] * b[p] * c[p];
        return (s0 + s1) / n;
    }

    /** Particles per block of the multi-vector kernels. */
    private static final int BLOCK = 1024;

    /** Vector subexpressions a replicate keeps by value (see {@code Replicate.recent}). */
    private static final int RECENT = 8;

    /** {@code y += a x}. */
    static void axpy(double a, double[] x, double[] y) {
        for (int p = 0; p < y.length; p++) y[p] += a * x[p];
    }

    /**
     * {@code out[j] = ⟨vs_j, x⟩} for j &lt; k, block by block: x's block stays in the first-level cache
     * while four of the vs stream by at a time, each with two partial sums of its own (eight
     * independent additions in flight instead of two). Each out[j] is summed in a fixed order, so
     * the same bits every time.
     */
    static double[] dots(List<double[]> vs, int k, double[] x) {
        int n = x.length;
        double[] out = new double[k];
        for (int b = 0; b < n; b += BLOCK) {
            int e = Math.min(n, b + BLOCK);
            int j = 0;
            for (; j + 3 < k; j += 4) {
                double[] v0 = vs.get(j);
                double[] v1 = vs.get(j + 1);
                double[] v2 = vs.get(j + 2);
                double[] v3 = vs.get(j + 3);
                double a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
                int p = b;
                for (; p + 1 < e; p += 2) {
                    double x0 = x[p];
                    double x1 = x[p + 1];
                    a0 += v0[p] * x0;
                    b0 += v0[p + 1] * x1;
                    a1 += v1[p] * x0;
                    b1 += v1[p + 1] * x1;
                    a2 += v2[p] * x0;
                    b2 += v2[p + 1] * x1;
                    a3 += v3[p] * x0;
                    b3 += v3[p + 1] * x1;
                }
                if (p < e) {
                    a0 += v0[p] * x[p];
                    a1 += v1[p] * x[p];
                    a2 += v2[p] * x[p];
                    a3 += v3[p] * x[p];
                }
                out[j] += a0 + b0;
                out[j + 1] += a1 + b1;
                out[j + 2] += a2 + b2;
                out[j + 3] += a3 + b3;
            }
            for (; j < k; j++) {
                double[] v = vs.get(j);
                double s0 = 0;
                double s1 = 0;
                int p = b;
                for (; p + 1 < e; p += 2) {
                    s0 += v[p] * x[p];
                    s1 += v[p + 1] * x[p + 1];
                }
                if (p < e) s0 += v[p] * x[p];
                out[j] += s0 + s1;
            }
        }
        for (int j = 0; j < k; j++) out[j] /= n;
        return out;
    }

    /**
     * {@code y += Σ_j w_j vs_j}, block by block, four vs at a time (y's block is loaded and stored once
     * per four); each y[p] adds the terms in the order of j, skipping zero weights, so the bits do
     * not depend on the grouping.
     */
    static void axpys(List<double[]> vs, double[] w, double[] y) {
        int n = y.length;
        int[] nz = new int[w.length];
        int k = 0;
        for (int j = 0; j < w.length; j++) if (w[j] != 0) nz[k++] = j;
        for (int b = 0; b < n; b += BLOCK) {
            int e = Math.min(n, b + BLOCK);
            int i = 0;
            for (; i + 3 < k; i += 4) {
                double c0 = w[nz[i]], c1 = w[nz[i + 1]], c2 = w[nz[i + 2]], c3 = w[nz[i + 3]];
                double[] v0 = vs.get(nz[i]);
                double[] v1 = vs.get(nz[i + 1]);
                double[] v2 = vs.get(nz[i + 2]);
                double[] v3 = vs.get(nz[i + 3]);
                for (int p = b; p < e; p++) y[p] = y[p] + c0 * v0[p] + c1 * v1[p] + c2 * v2[p] + c3 * v3[p];
            }
            for (; i < k; i++) {
                double c = w[nz[i]];
                double[] v = vs.get(nz[i]);
                for (int p = b; p < e; p++) y[p] += c * v[p];
            }
        }
    }

    /**
     * One matrix direction on particles: an orthonormal basis q_j (in the particles' inner product
     * {@link #dot}) of the inputs it has multiplied, and per basis vector its image a_j = W q_j / σ,
     * standard normal on each particle and conditioned on the opposite direction's images (see
     * {@code Replicate.image}). A MatMul is σ(Σ_j ⟨x, q_j⟩ a_j + |r| a_new), r the part of its input
     * x outside the basis, in O(k m) for k earlier inputs. An input equal to an earlier one gives that
     * MatMul's value; one that moved a little, a small residual.
     */
    static final class Basis {
        final List<double[]> q = new ArrayList<>();
        final List<double[]> a = new ArrayList<>();

        int arrays() {
            return q.size() + a.size();
        }

        /**
         * {coefficients ⟨x, q_j⟩, residual r, ⟨r, r⟩}: classical Gram–Schmidt, with a second pass when
         * the first cancelled all but 10^-4 of x. A residual computed in one pass is orthogonal to the
         * basis up to rounding times |x|/|r| (below 10^-11 here); the particles' own error is 10^-2.
         */
        Object[] orthogonalize(double[] x) {
            int k = q.size();
            double[] v = new double[k];
            double[] res = x.clone();
            double before = dot(res, res);
            for (int pass = 0; pass < 2 && k > 0; pass++) {
                double[] w = dots(q, k, res);
                double[] minus = new double[k];
                for (int j = 0; j < k; j++) {
                    minus[j] = -w[j];
                    v[j] += w[j];
                }
                axpys(q, minus, res);
                double after = dot(res, res);
                if (after > 1e-8 * before) break;
                before = after;
            }
            return new Object[] {v, res, dot(res, res)};
        }

    }

    /** Per atom of a MatMul before the switch: the MatMul's value (the graph keeps a direction's MatMuls in program order). */
    private Map<Integer, Integer> matmulOutputs() {
        Map<Integer, Integer> out = new HashMap<>();
        Map<ZGraph.Direction, Integer> seen = new HashMap<>();
        for (int i = 0; i < start; i++) {
            if (!(program.steps().get(i) instanceof Step.MatMul x)) continue;
            ZGraph.Direction d = new ZGraph.Direction(x.matrix(), x.transposed());
            int k = seen.merge(d, 1, Integer::sum) - 1;
            int[] mm = graph.matmuls(d).get(k);
            if (mm[0] != x.input()) throw new IllegalStateException("MatMul " + x.id() + " is not the graph's " + k + "-th of its direction");
            out.put(mm[1], x.id());
        }
        return out;
    }

    /** Per value: the last step (index) that reads its particles; past the last step for vector outputs, -1 if none. */
    private int[] lastUse() {
        int[] last = new int[program.values().size()];
        java.util.Arrays.fill(last, -1);
        for (int i = start; i < program.steps().size(); i++) {
            Step s = program.steps().get(i);
            Set<Integer> refs = new TreeSet<>();
            if (s instanceof Step.Nonlin x) x.fn().refs(refs);
            else if (s instanceof Step.Moment x) x.fn().refs(refs);
            else if (s instanceof Step.MatMul x) refs.add(x.input());
            for (int id : refs) last[id] = i;
        }
        for (int id : vectorOutputs()) last[id] = program.steps().size();
        return last;
    }

    /** The most particle arrays one replicate held at once, in the last run (for tests of the memory bound). */
    int peakArrays() {
        return peakArrays.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger peakArrays = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * One independent run of the rest of the program on m particles. A value's particles are let go
     * after the last step that reads them; what stays is, per matrix direction, its basis (two
     * arrays per independent input), the atoms of the steps before the switch, and the vector outputs.
     */
    private final class Replicate {
        final int m;
        final long seed;
        final int[] last;
        final double[][] vec;
        final double[] sca;
        final ScalarLimit.Series[] ser;
        /** The atoms sampled before the switch (what the earlier vectors' Z are functions of). */
        final List<double[]> atomValues = new ArrayList<>();
        int families;
        final Map<ZGraph.Direction, Integer> fam = new HashMap<>(graph.families());
        final Map<ZGraph.Direction, Basis> bases = new HashMap<>();
        int live;
        int peak;

        Replicate(int m, long seed, int[] last) {
            this.m = m;
            this.seed = seed;
            this.last = last;
            this.vec = new double[program.values().size()][];
            this.sca = new double[program.values().size()];
            this.ser = new ScalarLimit.Series[program.values().size()];
        }

        /** Noises drawn so far, in order: the first {@link tp.numerics.Sobol#DIMENSIONS} are quasi-random under RQMC. */
        int drawn;

        /**
         * The j-th standard normal noise of a family, as particles. Under RQMC the replicate's first
         * noises are the dimensions of a Sobol net, in the order they are drawn (the families sampled
         * before the switch first: the directions that carry most of the variance), each digitally
         * shifted by a word from this replicate's stream, so replicates stay independent.
         */
        double[] noise(int family, int j) {
            int dim = drawn++;
            if (options.sampling() == LimitOptions.Sampling.RQMC && dim < tp.numerics.Sobol.DIMENSIONS) {
                long shift = new SplittableRandom(Seeds.mix64(seed ^ Seeds.mix64(0x5DEECE66DL * (dim + 1)))).nextLong();
                return tp.numerics.Sobol.normals(dim, m, shift);
            }
            SplittableRandom r = new SplittableRandom(Seeds.mix64(seed ^ Seeds.mix64(family * 0x632BE59BD9B4E019L + j + 1)));
            double[] out = new double[m];
            for (int p = 0; p < m; p++) out[p] = r.nextGaussian();
            return out;
        }

        private void set(int id, double[] x) {
            if (vec[id] == null && x != null) live++;
            if (vec[id] != null && x == null) live--;
            vec[id] = x;
            int arrays = live;
            for (Basis b : bases.values()) arrays += b.arrays();
            peak = Math.max(peak, arrays);
        }

        void run() {
            Atoms atomTable = graph.atoms();
            families = atomTable.families();
            // the atoms before the switch, in the order they were made: an initial vector's from its
            // family's covariance, a MatMul's from its direction's basis and its input's particles
            Map<Integer, ZGraph.Direction> direction = new HashMap<>();
            Map<Integer, Integer> input = new HashMap<>();
            for (Map.Entry<ZGraph.Direction, Integer> e : fam.entrySet()) {
                direction.put(e.getValue(), e.getKey());
                bases.put(e.getKey(), new Basis());
                for (int[] mm : graph.matmuls(e.getKey())) input.put(mm[1], mm[0]);
            }
            Map<Integer, Integer> output = matmulOutputs();
            NoiseFactor[] factors = new NoiseFactor[atomTable.families()];
            for (int a = 0; a < atomTable.size(); a++) {
                Atoms.Atom atom = atomTable.atom(a);
                int f = atom.family();
                ZGraph.Direction d = direction.get(f);
                double[] x;
                if (d != null) {
                    Integer in = input.get(a);
                    if (in == null) throw new IllegalStateException("atom " + a + " has no input");
                    double[] wx = add(bases.get(d), d, vector(in), Math.sqrt(program.matrices().get(d.matrix()).variance()));
                    // the MatMul the switch came at has an atom but no Z yet: nothing before the switch reads it
                    Integer out = output.get(a);
                    x = out == null ? wx : atomOf(wx, out);
                } else {
                    if (factors[f] == null) factors[f] = new NoiseFactor(m, j -> noise(f, j));
                    List<Integer> members = atomTable.members(f);
                    double[] cov = new double[atom.index()];
                    for (int j = 0; j < atom.index(); j++) cov[j] = atomTable.cov(a, members.get(j));
                    x = factors[f].add(cov, atomTable.cov(a, a));
                }
                double mean = atomTable.mean(a);
                if (mean != 0) for (int p = 0; p < m; p++) x[p] += mean;
                atomValues.add(x);
            }
            for (Program.Value v : program.values()) {
                if (v.kind() == Fn.Kind.SCALAR && graph.scalar(v.id()) != null) {
                    sca[v.id()] = graph.scalar(v.id()).value();
                    ser[v.id()] = graph.series(v.id());
                }
            }
            for (int id = 0; id < vec.length; id++) if (vec[id] != null && last[id] < start) set(id, null);
            for (int i = start; i < program.steps().size(); i++) {
                tp.ir.Cancellation.check();
                Step s = program.steps().get(i);
                try {
                    if (s instanceof Step.Moment && !ahead.containsKey(s.id())) pairMomentsFrom(i);
                    step(s);
                } catch (ScalarLimit.NoLimit | Expectations.Undefined e) {
                    throw new Failed(s, e);
                }
                release(s, i);
            }
        }

        /** Moments computed before their step by {@link #pairMomentsFrom}. */
        private final Map<Integer, Double> ahead = new HashMap<>();

        /**
         * A run of consecutive Moment steps {@code mean(a_s · x)} of one vector x with others (a forward
         * pass through a trained matrix reads one per earlier input), from step i on: all of them in
         * one blocked pass over x ({@link #dots}), kept in {@link #ahead} for their steps. The others'
         * particles are live, since their own steps have not run.
         */
        private void pairMomentsFrom(int i) {
            List<Step> steps = program.steps();
            Fn.Ref[] first = refPair(steps.get(i));
            Fn.Ref[] second = i + 1 < steps.size() ? refPair(steps.get(i + 1)) : null;
            if (first == null || second == null) return;
            Fn.Ref shared = first[0].equals(second[0]) || first[0].equals(second[1]) ? first[0]
                    : first[1].equals(second[0]) || first[1].equals(second[1]) ? first[1] : null;
            if (shared == null) return;
            List<Integer> ids = new ArrayList<>();
            List<double[]> others = new ArrayList<>();
            for (int j = i; j < steps.size(); j++) {
                Fn.Ref[] pair = refPair(steps.get(j));
                if (pair == null || !(pair[0].equals(shared) || pair[1].equals(shared))) break;
                ids.add(steps.get(j).id());
                others.add(vector((pair[0].equals(shared) ? pair[1] : pair[0]).id()));
            }
            double[] values = dots(others, others.size(), vector(shared.id()));
            for (int j = 0; j < ids.size(); j++) ahead.put(ids.get(j), values[j]);
        }

        /** The two vectors of a Moment step {@code mean(a · b)}, or null if it is not one. */
        private static Fn.Ref[] refPair(Step s) {
            if (s instanceof Step.Moment x && x.fn() instanceof Fn.Apply a && a.op() == tp.fn.Op.MUL
                    && a.arg(0) instanceof Fn.Ref p && a.arg(1) instanceof Fn.Ref q
                    && p.kind() == Fn.Kind.VECTOR && q.kind() == Fn.Kind.VECTOR) {
                return new Fn.Ref[] {p, q};
            }
            return null;
        }

        /** Lets go of the particles of every value step i read for the last time. */
        private void release(Step s, int i) {
            Set<Integer> refs = new TreeSet<>();
            if (s instanceof Step.Nonlin x) x.fn().refs(refs);
            else if (s instanceof Step.Moment x) x.fn().refs(refs);
            else if (s instanceof Step.MatMul x) refs.add(x.input());
            for (int id : refs) if (last[id] == i && vec[id] != null) set(id, null);
            int id = s.id();
            if (id >= 0 && id < vec.length && vec[id] != null && last[id] <= i) set(id, null);
        }

        /**
         * Adds input x to a direction's basis; returns W x = σ(Σ_j ⟨x, q_j⟩ a_j + |r| a_new), r the part
         * of x outside the basis and a_new the image of r/|r| (see {@link #image}).
         */
        private double[] add(Basis b, ZGraph.Direction d, double[] x, double sigma) {
            Object[] o = b.orthogonalize(x);
            double[] v = (double[]) o[0];
            double[] res = (double[]) o[1];
            double rr = (double) o[2];
            double[] wx = new double[m];
            axpys(b.a, v, wx);
            if (rr > 1e-12 * dot(x, x)) {
                double norm = Math.sqrt(rr);
                double s = 1 / norm;
                for (int p = 0; p < m; p++) res[p] *= s;
                double[] a = image(bases.get(d.opposite()), res, noise(fam.get(d), 1_000_000 + b.q.size()));
                b.q.add(res);
                b.a.add(a);
                axpy(norm, a, wx);
            }
            for (int p = 0; p < m; p++) wx[p] *= sigma;
            return wx;
        }

        /**
         * The image a = W q / σ of a new direction q of a basis, given what the opposite direction
         * already fixed (Wᵀ q'_j = σ a'_j for its basis q'): a Gaussian matrix conditioned on those,
         * a = Σ_j ⟨a'_j, q⟩ q'_j + (I − P')ξ, P' the projection onto the q'_j and ξ a fresh noise. So
         * ⟨q'_j, W q⟩ = ⟨Wᵀ q'_j, q⟩ for every pair: W and Wᵀ are one matrix, and Ż (the correlation
         * of W x with the atoms of Wᵀ that x depends on) is in the images instead of estimated apart.
         * Under {@code --zdot drop} (the gradient-independence assumption) a is ξ.
         */
        private double[] image(Basis opposite, double[] q, double[] xi) {
            int k = opposite.q.size();
            if (k == 0 || options.zdot() == LimitOptions.ZDot.DROP) return xi;
            double[] c = dots(opposite.a, k, q);
            double[] s = dots(opposite.q, k, xi);
            for (int j = 0; j < k; j++) c[j] -= s[j];
            axpys(opposite.q, c, xi);
            return xi;
        }

        /**
         * The atom Ẑ of a MatMul before the switch, from its W x: the Z graph has its vector as
         * Ẑ + Ż with Ż's exact coefficients, so Ẑ = W x − Ż (its Z with the atom at zero), and the
         * vector's particles are W x itself.
         */
        private double[] atomOf(double[] wx, int outputId) {
            atomValues.add(new double[m]);
            double[] zdot = Vectorized.vector(graph.vector(outputId).z(), atomValues.toArray(new double[0][]), new double[0], m);
            atomValues.remove(atomValues.size() - 1);
            for (int p = 0; p < m; p++) wx[p] -= zdot[p];
            return wx;
        }

        /** A vector's particles; those defined before the switch are evaluated from their Z. */
        double[] vector(int id) {
            if (vec[id] == null) {
                ZGraph.VectorInfo info = graph.vector(id);
                if (info == null) throw new IllegalStateException("vector " + program.value(id).name() + " not computed");
                set(id, Vectorized.vector(info.z(), atomValues.toArray(new double[0][]), new double[0], m));
            }
            return vec[id];
        }

        double[] eval(Fn fn) {
            Set<Integer> refs = new TreeSet<>();
            fn.refs(refs);
            for (int id : refs) if (program.value(id).kind() == Fn.Kind.VECTOR) vector(id);
            return Vectorized.vector(fn, vec, sca, m);
        }

        /**
         * The last {@link #RECENT} vector subexpressions read as terms or factors, by value: a backward
         * pass reads {@code tanh'(h)} in a moment per earlier step and again in its Nonlin, and each
         * read would otherwise recompute it. A value step is written once, so an expression's particles
         * never change; the arrays are read, never written.
         */
        private final Map<Fn, double[]> recent = new java.util.LinkedHashMap<>(2 * RECENT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Fn, double[]> eldest) {
                return size() > RECENT;
            }
        };

        /** A vector term or factor's particles, to be read only: a value's own, or a recent subexpression's. */
        private double[] term(Fn fn) {
            if (fn instanceof Fn.Ref r) return vector(r.id());
            double[] x = recent.get(fn);
            if (x == null) {
                x = combination(fn);
                recent.put(fn, x);
            }
            return x;
        }

        /**
         * fn on the particles, in a new array. A sum of scalar multiples of vector terms (Ż's and SGD's
         * updates: {@code h + c1·g1 + c2·g2 + …}) is accumulated into one array, each term a vector
         * value read in place or a subexpression evaluated on its own, instead of one array per node;
         * so is such a sum times a vector (a backward pass's {@code (h + …) ⊙ φ'(x)}).
         */
        double[] combination(Fn fn) {
            double[] out = sum(fn);
            if (out != null) return out;
            if (fn instanceof Fn.Apply a && a.op() == tp.fn.Op.MUL && a.arg(0).kind() == Fn.Kind.VECTOR
                    && a.arg(1).kind() == Fn.Kind.VECTOR) {
                for (int i = 0; i < 2; i++) {
                    out = sum(a.arg(i));
                    if (out == null) continue;
                    double[] f = term(a.arg(1 - i));
                    for (int p = 0; p < m; p++) out[p] *= f[p];
                    return out;
                }
            }
            return eval(fn);
        }

        /** fn as a sum of at least two scalar multiples of vector terms, accumulated into a new array; null if it is not one. */
        private double[] sum(Fn fn) {
            List<Fn> terms = new ArrayList<>();
            List<Double> coefs = new ArrayList<>();
            if (!linear(fn, 1, terms, coefs) || terms.size() < 2) return null;
            List<double[]> xs = new ArrayList<>();
            for (Fn t : terms) xs.add(term(t));
            double[] out = new double[m];
            double[] w = new double[terms.size()];
            for (int i = 0; i < w.length; i++) w[i] = coefs.get(i);
            axpys(xs, w, out);
            return out;
        }

        /** Splits fn·c into scalar multiples of vector terms; false if a scalar part is left over. */
        private boolean linear(Fn fn, double c, List<Fn> terms, List<Double> coefs) {
            if (fn.kind() == Fn.Kind.SCALAR) return false;
            if (fn instanceof Fn.Apply a) {
                List<Fn> args = a.args();
                switch (a.op()) {
                    case ADD:
                        return linear(args.get(0), c, terms, coefs) && linear(args.get(1), c, terms, coefs);
                    case SUB:
                        return linear(args.get(0), c, terms, coefs) && linear(args.get(1), -c, terms, coefs);
                    case NEG:
                        return linear(args.get(0), -c, terms, coefs);
                    case MUL:
                        if (args.get(0).kind() == Fn.Kind.SCALAR) {
                            return linear(args.get(1), c * Vectorized.scalar(args.get(0), sca, m), terms, coefs);
                        }
                        if (args.get(1).kind() == Fn.Kind.SCALAR) {
                            return linear(args.get(0), c * Vectorized.scalar(args.get(1), sca, m), terms, coefs);
                        }
                        break;
                    default:
                        break;
                }
            }
            terms.add(fn);
            coefs.add(c);
            return true;
        }

        /**
         * mean(fn) on the particles. A product (most moments: {@code mean(x · y)}, a backward pass's
         * {@code mean(δ · φ'(h) · x)}) is its scalar factors times the mean of its vector factors'
         * product, summed without forming the product.
         */
        double moment(Fn fn) {
            List<Fn> factors = new ArrayList<>();
            factors(fn, factors);
            double c = 1;
            List<double[]> xs = new ArrayList<>();
            for (Fn f : factors) {
                if (f.kind() == Fn.Kind.SCALAR) c *= Vectorized.scalar(f, sca, m);
                else xs.add(term(f));
            }
            return switch (xs.size()) {
                case 0 -> c;
                case 1 -> c * Vectorized.mean(xs.get(0));
                case 2 -> c * dot(xs.get(0), xs.get(1));
                default -> c * productMean(xs);
            };
        }

        /** The factors of a product, in order. */
        private void factors(Fn fn, List<Fn> into) {
            if (fn instanceof Fn.Apply a && a.op() == tp.fn.Op.MUL) {
                for (Fn x : a.args()) factors(x, into);
            } else {
                into.add(fn);
            }
        }

        void step(Step s) {
            if (s instanceof Step.InitMatrix x) {
                for (boolean t : new boolean[] {false, true}) {
                    ZGraph.Direction d = new ZGraph.Direction(x.matrix(), t);
                    fam.put(d, families++);
                    bases.put(d, new Basis());
                }
            } else if (s instanceof Step.InitVectors x) {
                int f = families++;
                NoiseFactor nf = new NoiseFactor(m, j -> noise(f, j));
                for (int i = 0; i < x.ids().size(); i++) {
                    double[] cov = java.util.Arrays.copyOf(x.cov()[i], i);
                    double[] v = nf.add(cov, x.cov()[i][i]);
                    double mean = x.mean()[i];
                    if (mean != 0) for (int p = 0; p < m; p++) v[p] += mean;
                    set(x.ids().get(i), v);
                }
            } else if (s instanceof Step.MatMul x) {
                matmul(x);
            } else if (s instanceof Step.Nonlin x) {
                set(x.id(), combination(x.fn()));
            } else if (s instanceof Step.Moment x) {
                Double known = ahead.remove(x.id());
                sca[x.id()] = known != null ? known : moment(x.fn());
                if (!Double.isFinite(sca[x.id()])) throw new Expectations.Undefined("it is not finite on the particles");
                ser[x.id()] = ScalarLimit.Series.moment(sca[x.id()]);
            } else if (s instanceof Step.Scalar x) {
                LimitBackend.checkScalarSize(x);
                ser[x.id()] = ScalarLimit.series(x.fn(), id -> ser[id]);
                sca[x.id()] = ScalarLimit.limit(ser[x.id()]);
            }
        }

        /** Z^{Wx} = Ẑ + Ż on the particles: W x from the direction's basis and images (Ż is in the images). */
        void matmul(Step.MatMul x) {
            Program.Matrix info = program.matrices().get(x.matrix());
            double sigma = Math.sqrt(info.variance());
            ZGraph.Direction key = new ZGraph.Direction(x.matrix(), x.transposed());
            double[] in = vector(x.input());
            for (double v : in) {
                if (!Double.isFinite(v)) throw new Expectations.Undefined("its input is not finite on the particles");
            }
            double[] z = add(bases.get(key), key, in, sigma);
            set(x.id(), z);
        }
    }
}
