package tp.limit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.ir.Program;
import tp.ir.Step;
import tp.numerics.PseudoInverse;
import tp.syntax.Diagnostic;
import tp.syntax.ProgramError;

/**
 * The infinite-width backend: the Master Theorem (NETSOR⊤, docs/limit.md) on the core program.
 * Every vector becomes a function Z of Gaussian atoms; every MatMul adds an atom Ẑ to its
 * matrix's family (forward and transposed families are independent) with covariance σ² E[Z^x Z^x'],
 * plus Ż = Σ_i σ² E[∂Z^x/∂Ẑ^{Wᵀy_i}] Z^{y_i}; every Moment becomes an expectation and every
 * scalar its limit in n.
 */
public final class LimitBackend {
    private final Program program;
    private final LimitOptions options;
    private final ZGraph graph;
    private final Expectations expectations;
    private final ValueMap<BitSet> scalarSources;
    /** The numerical error each step introduces itself (quadrature error, error of a covariance row …). */
    private final Map<Integer, Double> own = new HashMap<>();
    private final Derivation derivation;
    /** A moment's integrand for its derivation, made when it is shown: its function with values replaced by their Z. */
    private final java.util.function.UnaryOperator<Fn> substituted = f -> new Gathered().substitute(f);

    /**
     * Moves each step's result at random within its own error (its rounding, a quadrature's
     * error): a re-run that measures how far the program carries those errors; null in a plain run.
     */
    private final java.util.SplittableRandom jitter;
    /**
     * Whether a vector or a moment reads a scalar that carries an error: the errors then go round
     * the program's dynamics (scalars into vectors into moments into scalars), where the
     * bookkeeping does not follow them, and the outputs are re-run ({@link #RERUNS}).
     */
    private boolean feedback;

    /** Re-runs, each step moved within its own error, when the errors go round the dynamics. */
    static final int RERUNS = 2;

    /** Set to stop a re-run no longer wanted (this run went to particles, or failed). */
    private volatile boolean stopped;
    /**
     * The re-runs, started beside this run (on other threads, when the options allow more than
     * one) once it is halfway through its steps and has met {@link #feedback}, else after it;
     * stopped if it goes to particles or fails.
     */
    private Reruns reruns;

    public LimitBackend(Program program, LimitOptions options) {
        this(program, options, 0);
    }

    /** {@code jitterSeed}: 0 for a plain run, else the seed of a re-run's moves. */
    private LimitBackend(Program program, LimitOptions options, long jitterSeed) {
        this.jitter = jitterSeed == 0 ? null : new java.util.SplittableRandom(jitterSeed);
        this.program = program;
        this.options = options;
        int n = program.values().size();
        this.graph = new ZGraph(n);
        this.expectations = new Expectations(graph.atoms(), options);
        this.scalarSources = new ValueMap<>(n);
        this.derivation = new Derivation(program, graph.atoms());
    }

    /**
     * Entries of the covariances of the MatMul atoms, over all families (docs/language.md,
     * "Limits"): each is an expectation, and a family of k MatMuls has k(k+1)/2 of them.
     */
    public static final long MAX_COVARIANCE_ENTRIES = 2_000_000;

    /** Refuses a program whose MatMuls of one matrix are too many for the limit, before any work. */
    private void checkSize() {
        // the directions in the order of their matrices (W before Wᵀ), from the counts the program keeps
        List<ZGraph.Direction> seen = new ArrayList<>();
        for (int m = 0; m < program.matrices().size(); m++) {
            for (boolean t : new boolean[] {false, true}) if (program.matmulCount(m, t) > 0) seen.add(new ZGraph.Direction(m, t));
        }
        Map<ZGraph.Direction, Long> counts = new HashMap<>();
        for (ZGraph.Direction d : seen) counts.put(d, (long) program.matmulCount(d.matrix(), d.transposed()));
        long total = 0;
        ZGraph.Direction largest = null;
        for (Map.Entry<ZGraph.Direction, Long> e : counts.entrySet()) {
            long k = e.getValue();
            total += k * (k + 1) / 2;
            if (largest == null || k > counts.get(largest)) largest = e.getKey();
        }
        if (total > MAX_COVARIANCE_ENTRIES) {
            Program.Matrix m = program.matrices().get(largest.matrix());
            long k = counts.get(largest);
            throw new ProgramError(m.span(), String.format(java.util.Locale.ROOT,
                    "the limit needs the covariances of the MatMuls of each matrix: %s entries in all (%s MatMuls of `%s%s` "
                            + "alone give %s), each an expectation; the limit is %s (see \"Limits\" in docs/language.md)",
                    count(total), count(k), m.name(), largest.transposed() ? ".T" : "", count(k * (k + 1) / 2),
                    count(MAX_COVARIANCE_ENTRIES)));
        }
    }

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' ');
    }

    /** The limit of every output (null only from a re-run that would need particles: see {@link Reruns}). */
    public LimitResult run() {
        checkSize();
        boolean done = false;
        try {
            LimitResult r = plain();
            done = true;
            return r;
        } finally {
            if (!done && reruns != null) reruns.stop();
        }
    }

    private LimitResult plain() {
        List<Step> steps = program.steps();
        int count = steps.size();
        int switchAt = options.method() == LimitOptions.Forced.PARTICLES ? 0 : -1;
        try (tp.ir.Progress.Task progress = options.progress().start("tp: limit, step", steps.size())) {
            for (int i = 0; i < count && switchAt < 0; i++) {
                Step s = steps.get(i);
                tp.ir.Cancellation.check();
                if (stopped) throw new java.util.concurrent.CancellationException("stopped");
                // halfway with feedback seen, the re-runs start beside this run: a program that goes to
                // particles mostly does so early (its first step past the deterministic tiers), and then
                // no re-run was wasted
                if (feedback && reruns == null && jitter == null && options.threads() > 1 && i >= count / 2) {
                    reruns = new Reruns();
                }
                progress.step();
                try {
                    step(s);
                } catch (Expectations.Unavailable e) {
                    if (options.method() != LimitOptions.Forced.AUTO) {
                        throw new ProgramError(s.span(), "no limit for " + name(s) + ": " + e.getMessage());
                    }
                    switchAt = i;
                } catch (ScalarLimit.NoLimit | Expectations.Unresolved e) {
                    throw new ProgramError(s.span(), "no limit for " + name(s) + ": " + e.getMessage());
                } catch (Expectations.Undefined e) {
                    throw undefined(s, e.getMessage());
                } catch (StackOverflowError e) {
                    throw new ProgramError(s.span(), "the limit of " + name(s) + " is nested too deeply to be computed "
                            + "(see \"Limits\" in docs/language.md)");
                }
            }
        }
        if (switchAt < 0 && !lawsAvailable()) switchAt = steps.size();
        // a re-run measures the deterministic tiers; one that needs particles has nothing to say
        if (jitter != null && switchAt >= 0) return null;
        Map<Integer, Estimate[]> laws = Map.of();
        if (switchAt >= 0 && reruns != null) reruns.stop();
        if (switchAt >= 0) {
            new ParticleRegularity(program, this::zProfile, this::undefined).check(switchAt);
            ParticleEngine.Result r;
            try {
                r = new ParticleEngine(program, options, switchAt, graph).run();
            } catch (ParticleEngine.Failed e) {
                String why = e.getCause().getMessage();
                if (e.getCause() instanceof ScalarLimit.NoLimit || e.getCause() instanceof ParticleEngine.RareEvent) {
                    throw new ProgramError(e.step().span(), "no limit for " + name(e.step()) + ": " + why);
                }
                throw undefined(e.step(), why);
            }
            for (int i = switchAt; i < steps.size(); i++) {
                Step s = steps.get(i);
                Estimate e = r.scalars().get(s.id());
                if (e == null) continue;
                checkFinite(e.value(), s);
                graph.putScalar(s.id(), e);
                scalarSources.put(s.id(), EMPTY);
                derivation.particles(s, e);
            }
            laws = r.vectorLaws();
        }
        try {
            LimitResult result = LimitResult.of(program, graph, expectations, derivation, this::error, laws);
            if (jitter != null || switchAt >= 0 || !feedback) return result;
            return withReruns(result, reruns != null ? reruns : new Reruns());
        } catch (LimitResult.UndefinedOutput e) {
            throw new ProgramError(e.output().span(), "the limit of output `" + e.output().name() + "` is undefined: " + e.getMessage());
        } catch (LimitResult.OutputUnavailable e) {
            throw new ProgramError(e.output().span(), "no limit for the output `" + e.output().name() + "`: " + e.getMessage());
        }
    }

    /**
     * v moved uniformly within ± own in a re-run, never across 0 (a mean of squares computed as 0 or
     * just above it stays non-negative, so a sqrt or a log after it meets what this run met): by at
     * most |v|; v itself in a plain run.
     */
    private double moved(double v, double own) {
        if (jitter == null || !(own > 0) || !Double.isFinite(own)) return v;
        return v + Math.min(own, Math.abs(v)) * (2 * jitter.nextDouble() - 1);
    }

    /** Notes whether a vector or a moment reads a scalar with an error (see {@link #feedback}). */
    private void noteFeedback(Fn f) {
        if (feedback) return;
        for (int id : f.refIds()) {
            if (program.value(id).kind() != Fn.Kind.VECTOR) {
                Estimate e = graph.scalar(id);
                if (e.error() > 0 || e.stderr() > 0) {
                    feedback = true;
                    return;
                }
            }
        }
    }

    /**
     * The result with each reported value's error widened by how far {@link #RERUNS} re-runs moved
     * it (each step's result moved at random within its own error): what the dynamics make of the
     * errors the bookkeeping counts once, with unit sensitivity. A re-run that fails where this run
     * did not is a refusal: the value is not determined by the precision at hand.
     */
    private LimitResult withReruns(LimitResult main, Reruns reruns) {
        List<LimitResult.OutputValue> outs = main.outputs();
        double[][] moves = new double[outs.size()][];
        for (int i = 0; i < outs.size(); i++) moves[i] = new double[outs.get(i).values().size()];
        double[][] claims = new double[main.expects().size()][2];
        int measured = 0;
        for (LimitResult r : reruns.results()) {
            if (r == null) continue;
            measured++;
            for (int i = 0; i < outs.size(); i++) {
                List<Estimate> a = outs.get(i).values();
                List<Estimate> b = r.outputs().get(i).values();
                for (int j = 0; j < a.size(); j++) moves[i][j] = Math.max(moves[i][j], move(a.get(j), b.get(j)));
            }
            for (int i = 0; i < claims.length; i++) {
                LimitResult.ExpectValue a = main.expects().get(i);
                LimitResult.ExpectValue b = r.expects().get(i);
                claims[i][0] = Math.max(claims[i][0], move(a.left(), b.left()));
                claims[i][1] = Math.max(claims[i][1], move(a.right(), b.right()));
            }
        }
        double largest = 0;
        List<LimitResult.OutputValue> widened = new ArrayList<>(outs.size());
        for (int i = 0; i < outs.size(); i++) {
            LimitResult.OutputValue o = outs.get(i);
            List<Estimate> values = new ArrayList<>(o.values().size());
            for (int j = 0; j < o.values().size(); j++) {
                values.add(widen(o.values().get(j), moves[i][j]));
                largest = Math.max(largest, moves[i][j]);
            }
            widened.add(new LimitResult.OutputValue(o.output(), values, o.gaussian()));
        }
        List<LimitResult.ExpectValue> expects = new ArrayList<>(claims.length);
        for (int i = 0; i < claims.length; i++) {
            LimitResult.ExpectValue e = main.expects().get(i);
            expects.add(new LimitResult.ExpectValue(e.expect(), widen(e.left(), claims[i][0]), widen(e.right(), claims[i][1]),
                    e.passed(), e.tolerance()));
        }
        if (measured == 0) return main;
        return new LimitResult(program, widened, expects, main.derivation(), new LimitResult.Reruns(measured, largest));
    }

    /**
     * The {@link #RERUNS} re-runs, side by side on as many threads as the options allow, started
     * when made (each is deterministic: the same moves whatever the threads and the timing).
     */
    private final class Reruns {
        private final List<LimitBackend> backends = new ArrayList<>();
        private final List<java.util.concurrent.Future<LimitResult>> futures = new ArrayList<>();
        private final java.util.concurrent.ExecutorService pool;

        Reruns() {
            int threads = Math.max(1, Math.min(RERUNS, options.threads()));
            pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "tp-limit-rerun");
                t.setDaemon(true);
                return t;
            });
            for (int k = 1; k <= RERUNS; k++) {
                LimitBackend b = new LimitBackend(program, options.withProgress(tp.ir.Progress.NONE), k);
                backends.add(b);
                futures.add(pool.submit(() -> rerun(b)));
            }
            pool.shutdown();
        }

        List<LimitResult> results() {
            List<LimitResult> out = new ArrayList<>();
            for (java.util.concurrent.Future<LimitResult> f : futures) {
                tp.ir.Cancellation.await(f);
                try {
                    out.add(f.get());
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e); // done, and without failure: await rethrows one
                }
            }
            return out;
        }

        void stop() {
            for (LimitBackend b : backends) b.stopped = true;
        }
    }

    /** One re-run; its failure is a refusal: the limit is not determined at double precision. */
    private static LimitResult rerun(LimitBackend b) {
        try {
            return b.run();
        } catch (ProgramError e) {
            Diagnostic d = e.diagnostics().get(0);
            throw new ProgramError(d.span(), d.message() + " — when each step's result is moved within its own error "
                    + "(its rounding, a quadrature's error), which the first run did not meet: the limit is not determined at "
                    + "double precision (see \"Accuracy bookkeeping\" in docs/limit.md)");
        }
    }

    /** How far a re-run moved a value (infinite when it is no longer finite). */
    private static double move(Estimate a, Estimate b) {
        double d = Math.abs(b.value() - a.value());
        return Double.isFinite(d) ? d : Double.POSITIVE_INFINITY;
    }

    private static Estimate widen(Estimate e, double move) {
        if (move == 0 || e.method() == Estimate.Method.PARTICLES) return e;
        return new Estimate(e.value(), e.error() + LimitResult.MARGIN * move, e.stderr(), e.method());
    }

    /** Whether every vector output's mean and variance can be had without particles. */
    private boolean lawsAvailable() {
        for (Program.Output o : program.outputs()) {
            if (o.kind() != Program.OutputKind.VECTOR) continue;
            Fn z = graph.vector(o.ids().get(0)).z();
            try {
                expectations.expect(z);
                expectations.expect(Fns.mul(z, z));
            } catch (Expectations.Unavailable e) {
                if (options.method() != LimitOptions.Forced.AUTO) {
                    throw new ProgramError(o.span(), "no limit for the output `" + o.name() + "`: " + e.getMessage());
                }
                return false;
            } catch (Expectations.Unresolved e) {
                throw new ProgramError(o.span(), "no limit for the output `" + o.name() + "`: " + e.getMessage());
            } catch (Expectations.Undefined e) {
                throw new ProgramError(o.span(), "the limit of output `" + o.name() + "` is undefined: " + e.getMessage());
            }
        }
        return true;
    }

    /** What the function table says about a vector's Z (for the particle region's check). */
    private tp.fn.Regularity.Profile zProfile(int id) {
        ZGraph.VectorInfo v = graph.vector(id);
        return v == null ? null : expectations.profile(v.z());
    }

    /** A refusal at the step where an undefined value or expectation is met. */
    private ProgramError undefined(Step s, String why) {
        if (why.equals(Expectations.INFINITE)) {
            return new ProgramError(s.span(), "the limit of " + name(s) + " is infinite");
        }
        if (s instanceof Step.MatMul m) {
            Program.Value input = program.value(m.input());
            String what = input.temporary() ? "its input" : "its input `" + input.name() + "`";
            return new ProgramError(s.span(), "no limit for " + name(s) + ": " + what + (why.startsWith("it blows up")
                    ? " has no finite second moment in the limit: " : " is undefined in the limit: ") + why);
        }
        if (s instanceof Step.Moment) {
            return new ProgramError(s.span(), "no limit for " + name(s) + ": the expectation does not exist: " + why);
        }
        return new ProgramError(s.span(), "the limit of " + name(s) + " is undefined: " + why);
    }

    private String name(Step s) {
        int id = s.id();
        if (id < 0) return "this line";
        Program.Value v = program.value(id);
        if (!v.temporary()) return "`" + v.name() + "`";
        if (s instanceof Step.Scalar) return "`" + program.describe(id) + "` (a scalar in this expression)";
        return s instanceof Step.Moment ? "`" + program.describe(id) + "`" : "this expression";
    }


    private void step(Step s) {
        if (s instanceof Step.InitMatrix m) {
            Program.Matrix info = program.matrices().get(m.matrix());
            graph.addMatrix(m.matrix(), info.name());
            derivation.matrix(m, info);
        } else if (s instanceof Step.InitVectors v) {
            int family = graph.atoms().newFamily(v.key());
            for (int i = 0; i < v.ids().size(); i++) {
                double[] row = new double[i + 1];
                for (int j = 0; j <= i; j++) row[j] = v.cov()[i][j];
                int atom = graph.atoms().add(family, v.mean()[i], row, program.value(v.ids().get(i)).name());
                graph.putVector(v.ids().get(i), ZGraph.VectorInfo.affine(Affine.atom(atom), new BitSet(), Estimate.Method.EXACT));
            }
            derivation.vectors(v);
        } else if (s instanceof Step.MatMul m) {
            matmul(m);
        } else if (s instanceof Step.Nonlin x) {
            noteFeedback(x.fn());
            Affine a = affine(x.fn());
            if (a != null) {
                Gathered g = gathered(x.fn());
                ZGraph.VectorInfo info = ZGraph.VectorInfo.affine(a, g.sources, g.method);
                graph.putVector(x.id(), info);
                derivation.nonlin(x, info::z);
                return;
            }
            Substituted sub = substitute(x.fn());
            Fn z = Linear.flatten(sub.fn);
            // (what the coefficient errors of the forms it reads make of it, when its Z is not affine)
            graph.putVector(x.id(), ZGraph.VectorInfo.of(z, sub.sources, sub.method).withDeviation(FormErrors.deviation(x.fn(), formValues)));
            derivation.nonlin(x, () -> z);
        } else if (s instanceof Step.Moment x) {
            if (pairMoment(x)) return;
            Estimate fast = affineMoment(x.fn());
            Substituted sub = fast != null ? null : substitute(x.fn());
            if (fast != null) {
                Gathered g = gathered(x.fn());
                sub = new Substituted(null, g.sources, g.method);
                Estimate total = new Estimate(moved(fast.value(), fast.error()), error(g.sources) + fast.error(), fast.stderr(),
                        fast.method().worst(g.method));
                checkFinite(total.value(), x);
                graph.putScalar(x.id(), total);
                scalarSources.put(x.id(), g.sources);
                derivation.moment(x, substituted, total, fast);
                return;
            }
            noteFeedback(x.fn());
            Estimate e = expectations.expect(sub.fn);
            // what the errors of the forms' coefficients make of it (0 when none carries one; NaN: not bounded)
            double forms = FormErrors.bound(x.fn(), formValues);
            if (forms > 0) e = new Estimate(e.value(), e.error() + forms, e.stderr(), e.method());
            BitSet sources = sub.sources;
            if (e.method() != Estimate.Method.EXACT && e.error() > 0) {
                own.put(x.id(), e.error());
                sources = (BitSet) sources.clone();
                sources.set(x.id());
            }
            double rounding = e.method() == Estimate.Method.EXACT ? e.error() : 0;
            Estimate total = new Estimate(moved(e.value(), e.error()), error(sources) + rounding, e.stderr(), e.method().worst(sub.method));
            checkFinite(total.value(), x);
            graph.putScalar(x.id(), total);
            scalarSources.put(x.id(), sources);
            Fn integrand = sub.fn;
            derivation.moment(x, ignored -> integrand, total, e);
        } else if (s instanceof Step.Scalar x) {
            scalar(x);
        } else {
            throw new AssertionError(s);
        }
    }

    /** √E[Z²] of vectors whose Z is not affine, computed when first asked for (NaN when it cannot be). */
    private final Map<Integer, Double> norms = new HashMap<>();

    /** What {@link FormErrors} reads of this run's graph. */
    private final FormErrors.Values formValues = new FormErrors.Values() {
        @Override
        public boolean vector(int id) {
            return program.value(id).kind() == Fn.Kind.VECTOR;
        }

        @Override
        public double deviation(int id) {
            ZGraph.VectorInfo v = graph.vector(id);
            Affine a = v.affine();
            if (a == null) return v.deviation();
            return a.err == 0 ? 0 : a.err * Math.max(1, graph.atoms().largestRms());
        }

        @Override
        public double norm(int id) {
            ZGraph.VectorInfo v = graph.vector(id);
            Affine a = v.affine();
            if (a != null) return (a.rmsBound(graph.atoms()) + a.meanRounding(graph.atoms())) * (1 + 1e-12);
            return norms.computeIfAbsent(id, k -> {
                try {
                    Estimate e = expectations.expect(Fns.mul(v.z(), v.z()));
                    return Math.sqrt(Math.max(0, e.value()) + e.error()) * (1 + 1e-12);
                } catch (RuntimeException x) {
                    return Double.NaN;
                }
            });
        }

        @Override
        public double scalar(int id) {
            return graph.scalar(id).value();
        }
    };

    private void checkFinite(double v, Step s) {
        if (!Double.isFinite(v)) {
            throw new ProgramError(s.span(), "the limit of " + name(s) + " is " + (Double.isNaN(v) ? "NaN" : "infinite"));
        }
    }

    private record Substituted(Fn fn, BitSet sources, Estimate.Method method) {}

    /**
     * The affine form of a Nonlin's function when every vector it reads has one and it is affine in
     * them (sums, scalar multiples), else null: built from the forms directly, never as a tree.
     */
    private Affine affine(Fn f) {
        return Affine.of(f, id -> graph.vector(id).affine(), id -> graph.scalar(id).value(),
                id -> program.value(id).kind() == Fn.Kind.VECTOR);
    }

    /** The sources and method of the values f reads (what {@link #substitute} gathers), without substituting. */
    private Gathered gathered(Fn f) {
        Gathered g = new Gathered();
        for (int id : f.refIds()) g.gather(id);
        return g;
    }

    /** The atom a vector's Z is, when it is one atom alone; else -1. */
    private int loneAtom(Fn.Ref r) {
        if (r.kind() != Fn.Kind.VECTOR) return -1;
        return graph.vector(r.id()).loneAtom();
    }

    /**
     * A factor of a kernel's moment: a vector that is one atom ({@code op} null) or a function of
     * one, from the table, that needs no check of definedness first and that the algebra keeps as
     * a factor (see {@link AtomPairs}); the atom, or -1.
     */
    private int factor(Fn f) {
        if (f instanceof Fn.Ref r) return loneAtom(r);
        if (f instanceof Fn.Apply a && a.arity() == 1 && a.arg(0) instanceof Fn.Ref r && a.op() != Op.ID
                && a.op() != Op.NEG && a.op() != Op.EXP && AtomPairs.harmless(a.op())) {
            return loneAtom(r);
        }
        return -1;
    }

    /** Whether a lone atom's vector carries a coefficient error (then the general path bounds what it makes: {@link FormErrors}). */
    private boolean imprecise(int id) {
        Affine a = graph.vector(id).affine();
        return a != null && a.err != 0;
    }

    /** The function of a {@link #factor}: null for the atom itself. */
    private static Op factorOp(Fn f) {
        return f instanceof Fn.Apply a ? a.op() : null;
    }

    /** The vector a {@link #factor} reads. */
    private static int factorRef(Fn f) {
        return ((Fn.Ref) (f instanceof Fn.Apply a ? a.arg(0) : f)).id();
    }

    /**
     * A moment E[φ(a) ψ(b)] or E[a b] of vectors that are lone atoms (a kernel's moments, by the
     * thousand) read straight from the atoms' covariances by {@link AtomPairs}, without
     * substituting or building the integrand: the value the general path gives, bit for bit, and its
     * error with the errors of the covariance entries it reads (see {@link AtomPairs#pair}).
     * False (nothing done) for anything else.
     */
    private boolean pairMoment(Step.Moment x) {
        if (!(x.fn() instanceof Fn.Apply a) || a.op() != Op.MUL) return false;
        Fn left = a.arg(0);
        Fn right = a.arg(1);
        int u = factor(left);
        if (u < 0) return false;
        int v = factor(right);
        Op p = factorOp(left);
        Op q = factorOp(right);
        if (v < 0 || (p == null) != (q == null)) return false;
        if (imprecise(factorRef(left)) || imprecise(factorRef(right))) return false;
        Estimate e = p == null ? AtomPairs.atomProduct(u, v, graph.atoms()) : AtomPairs.pair(p, u, q, v, graph.atoms());
        if (e == null || !Double.isFinite(e.value()) || Double.isNaN(e.error())) return false;
        Gathered g = new Gathered();
        g.gatherVector(factorRef(left));
        g.gatherVector(factorRef(right));
        double rounding = e.method() == Estimate.Method.EXACT ? e.error() : 0;
        double inherited = error(g.sources);
        // the estimate itself when nothing is added to it (a kernel's moments, by the thousand)
        Estimate total = jitter == null && inherited == 0 && rounding == e.error() && e.method().worst(g.method) == e.method() ? e
                : new Estimate(moved(e.value(), e.error()), inherited + rounding, e.stderr(), e.method().worst(g.method));
        graph.putScalar(x.id(), total);
        scalarSources.put(x.id(), g.sources);
        derivation.moment(x, substituted, total, e);
        return true;
    }

    /**
     * E[Z^u Z^v] or E[Z^u] of vectors with affine forms, from their means and covariance (the
     * kept Σ·v, see {@link Affine}), or null for any other integrand and for two lone atoms (which
     * {@link AtomPairs} reads as cheaply).
     */
    private Estimate affineMoment(Fn f) {
        if (f instanceof Fn.Ref r && program.value(r.id()).kind() == Fn.Kind.VECTOR) {
            Affine u = graph.vector(r.id()).affine();
            // (a lone atom is read as cheaply by the general path, unless its coefficient carries an error)
            if (u == null || (u.size() <= 1 && u.err == 0)) return null;
            double m = u.mean(graph.atoms());
            // the rounding of the mean's sum, and the form's coefficients' errors
            return new Estimate(m, Estimate.rounding(m) + u.meanRounding(graph.atoms())
                    + Affine.coefficientError(u, null, graph.atoms()), 0, Estimate.Method.EXACT);
        }
        if (!(f instanceof Fn.Apply a) || a.op() != Op.MUL || !(a.arg(0) instanceof Fn.Ref p)
                || !(a.arg(1) instanceof Fn.Ref q) || program.value(p.id()).kind() != Fn.Kind.VECTOR
                || program.value(q.id()).kind() != Fn.Kind.VECTOR) {
            return null;
        }
        Affine u = graph.vector(p.id()).affine();
        Affine v = graph.vector(q.id()).affine();
        if (u == null || v == null || (u.size() <= 1 && v.size() <= 1 && u.err == 0 && v.err == 0)) return null;
        return secondMoment(u, v);
    }

    /**
     * E[x y] for affine forms x, y (y the later one where it matters): E[x]E[y] + Cov(x, y), with
     * the rounding of the covariance's sums and the errors of the covariance entries as its error
     * (see {@link Affine#cov}).
     */
    private Estimate secondMoment(Affine x, Affine y) {
        Atoms atoms = graph.atoms();
        double[] scale = new double[2];
        double c = Affine.cov(x, y, atoms, scale);
        double mx = x.mean(atoms);
        double my = y.mean(atoms);
        double total = 0;
        if (mx != 0 && my != 0) total += mx * my;
        if (c != 0) total += c;
        // the rounding of the sums (of Σ·y's, and of this one, each of at most this many terms), and
        // the errors of the covariance entries they read
        double size = Math.abs(mx * my) + scale[0];
        double rounding = size == 0 ? 0 : 4 * Math.ulp(size) * (x.size() + y.size() + 2);
        // the means' own rounding, through the product of the means
        double means = x.meanRounding(atoms) * (Math.abs(my) + y.meanRounding(atoms)) + y.meanRounding(atoms) * Math.abs(mx);
        return new Estimate(total, rounding + scale[1] + means + Affine.coefficientError(x, y, atoms), 0, Estimate.Method.EXACT);
    }

    private static final BitSet EMPTY = new BitSet();

    /** a ∪ b, sharing a or b when one contains the other (never mutated afterwards). */
    private static BitSet union(BitSet a, BitSet b) {
        if (b.isEmpty() || a == b) return a;
        if (a.isEmpty()) return b;
        BitSet u = (BitSet) a.clone();
        u.or(b);
        return u.equals(a) ? a : u;
    }

    private double error(BitSet sources) {
        // no step has an error of its own (exact algebra throughout): nothing to read
        if (own.isEmpty()) return 0;
        double e = 0;
        for (int i = sources.nextSetBit(0); i >= 0; i = sources.nextSetBit(i + 1)) e += own.getOrDefault(i, 0.0);
        return e;
    }

    /** A core-program function with vectors replaced by their Z and scalars by their limits. */
    private Substituted substitute(Fn f) {
        if (!(f instanceof Fn.Apply a) || a.treeSize() <= Fn.SMALL_TREE) {
            Gathered g = new Gathered();
            return new Substituted(g.substitute(f), g.sources, g.method);
        }
        Set<Integer> refs = new TreeSet<>();
        f.refs(refs);
        Map<Integer, Fn> map = new HashMap<>();
        BitSet sources = EMPTY;
        Estimate.Method method = Estimate.Method.EXACT;
        for (int id : refs) {
            if (program.value(id).kind() == Fn.Kind.VECTOR) {
                ZGraph.VectorInfo v = graph.vector(id);
                map.put(id, v.z());
                sources = union(sources, v.sources());
                method = method.worst(v.method());
            } else {
                Estimate e = graph.scalar(id);
                map.put(id, Fns.c(e.value()));
                sources = union(sources, scalarSources.get(id));
                method = method.worst(e.method());
            }
        }
        return new Substituted(f.substitute(map), sources, method);
    }


    /**
     * {@link #substitute} of a small function, walked as the tree it is (each value read where it
     * occurs), gathering the sources and method of the values it reads as it goes.
     */
    private final class Gathered {
        BitSet sources = EMPTY;
        Estimate.Method method = Estimate.Method.EXACT;

        /** Gathers what value {@code id} brings, and gives its Z or its limit as a constant. */
        Fn read(int id) {
            gather(id);
            return program.value(id).kind() == Fn.Kind.VECTOR ? graph.vector(id).z() : Fns.c(graph.scalar(id).value());
        }

        /** Gathers the sources and method of value {@code id}. */
        void gather(int id) {
            if (program.value(id).kind() == Fn.Kind.VECTOR) {
                gatherVector(id);
            } else {
                sources = union(sources, scalarSources.get(id));
                method = method.worst(graph.scalar(id).method());
            }
        }

        /** {@link #gather} of a vector's. */
        void gatherVector(int id) {
            ZGraph.VectorInfo v = graph.vector(id);
            sources = union(sources, v.sources());
            method = method.worst(v.method());
        }

        Fn substitute(Fn f) {
            if (f instanceof Fn.Ref r) return read(r.id());
            if (!(f instanceof Fn.Apply a)) return f;
            Fn[] args = new Fn[a.arity()];
            for (int i = 0; i < args.length; i++) args[i] = substitute(a.arg(i));
            return Fns.apply(a.op(), args);
        }
    }

    /**
     * The limit in n of a scalar expression works on its tree; a DAG that unfolds to more nodes than
     * this (a value used twice at every level of a deep expression in n) is refused, not unfolded.
     */
    static final long MAX_SCALAR_TREE = 1_000_000;

    static void checkScalarSize(Step.Scalar x) {
        if (x.fn() instanceof Fn.Apply a && a.usesWidth() && a.treeSize() > MAX_SCALAR_TREE) {
            throw new ProgramError(x.span(), "this expression in n is too large for its limit: it unfolds to more than "
                    + count(MAX_SCALAR_TREE) + " terms (see \"Limits\" in docs/language.md)");
        }
    }

    /** Whether {@link #plainArithmetic} is taken (tests turn it off to compare it with the general path). */
    static boolean fastScalars = true;

    private void scalar(Step.Scalar x) {
        if (fastScalars && jitter == null && plainArithmetic(x)) return;
        checkScalarSize(x);
        int[] refs = x.fn().refIds();
        ScalarLimit.Series plain = ScalarLimit.plain(x.fn(), refs, graph::series);
        ScalarLimit.Series own = plain != null ? plain : ScalarLimit.expand(x.fn(), graph::series);
        double value = ScalarLimit.limit(own);
        Estimate.Method method = Estimate.Method.EXACT;
        BitSet sources = EMPTY;
        for (int id : refs) {
            method = method.worst(graph.scalar(id).method());
            sources = union(sources, scalarSources.get(id));
        }
        double gain = 1;
        // an exact scalar's error is its own rounding plus its inputs' rounding carried through it
        // (first order: through +, −, ×, ÷ in one pass; else |∂f/∂input| by a probe large enough to
        // be resolved, times the input's error)
        double inCarry = method == Estimate.Method.EXACT ? carry(x.fn()) : Double.NaN;
        boolean arithmetic = Double.isFinite(inCarry);
        double carried = arithmetic ? inCarry : 0;
        for (int id : arithmetic ? NO_IDS : refs) {
            Estimate e = graph.scalar(id);
            double d = e.error() + e.stderr();
            if (d == 0) continue;
            double probe = method == Estimate.Method.EXACT ? Math.max(d, 1e-6 * Math.max(Math.abs(e.value()), 1e-300)) : d;
            double shifted = ScalarLimit.shifted(x.fn(), refs, graph::series, plain != null, id, probe);
            double slope = Math.abs(shifted - value) / probe;
            gain = Math.max(gain, slope);
            carried += slope * d;
        }
        checkFinite(value, x);
        // carried through +, −, ×, ÷ it is a bound (with each operation's rounding); through a probe, an
        // estimate of a slope, doubled
        double error = method == Estimate.Method.EXACT ? Estimate.rounding(value) + (arithmetic ? carried : 2 * carried)
                : gain * error(sources);
        Estimate e = new Estimate(moved(value, Estimate.rounding(value)), error, 0, method);
        graph.putScalar(x.id(), e);
        scalarSources.put(x.id(), sources);
        graph.putSeries(x.id(), e.value() == value ? own : own.shift(e.value() - value));
        derivation.scalar(x, e);
    }

    private static final int[] NO_IDS = new int[0];

    /**
     * {@link #scalar} in one pass for the common case (a kernel program's hundreds of thousands): a
     * function without n, made of +, −, ×, ÷ alone, of exact scalars whose series are constants
     * with a vanishing remainder. Its value is what {@link ScalarLimit#plain} evaluates and its
     * error what {@link #carry} gives, so the estimate, the series and the derivation are those
     * of the general path, bit for bit. False (nothing done) for anything else, and for an input
     * of −0 (which a series reads as +0).
     */
    private boolean plainArithmetic(Step.Scalar x) {
        if (!(x.fn() instanceof Fn.Apply a) || a.usesWidth() || a.treeSize() > Fn.SMALL_TREE) return false;
        admittedNoise = Double.NEGATIVE_INFINITY;
        admittedSources = EMPTY;
        admitting = true;
        double carried;
        try {
            carried = carry(a);
        } finally {
            admitting = false;
        }
        double noise = admittedNoise;
        BitSet sources = admittedSources;
        double value = carriedValue;
        if (!Double.isFinite(carried) || !Double.isFinite(value)) return false;
        // what a constant series gives as its limit: a −0 read as 0
        if (value == 0) value = 0.0;
        Estimate e = new Estimate(value, Estimate.rounding(value) + carried, 0, Estimate.Method.EXACT);
        graph.putScalar(x.id(), e);
        scalarSources.put(x.id(), sources);
        // a constant known up to O(n^-1/2) is what the graph makes of a scalar without a series
        if (noise != ScalarLimit.MOMENT_NOISE) graph.putSeries(x.id(), ScalarLimit.Series.constant(value, noise));
        derivation.scalar(x, e);
        return true;
    }

    /**
     * While {@link #carry} walks a function for {@link #plainArithmetic}: each scalar it reads must
     * also be exact, known up to a vanishing remainder and not −0 (else carry gives NaN), and their
     * remainder powers and sources are gathered here as it goes.
     */
    private boolean admitting;
    private double admittedNoise;
    private BitSet admittedSources;

    /** Whether {@link #admitting} lets scalar {@code id} (read as e) in, gathering what it brings. */
    private boolean admit(int id, Estimate e) {
        if (e.method() != Estimate.Method.EXACT || Double.doubleToRawLongBits(e.value()) == Long.MIN_VALUE) return false;
        double n = graph.constantNoise(id);
        if (!(n < 0)) return false;
        admittedNoise = Math.max(admittedNoise, n);
        admittedSources = union(admittedSources, scalarSources.get(id));
        return true;
    }

    /** The value of the function {@link #carry} was last applied to. */
    private double carriedValue;

    /**
     * The first-order error carried from its inputs' errors to a function of scalars made of +, −,
     * ×, ÷ alone, in one pass (its value left in {@link #carriedValue}): |d(a ± b)| ≤ da + db,
     * |d(a b)| ≤ |a| db + |b| da, |d(a / b)| ≤ da / |b| + |a| db / b² (an upper bound of Σ
     * |∂f/∂input| · error), plus an ulp of each operation's result for its rounding; NaN for any
     * other operation.
     */
    private double carry(Fn f) {
        if (f instanceof Fn.Const c) {
            carriedValue = c.value();
            return 0;
        }
        if (f instanceof Fn.Ref r) {
            Estimate e = graph.scalar(r.id());
            if (e == null || (admitting && !admit(r.id(), e))) return Double.NaN;
            carriedValue = e.value();
            return e.error() + e.stderr();
        }
        if (!(f instanceof Fn.Apply a)) return Double.NaN;
        double dx = carry(a.arg(0));
        if (Double.isNaN(dx)) return Double.NaN;
        double x = carriedValue;
        if (a.op() == Op.NEG) {
            carriedValue = -x;
            return dx;
        }
        double d = carryBinary(a.op(), a, x, dx);
        // and the operation's own rounding (an ulp of its result: the final one is counted apart)
        return Double.isNaN(d) ? d : d + Math.ulp(carriedValue);
    }

    private double carryBinary(Op op, Fn.Apply a, double x, double dx) {
        if (a.arity() != 2) return Double.NaN;
        double dy = carry(a.arg(1));
        if (Double.isNaN(dy)) return Double.NaN;
        double y = carriedValue;
        switch (op) {
            case ADD:
                carriedValue = x + y;
                return dx + dy;
            case SUB:
                carriedValue = x - y;
                return dx + dy;
            case MUL:
                carriedValue = x * y;
                return Math.abs(x) * dy + Math.abs(y) * dx;
            case DIV:
                carriedValue = x / y;
                return dx / Math.abs(y) + Math.abs(x) * dy / (y * y);
            default:
                return Double.NaN;
        }
    }

    private void matmul(Step.MatMul m) {
        Program.Matrix info = program.matrices().get(m.matrix());
        double sigma2 = info.variance();
        ZGraph.Direction key = new ZGraph.Direction(m.matrix(), m.transposed());
        List<int[]> same = graph.matmuls(key);
        ZGraph.VectorInfo x = graph.vector(m.input());
        double error = 0;
        BitSet sources = x.sources();
        Estimate.Method method = x.method();
        double[] row = new double[same.size() + 1];
        Estimate[] rowEstimates = new Estimate[row.length];
        Affine xa = x.affine();
        int k = same.size();
        for (int i = 0; i <= k; i++) {
            ZGraph.VectorInfo other = i < k ? graph.vector(same.get(i)[0]) : x;
            Affine oa = other.affine();
            Estimate e = xa != null && oa != null && (xa.size() > 1 || oa.size() > 1)
                    ? secondMoment(oa, xa).scale(sigma2)
                    : rowEntry(x.z(), other.z()).scale(sigma2);
            rowEstimates[i] = e;
            row[i] = e.value();
            if (e.method() != Estimate.Method.EXACT) error += e.error();
            method = method.worst(e.method());
        }
        for (double r : row) {
            if (!Double.isFinite(r)) throw new ProgramError(m.span(), "no limit for " + name(m) + ": its variance overflows ("
                    + r + "); the program diverges in the limit");
        }
        int atom = graph.atoms().add(graph.families().get(key), 0, row, () -> "Ẑ^" + derivation.label(m.id()));
        double[] rowErrors = new double[row.length];
        for (int i = 0; i < row.length; i++) rowErrors[i] = rowEstimates[i].error();
        addDeviations(x, same, row, rowErrors, sigma2);
        graph.atoms().rowErrors(atom, rowErrors);
        graph.addMatMul(key, m.input(), atom);
        Fn z = new Fn.Ref(atom, Fn.Kind.VECTOR);
        // the Z of an affine input is affine when every vector its Ż adds is
        Affine za = xa != null ? Affine.atom(atom) : null;

        List<int[]> opposite = graph.matmuls(key.opposite());
        List<Estimate> coefs = new ArrayList<>();
        List<Affine> terms = new ArrayList<>();
        double[] scales = new double[opposite.size()];
        ZDotForm form = ZDotForm.of(options.zdot(), !opposite.isEmpty(), () -> xa == null && jumps(x.z()));
        // the Ż terms' part of the form's coefficient error (see Affine#err): each coefficient's own
        // error times its term; for a form flattened from the tree, also the terms' errors and the
        // rounding of the flattening against the terms' size
        double coefError = 0;
        double zdotErrors = 0;
        double zdotSize = 1;
        int zdotTerms = 0;
        boolean allAffine = true;
        if (form == ZDotForm.STEIN || form == ZDotForm.DERIVATIVE) {
            coefs = form == ZDotForm.STEIN ? steinCoefficients(x.z(), opposite)
                    : xa != null ? affineCoefficients(xa, opposite, sigma2) : derivativeCoefficients(x.z(), opposite, sigma2);
            for (int i = 0; i < opposite.size(); i++) {
                Estimate c = coefs.get(i);
                if (c.value() == 0 && c.error() == 0) continue;
                double cv = moved(c.value(), c.error());
                ZGraph.VectorInfo y = graph.vector(opposite.get(i)[0]);
                Affine ya = y.affine();
                if (ya != null) {
                    // (an inexact coefficient's error is the step's own, counted through its sources)
                    if (c.method() == Estimate.Method.EXACT) coefError += c.error() * (ya.l1() + ya.err);
                    zdotErrors += Math.abs(cv) * ya.err;
                    zdotSize += Math.abs(cv) * ya.l1();
                    zdotTerms++;
                } else {
                    allAffine = false;
                }
                if (za != null && y.affine() != null) {
                    scales[terms.size()] = cv;
                    terms.add(y.affine());
                } else {
                    if (za != null) z = Affine.sum(za, terms, scales).fn();
                    za = null;
                    z = Fns.add(z, Fns.mul(Fns.c(cv), y.z()));
                }
                if (c.method() != Estimate.Method.EXACT) error += c.error();
                sources = union(sources, y.sources());
                method = method.worst(c.method()).worst(y.method());
            }
        }
        if (za != null && !terms.isEmpty()) za = Affine.sum(za, terms, scales).plusError(coefError);
        if (error > 0) {
            own.put(m.id(), error);
            sources = (BitSet) sources.clone();
            sources.set(m.id());
        }
        ZGraph.VectorInfo info2;
        if (za != null) {
            info2 = ZGraph.VectorInfo.affine(za, sources, method);
        } else {
            info2 = ZGraph.VectorInfo.of(Linear.flatten(z), sources, method);
            // (with no Ż term Z is the new atom itself, exactly)
            if (info2.affine() != null && allAffine && zdotTerms > 0) {
                info2 = info2.withAffineError(coefError + zdotErrors + Affine.rounding(zdotSize * (zdotTerms + 1), 2 * (zdotTerms + 1)));
            }
        }
        graph.putVector(m.id(), info2);
        derivation.matmul(m, info, atom, rowEstimates, opposite, coefs, form, info2::z);
    }

    /**
     * What the deviations of non-affine inputs ({@link ZGraph.VectorInfo#deviation}) make of a new
     * atom's covariance row: σ² |E[x̂ ŷ] − E[x y]| ≤ σ² (D_x ‖y‖₂ + ‖x‖₂ D_y), with ‖·‖₂ read from the
     * atoms' variances (σ² E[x²] is the row's diagonal).
     * (An affine input's coefficient error is in its second moments already.)
     */
    private void addDeviations(ZGraph.VectorInfo x, List<int[]> same, double[] row, double[] rowErrors, double sigma2) {
        double dx = x.affine() == null ? x.deviation() : 0;
        int k = same.size();
        boolean any = dx != 0;
        for (int i = 0; i < k && !any; i++) {
            ZGraph.VectorInfo o = graph.vector(same.get(i)[0]);
            any = o.affine() == null && o.deviation() != 0;
        }
        if (!any || !(sigma2 > 0)) return;
        double nx = Math.sqrt(Math.max(row[k], 0) / sigma2) + (Double.isNaN(dx) ? 0 : dx);
        for (int i = 0; i <= k; i++) {
            ZGraph.VectorInfo o = i < k ? graph.vector(same.get(i)[0]) : x;
            double d = o.affine() == null ? o.deviation() : 0;
            double n = i < k ? Math.sqrt(Math.max(graph.atoms().cov(same.get(i)[1], same.get(i)[1]), 0) / sigma2) + (Double.isNaN(d) ? 0 : d)
                    : nx;
            double e = sigma2 * (dx * n + nx * d) * (1 + 1e-12);
            // (a deviation not bounded adds nothing: see "Accuracy bookkeeping" in docs/limit.md)
            if (e > 0) rowErrors[i] += e;
        }
    }

    /**
     * E[Z^x Z^x'] for a covariance row: read by {@link AtomPairs} when both are (functions of) lone
     * atoms it has a closed form for and nothing needs checking first — what the exact tier would
     * return first — else through the tiers.
     */
    private Estimate rowEntry(Fn zx, Fn zo) {
        if (quick(zx) && quick(zo)) {
            Estimate e = AtomPairs.of(zx, zo, graph.atoms());
            if (e != null && Double.isFinite(e.value()) && !Double.isNaN(e.error())) return e;
        }
        return expectations.expect(Fns.mul(zx, zo));
    }

    private static boolean quick(Fn f) {
        return f instanceof Fn.Ref || (f instanceof Fn.Apply a && a.arity() == 1 && a.arg(0) instanceof Fn.Ref
                && AtomPairs.harmless(a.op()));
    }

    /** σ² ∂Z^x/∂Ẑ_i for each opposite atom, read off x's affine form (what the derivative form gives). */
    private static List<Estimate> affineCoefficients(Affine x, List<int[]> opposite, double sigma2) {
        List<Estimate> out = new ArrayList<>(opposite.size());
        for (int[] o : opposite) {
            double c = x.coef(o[1]);
            out.add(c == 0 ? new Estimate(0, 0, 0, Estimate.Method.EXACT) : Estimate.exact(c).scale(sigma2));
        }
        return out;
    }

    /** Whether Z^x has a function whose derivative vanishes almost everywhere but not as a distribution. */
    private static boolean jumps(Fn f) {
        for (Op op : Op.values()) if (op.jumps() && f.uses(op)) return true;
        return false;
    }

    /** σ² E[∂Z^x/∂Ẑ_i] for each opposite atom. */
    private List<Estimate> derivativeCoefficients(Fn zx, List<int[]> opposite, double sigma2) {
        Set<Integer> used = new TreeSet<>();
        zx.refs(used);
        List<Estimate> out = new ArrayList<>();
        for (int[] o : opposite) {
            if (!used.contains(o[1])) {
                out.add(new Estimate(0, 0, 0, Estimate.Method.EXACT));
                continue;
            }
            out.add(expectations.expect(derivative(zx, o[1])).scale(sigma2));
        }
        return out;
    }

    /**
     * {@link Fns#derivative}, for Z graphs of any size: a large one (a deep program's, where values
     * are used twice at every level) is differentiated node by node without recursion, each shared
     * node once. The same function, built by the same rules.
     */
    static Fn derivative(Fn f, int wrt) {
        if (!(f instanceof Fn.Apply root) || (root.treeSize() <= 10_000 && root.depth() <= 200)) return Fns.derivative(f, wrt);
        java.util.IdentityHashMap<Fn, Fn> memo = new java.util.IdentityHashMap<>();
        for (Fn.Apply a : Fn.postorder(root)) {
            Fn total = Fns.ZERO;
            for (int i = 0; i < a.arity(); i++) {
                Fn x = a.arg(i);
                Fn inner = x instanceof Fn.Apply ? memo.get(x) : Fns.derivative(x, wrt);
                if (inner instanceof Fn.Const c && c.value() == 0) continue;
                total = Fns.add(total, Fns.mul(Fns.partial(a.op(), a.args(), i), inner));
            }
            memo.put(a, total);
        }
        return memo.get(root);
    }

    /** C⁺ b with C_ij = E[Z^{y_i} Z^{y_j}], b_i = E[Ẑ_i Z^x] (TP IV Remark F.2). */
    private List<Estimate> steinCoefficients(Fn zx, List<int[]> opposite) {
        int k = opposite.size();
        DMatrixRMaj c = new DMatrixRMaj(k, k);
        DMatrixRMaj b = new DMatrixRMaj(k, 1);
        double error = 0;
        Estimate.Method method = Estimate.Method.EXACT;
        for (int i = 0; i < k; i++) {
            Fn yi = graph.vector(opposite.get(i)[0]).z();
            for (int j = 0; j <= i; j++) {
                Estimate e = expectations.expect(Fns.mul(yi, graph.vector(opposite.get(j)[0]).z()));
                c.set(i, j, e.value());
                c.set(j, i, e.value());
                error = Math.max(error, e.error());
                method = method.worst(e.method());
            }
            Estimate e = expectations.expect(Fns.mul(new Fn.Ref(opposite.get(i)[1], Fn.Kind.VECTOR), zx));
            b.set(i, 0, e.value());
            error = Math.max(error, e.error());
            method = method.worst(e.method());
        }
        DMatrixRMaj pinv = new DMatrixRMaj(k, k);
        PseudoInverse.of(c, pinv);
        DMatrixRMaj a = new DMatrixRMaj(k, 1);
        CommonOps_DDRM.mult(pinv, b, a);
        double norm = CommonOps_DDRM.elementMaxAbs(pinv);
        List<Estimate> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double bound = error * norm * k * (1 + Math.abs(a.get(i, 0)));
            out.add(new Estimate(a.get(i, 0), method == Estimate.Method.EXACT ? 1e-14 * (1 + Math.abs(a.get(i, 0))) : bound,
                    0, method));
        }
        return out;
    }

}
