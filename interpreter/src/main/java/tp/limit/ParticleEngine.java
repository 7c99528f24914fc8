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
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import tp.fn.Fn;
import tp.fn.Vectorized;
import tp.ir.Program;
import tp.ir.Progress;
import tp.ir.Seeds;
import tp.ir.Step;
import tp.numerics.Dot;
import tp.numerics.PseudoInverse;
import tp.numerics.SampleMean;

/**
 * Tier 3: the rest of the program on particles. From a given step on, every atom is sampled
 * jointly — family by family, extending each family's factor one row per MatMul — and the whole
 * Z graph is evaluated on M particles at once; covariances, Ż coefficients (Stein form) and
 * Moments all come from the same particles. R independent replicates give each result's
 * standard error. Replicates run in parallel; each has its own random streams, so the thread
 * count never changes a result.
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
            pool.submit(() -> IntStream.range(0, r).parallel().forEach(k -> {
                Replicate rep = new Replicate(m, Seeds.mix64(options.seed() * 0x9E3779B97F4A7C15L + k + 1));
                rep.run();
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
                perReplicate[k] = out;
                progress.step();
            })).join();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof Failed f) throw f;
            throw e;
        }
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

    /** One independent run of the rest of the program on m particles. */
    private final class Replicate {
        final int m;
        final long seed;
        final double[][] vec;
        /** Per vector value: the atoms its particles depend on (a structural zero of ∂Z/∂Ẑ is exact). */
        final java.util.BitSet[] deps;
        final double[] sca;
        final ScalarLimit.Series[] ser;
        final List<double[]> atomValues = new ArrayList<>();
        final List<NoiseFactor> factors = new ArrayList<>();
        final Map<ZGraph.Direction, Integer> fam = new HashMap<>(graph.families());
        final Map<ZGraph.Direction, List<int[]>> mm = new HashMap<>();

        Replicate(int m, long seed) {
            this.m = m;
            this.seed = seed;
            this.vec = new double[program.values().size()][];
            this.deps = new java.util.BitSet[program.values().size()];
            this.sca = new double[program.values().size()];
            this.ser = new ScalarLimit.Series[program.values().size()];
            for (ZGraph.Direction d : fam.keySet()) mm.put(d, new ArrayList<>(graph.matmuls(d)));
        }

        NoiseFactor factor(int family) {
            while (factors.size() <= family) {
                int f = factors.size();
                factors.add(new NoiseFactor(m, j -> noise(f, j)));
            }
            return factors.get(family);
        }

        double[] noise(int family, int j) {
            SplittableRandom r = new SplittableRandom(Seeds.mix64(seed ^ Seeds.mix64(family * 0x632BE59BD9B4E019L + j + 1)));
            double[] out = new double[m];
            for (int p = 0; p < m; p++) out[p] = r.nextGaussian();
            return out;
        }

        void run() {
            Atoms atoms = graph.atoms();
            if (atoms.families() > 0) factor(atoms.families() - 1);
            for (int f = 0; f < atoms.families(); f++) {
                List<Integer> members = atoms.members(f);
                for (int i = 0; i < members.size(); i++) {
                    int a = members.get(i);
                    double[] cov = new double[i];
                    for (int j = 0; j < i; j++) cov[j] = atoms.cov(a, members.get(j));
                    double[] x = factor(f).add(cov, atoms.cov(a, a));
                    double mean = atoms.mean(a);
                    if (mean != 0) for (int p = 0; p < m; p++) x[p] += mean;
                    while (atomValues.size() <= a) atomValues.add(null);
                    atomValues.set(a, x);
                }
            }
            for (Program.Value v : program.values()) {
                if (v.kind() == Fn.Kind.SCALAR && graph.scalar(v.id()) != null) {
                    sca[v.id()] = graph.scalar(v.id()).value();
                    ser[v.id()] = graph.series(v.id());
                }
            }
            for (int i = start; i < program.steps().size(); i++) {
                tp.ir.Cancellation.check();
                Step s = program.steps().get(i);
                try {
                    step(s);
                } catch (ScalarLimit.NoLimit | Expectations.Undefined e) {
                    throw new Failed(s, e);
                }
            }
        }

        /** A vector's particles; those defined before the switch are evaluated from their Z. */
        double[] vector(int id) {
            if (vec[id] == null) {
                ZGraph.VectorInfo info = graph.vector(id);
                if (info == null) throw new IllegalStateException("vector " + program.value(id).name() + " not computed");
                vec[id] = Vectorized.vector(info.z(), atomValues.toArray(new double[0][]), new double[0], m);
                Set<Integer> atomsUsed = new TreeSet<>();
                info.z().refs(atomsUsed);
                java.util.BitSet d = new java.util.BitSet();
                for (int a : atomsUsed) d.set(a);
                deps[id] = d;
            }
            return vec[id];
        }

        /** The atoms fn's particles depend on; a product with an exactly zero scalar depends on none. */
        java.util.BitSet depsOf(Fn fn) {
            if (!(fn instanceof Fn.Apply root)) return leafDeps(fn);
            // node by node, each shared node once (Z graphs are DAGs as deep as the program)
            java.util.IdentityHashMap<Fn, java.util.BitSet> memo = new java.util.IdentityHashMap<>();
            for (Fn.Apply a : Fn.postorder(root)) {
                java.util.BitSet d = new java.util.BitSet();
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

        private java.util.BitSet leafDeps(Fn fn) {
            java.util.BitSet d = new java.util.BitSet();
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

        void step(Step s) {
            if (s instanceof Step.InitMatrix x) {
                for (boolean t : new boolean[] {false, true}) {
                    int f = factors.size();
                    factor(f);
                    fam.put(new ZGraph.Direction(x.matrix(), t), f);
                    mm.put(new ZGraph.Direction(x.matrix(), t), new ArrayList<>());
                }
            } else if (s instanceof Step.InitVectors x) {
                int f = factors.size();
                NoiseFactor nf = factor(f);
                for (int i = 0; i < x.ids().size(); i++) {
                    double[] cov = java.util.Arrays.copyOf(x.cov()[i], i);
                    double[] v = nf.add(cov, x.cov()[i][i]);
                    double mean = x.mean()[i];
                    if (mean != 0) for (int p = 0; p < m; p++) v[p] += mean;
                    vec[x.ids().get(i)] = v;
                    deps[x.ids().get(i)] = new java.util.BitSet();
                }
            } else if (s instanceof Step.MatMul x) {
                matmul(x);
            } else if (s instanceof Step.Nonlin x) {
                vec[x.id()] = eval(x.fn());
                deps[x.id()] = depsOf(x.fn());
            } else if (s instanceof Step.Moment x) {
                sca[x.id()] = Vectorized.mean(eval(x.fn()));
                if (!Double.isFinite(sca[x.id()])) throw new Expectations.Undefined("it is not finite on the particles");
                ser[x.id()] = ScalarLimit.Series.moment(sca[x.id()]);
            } else if (s instanceof Step.Scalar x) {
                LimitBackend.checkScalarSize(x);
                ser[x.id()] = ScalarLimit.series(x.fn(), id -> ser[id]);
                sca[x.id()] = ScalarLimit.limit(ser[x.id()]);
            }
        }

        void matmul(Step.MatMul x) {
            Program.Matrix info = program.matrices().get(x.matrix());
            double sigma2 = info.variance();
            ZGraph.Direction key = new ZGraph.Direction(x.matrix(), x.transposed());
            List<int[]> same = mm.get(key);
            double[] in = vector(x.input());
            for (double v : in) {
                if (!Double.isFinite(v)) throw new Expectations.Undefined("its input is not finite on the particles");
            }
            double[] atom = regress(same, in, sigma2, fam.get(key));
            int atomId = atomValues.size();
            atomValues.add(atom);
            same.add(new int[] {x.input(), atomId});
            double[] z = atom.clone();
            java.util.BitSet zDeps = (java.util.BitSet) deps[x.input()].clone();
            zDeps.set(atomId);
            List<int[]> opposite = mm.get(key.opposite());
            // Stein on the opposite atoms Z^x depends on: b_S = K_SS d_S, since d_j = 0 off S exactly
            List<int[]> used = new ArrayList<>();
            for (int[] o : opposite) if (deps[x.input()].get(o[1])) used.add(o);
            if (!used.isEmpty() && options.zdot() != LimitOptions.ZDot.DROP) {
                int k = used.size();
                double[] coef = project(used, i -> atomValues.get(used.get(i)[1]), in)[0];
                for (int i = 0; i < k; i++) {
                    double a = coef[i];
                    if (a == 0) continue;
                    double[] yi = vector(used.get(i)[0]);
                    for (int p = 0; p < m; p++) z[p] += a * yi[p];
                    zDeps.or(deps[used.get(i)[0]]);
                }
            }
            deps[x.id()] = zDeps;
            vec[x.id()] = z;
        }

        /**
         * A new atom of a matrix family: its regression on the family's earlier atoms, with the
         * coefficients C⁺c of its input on theirs (C_jk = mean(x_j x_k), c_j = mean(x x_j), all from
         * these particles), plus a fresh noise for the residual variance σ²(mean(x²) − cᵀC⁺c). An input
         * equal to an earlier one gives exactly that atom; one that moved a little, a small residual.
         */
        double[] regress(List<int[]> same, double[] in, double sigma2, int family) {
            int k = same.size();
            double var = Dot.mean(in, in);
            double[] atom = new double[m];
            double explained = 0;
            if (k > 0) {
                double[][] pb = project(same, i -> vector(same.get(i)[0]), in);
                for (int i = 0; i < k; i++) {
                    double bi = pb[0][i];
                    if (bi == 0) continue;
                    explained += bi * pb[1][i];
                    double[] ai = atomValues.get(same.get(i)[1]);
                    for (int p = 0; p < m; p++) atom[p] += bi * ai[p];
                }
            }
            double rest = var - explained;
            if (rest > 1e-12 * var) {
                double s = Math.sqrt(sigma2 * rest);
                // keyed by the atom's place in its own family: programs that make each matrix's
                // products in the same order (however they interleave) draw the same particles
                double[] xi = noise(family, 1_000_000 + k);
                for (int p = 0; p < m; p++) atom[p] += s * xi[p];
            }
            return atom;
        }

        /**
         * {C⁺b, b} with C_ij = mean(y_i y_j) over the members' inputs y and b_i = mean(w_i x): the
         * coefficients of a regression (w = the inputs) or of Stein's form of Ż (w = the atoms).
         */
        double[][] project(List<int[]> members, java.util.function.IntFunction<double[]> w, double[] x) {
            int k = members.size();
            DMatrixRMaj c = new DMatrixRMaj(k, k);
            DMatrixRMaj b = new DMatrixRMaj(k, 1);
            for (int i = 0; i < k; i++) {
                double[] yi = vector(members.get(i)[0]);
                for (int j = 0; j <= i; j++) {
                    double v = Dot.mean(yi, vector(members.get(j)[0]));
                    c.set(i, j, v);
                    c.set(j, i, v);
                }
                b.set(i, 0, Dot.mean(w.apply(i), x));
            }
            DMatrixRMaj coef = new DMatrixRMaj(k, 1);
            // directions below 1e-7 of the largest are beyond what the particles resolve
            CommonOps_DDRM.mult(PseudoInverse.symmetric(c, 1e-7), b, coef);
            return new double[][] {coef.getData().clone(), b.getData().clone()};
        }
    }
}
