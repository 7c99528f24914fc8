package tp.limit;

import java.util.ArrayList;
import java.util.BitSet;
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
import tp.numerics.Dot;
import tp.numerics.SampleMean;

/**
 * Tier 3: the rest of the program on particles. From a given step on, every atom is sampled
 * jointly — an initial family from its covariance, a matrix direction from its {@link Basis} of
 * the inputs it has multiplied — and the whole Z graph is evaluated on M particles at once;
 * covariances, Ż coefficients (Stein form) and Moments all come from the same particles, and a
 * value's particles are let go after their last use. R independent replicates give each result's
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
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Math.min(options.threads(), r)));
        try (Progress.Task progress = options.progress().start("tp: particles", r)) {
            runReplicates(pool, progress, r, m, sIds, vIds, perReplicate);
        } finally {
            pool.shutdown();
        }
        Map<Integer, Estimate> s = new HashMap<>();
        for (int i = 0; i < sIds.size(); i++) s.put(sIds.get(i), combine(perReplicate, i, sIds.get(i)));
        Map<Integer, Estimate[]> v = new HashMap<>();
        for (int i = 0; i < vIds.size(); i++) {
            int c = sIds.size() + 2 * i;
            v.put(vIds.get(i), new Estimate[] {combine(perReplicate, c, vIds.get(i)), combine(perReplicate, c + 1, vIds.get(i))});
        }
        return new Result(s, v);
    }

    private void runReplicates(ForkJoinPool pool, Progress.Task progress, int r, int m, List<Integer> sIds, List<Integer> vIds,
                               double[][] perReplicate) {
        try {
            int[] last = lastUse();
            peakArrays.set(0);
            pool.submit(() -> IntStream.range(0, r).parallel().forEach(k -> {
                long seed = Seeds.mix64(options.seed() * 0x9E3779B97F4A7C15L + k + 1);
                double[] out = replicate(m, seed, last, sIds, vIds);
                if (options.sampling() == LimitOptions.Sampling.RQMC) {
                    // Richardson in the particle count: the plug-in covariances and Ż bias a replicate by
                    // c/m + O(1/m²); the same noises' first m/8 particles (a Sobol net too) give 8c/m
                    double[] small = replicate(m / RICHARDSON, seed, last, sIds, vIds);
                    for (int i = 0; i < out.length; i++) out[i] = (RICHARDSON * out[i] - small[i]) / (RICHARDSON - 1);
                }
                perReplicate[k] = out;
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
    private Estimate combine(double[][] reps, int c, int id) {
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
        return new Estimate(mean, 0, sd / Math.sqrt(r), Estimate.Method.PARTICLES);
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

    /** {@code (1/m) Σ a_p b_p}, the particles' inner product: {@link Dot#sum}'s four interleaved partial sums over m. */
    static double dot(double[] a, double[] b) {
        return Dot.sum(a, b) / a.length;
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
     * {@link #dot}) of the inputs it has multiplied, and per basis vector its image g_j, independent
     * standard normal noises (W q_j / σ). A MatMul's atom is σ(Σ_j ⟨x, q_j⟩ g_j + |r| g_new), r the
     * part of its input x outside the basis: the regression on the family's earlier atoms with the
     * coefficients C⁺c of its input on theirs, in O(k m) rather than O(k² m + k³) for k earlier atoms.
     * An input equal to an earlier one gives that atom; one that moved a little, a small residual.
     */
    static final class Basis {
        final List<double[]> q = new ArrayList<>();
        final List<double[]> g = new ArrayList<>();
        /** Per member (MatMul of this direction): its input's coordinates in q, as many as the rank after it. */
        final List<double[]> col = new ArrayList<>();
        final List<Integer> atom = new ArrayList<>();
        final List<BitSet> inputDeps = new ArrayList<>();
        /** The members of the last {@link #project}, and its R C⁺ Rᵀ. */
        private int[] cached = new int[0];
        private org.ejml.data.DMatrixRMaj projector;
        /** Σ ⟨x, x⟩ over the inputs so far: the trace of their Gram matrix, a bound on its largest eigenvalue. */
        double inputs;

        int arrays() {
            return q.size() + g.size();
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

        /**
         * Stein's Ż over the given members' atoms, in q-coordinates: with R the members' columns,
         * C = RᵀR is their inputs' Gram matrix and b = σRᵀu (u_j = ⟨g_j, x⟩) the atoms' moments with
         * x, so C⁺b over the inputs Rq is σ R C⁺ Rᵀ u. C⁺ drops the directions below 10^-7 of the
         * largest eigenvalue, which the particles do not resolve (an estimate ⟨g_j, x⟩ along them would
         * be their noise alone). The matrix R C⁺ Rᵀ is kept for the next MatMul with the same members.
         */
        double[] project(int[] members, java.util.function.IntToDoubleFunction u) {
            int k = 0;
            for (int i : members) k = Math.max(k, col.get(i).length);
            if (!java.util.Arrays.equals(members, cached)) {
                int n = members.length;
                org.ejml.data.DMatrixRMaj r = new org.ejml.data.DMatrixRMaj(k, n);
                for (int i = 0; i < n; i++) {
                    double[] c = col.get(members[i]);
                    for (int j = 0; j < c.length; j++) r.set(j, i, c[j]);
                }
                org.ejml.data.DMatrixRMaj gram = new org.ejml.data.DMatrixRMaj(n, n);
                org.ejml.dense.row.CommonOps_DDRM.multTransA(r, r, gram);
                org.ejml.data.DMatrixRMaj inverse = tp.numerics.PseudoInverse.symmetric(gram, 1e-7);
                org.ejml.data.DMatrixRMaj ri = new org.ejml.data.DMatrixRMaj(k, n);
                org.ejml.dense.row.CommonOps_DDRM.mult(r, inverse, ri);
                projector = new org.ejml.data.DMatrixRMaj(k, k);
                org.ejml.dense.row.CommonOps_DDRM.multTransB(ri, r, projector);
                cached = members.clone();
            }
            double[] uu = new double[k];
            for (int j = 0; j < k; j++) uu[j] = u.applyAsDouble(j);
            double[] w = new double[k];
            for (int i = 0; i < k; i++) {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += projector.get(i, j) * uu[j];
                w[i] = sum;
            }
            return w;
        }


    }

    /**
     * A new input's part outside its direction's basis, below this fraction of the trace of the
     * direction's input Gram matrix, makes no new direction (as C⁺ with this relative cut-off would
     * leave it unexplained).
     */
    static final double RESOLVED = 1e-7;

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
        /** Per vector value: the atoms its particles depend on (a structural zero of ∂Z/∂Ẑ is exact). */
        final BitSet[] deps;
        final double[] sca;
        final ScalarLimit.Series[] ser;
        /** The atoms sampled before the switch (what the earlier vectors' Z are functions of). */
        final List<double[]> atomValues = new ArrayList<>();
        int atoms;
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
            this.deps = new BitSet[program.values().size()];
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
            NoiseFactor[] factors = new NoiseFactor[atomTable.families()];
            for (int a = 0; a < atomTable.size(); a++) {
                Atoms.Atom atom = atomTable.atom(a);
                int f = atom.family();
                ZGraph.Direction d = direction.get(f);
                double[] x;
                if (d != null) {
                    Integer in = input.get(a);
                    if (in == null) throw new IllegalStateException("atom " + a + " has no input");
                    Basis b = bases.get(d);
                    x = add(b, d, vector(in), Math.sqrt(program.matrices().get(d.matrix()).variance()));
                    b.atom.add(a);
                    b.inputDeps.add(deps[in]);
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
            atoms = atomTable.size();
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
                    step(s);
                } catch (ScalarLimit.NoLimit | Expectations.Undefined e) {
                    throw new Failed(s, e);
                }
                release(s, i);
            }
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

        /** Adds input x to a direction's basis; returns its atom σ(Σ_j ⟨x, q_j⟩ g_j + |r| g_new). */
        private double[] add(Basis b, ZGraph.Direction d, double[] x, double sigma) {
            Object[] o = b.orthogonalize(x);
            double[] v = (double[]) o[0];
            double[] res = (double[]) o[1];
            double rr = (double) o[2];
            double[] atom = new double[m];
            axpys(b.g, v, atom);
            double[] col = v;
            double xx = dot(x, x);
            b.inputs += xx;
            if (rr > 1e-12 * xx && rr <= RESOLVED * b.inputs) {
                // a residual below what the particles resolve: a fresh noise of its variance, as C⁺'s cut-off
                // makes of it, and no direction of the basis (no later input, no Ż, is ever estimated along it)
                axpy(Math.sqrt(rr), noise(fam.get(d), 2_000_000 + b.col.size()), atom);
            } else if (rr > 1e-12 * xx) {
                double norm = Math.sqrt(rr);
                double s = 1 / norm;
                for (int p = 0; p < m; p++) res[p] *= s;
                double[] gNew = noise(fam.get(d), 1_000_000 + b.q.size());
                b.q.add(res);
                b.g.add(gNew);
                axpy(norm, gNew, atom);
                col = java.util.Arrays.copyOf(v, v.length + 1);
                col[v.length] = norm;
            }
            b.col.add(col);
            for (int p = 0; p < m; p++) atom[p] *= sigma;
            return atom;
        }

        /** A vector's particles; those defined before the switch are evaluated from their Z. */
        double[] vector(int id) {
            if (vec[id] == null) {
                ZGraph.VectorInfo info = graph.vector(id);
                if (info == null) throw new IllegalStateException("vector " + program.value(id).name() + " not computed");
                set(id, Vectorized.vector(info.z(), atomValues.toArray(new double[0][]), new double[0], m));
                Set<Integer> atomsUsed = new TreeSet<>();
                info.z().refs(atomsUsed);
                BitSet d = new BitSet();
                for (int a : atomsUsed) d.set(a);
                deps[id] = d;
            }
            return vec[id];
        }

        /** The atoms fn's particles depend on; a product with an exactly zero scalar depends on none. */
        BitSet depsOf(Fn fn) {
            if (!(fn instanceof Fn.Apply root)) return leafDeps(fn);
            // node by node, each shared node once (Z graphs are DAGs as deep as the program)
            java.util.IdentityHashMap<Fn, BitSet> memo = new java.util.IdentityHashMap<>();
            for (Fn.Apply a : Fn.postorder(root)) {
                BitSet d = new BitSet();
                boolean zero = false;
                if (a.op() == tp.fn.Op.MUL) {
                    for (Fn x : a.args()) {
                        if (x.kind() == Fn.Kind.SCALAR && tp.fn.Fns.eval(x, id -> sca[id], Double.NaN) == 0) zero = true;
                    }
                }
                if (!zero) for (Fn x : a.args()) d.or(x instanceof Fn.Apply ? memo.get(x) : leafDeps(x));
                memo.put(a, d);
            }
            return memo.get(root);
        }

        private BitSet leafDeps(Fn fn) {
            BitSet d = new BitSet();
            if (fn instanceof Fn.Ref r && r.kind() == Fn.Kind.VECTOR) {
                vector(r.id());
                d.or(deps[r.id()]);
            }
            return d;
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
            if (fn instanceof Fn.Apply a && a.op() == tp.fn.Op.MUL && a.args().get(0).kind() == Fn.Kind.VECTOR
                    && a.args().get(1).kind() == Fn.Kind.VECTOR) {
                for (int i = 0; i < 2; i++) {
                    out = sum(a.args().get(i));
                    if (out == null) continue;
                    double[] f = term(a.args().get(1 - i));
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
                    deps[x.ids().get(i)] = new BitSet();
                }
            } else if (s instanceof Step.MatMul x) {
                matmul(x);
            } else if (s instanceof Step.Nonlin x) {
                deps[x.id()] = depsOf(x.fn());
                set(x.id(), combination(x.fn()));
            } else if (s instanceof Step.Moment x) {
                sca[x.id()] = moment(x.fn());
                if (!Double.isFinite(sca[x.id()])) throw new Expectations.Undefined("it is not finite on the particles");
                ser[x.id()] = ScalarLimit.Series.moment(sca[x.id()]);
            } else if (s instanceof Step.Scalar x) {
                LimitBackend.checkScalarSize(x);
                ser[x.id()] = ScalarLimit.series(x.fn(), id -> ser[id]);
                sca[x.id()] = ScalarLimit.limit(ser[x.id()]);
            }
        }

        /**
         * Z^{Wx} = Ẑ + Ż: the atom from the direction's basis, and Ż in Stein's form over the
         * opposite atoms Z^x depends on — C⁺b over their inputs, which in the opposite basis is
         * σ Σ_j (P u)_j q_j with u_j = ⟨g_j, x⟩ and P the projection onto those inputs' span.
         */
        void matmul(Step.MatMul x) {
            Program.Matrix info = program.matrices().get(x.matrix());
            double sigma = Math.sqrt(info.variance());
            ZGraph.Direction key = new ZGraph.Direction(x.matrix(), x.transposed());
            double[] in = vector(x.input());
            for (double v : in) {
                if (!Double.isFinite(v)) throw new Expectations.Undefined("its input is not finite on the particles");
            }
            Basis b = bases.get(key);
            double[] z = add(b, key, in, sigma);
            int atomId = atoms++;
            b.atom.add(atomId);
            b.inputDeps.add(deps[x.input()]);
            BitSet zDeps = (BitSet) deps[x.input()].clone();
            zDeps.set(atomId);
            Basis o = bases.get(key.opposite());
            int[] used = java.util.stream.IntStream.range(0, o.atom.size()).filter(i -> deps[x.input()].get(o.atom.get(i))).toArray();
            if (used.length > 0 && options.zdot() != LimitOptions.ZDot.DROP && sigma > 0) {
                int support = 0;
                for (int i : used) support = Math.max(support, o.col.get(i).length);
                double[] u = dots(o.g, support, in);
                double[] w = o.project(used, j -> u[j]);
                for (int j = 0; j < w.length; j++) w[j] *= sigma;
                axpys(o.q, w, z);
                for (int i : used) zDeps.or(o.inputDeps.get(i));
            }
            deps[x.id()] = zDeps;
            set(x.id(), z);
        }
    }
}
