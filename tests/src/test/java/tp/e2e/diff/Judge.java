package tp.e2e.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import tp.check.Checker;
import tp.ir.Cancellation;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitBackend;
import tp.limit.LimitOptions;
import tp.limit.LimitResult;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/**
 * Runs every tier of the limit engine on every generated program and holds each result against
 * the reference and against the result's own claim: an exact or quadrature value must lie within
 * its stated error (plus the reference's) of the reference, and, where the expectation has one or
 * two Gaussian directions, within 1e-8; a particle value within 5 standard errors (its own and a
 * Monte Carlo reference's, combined). A refusal (ProgramError) is fine; any other exception is a
 * crash; a value for an expectation that does not exist is a disagreement.
 */
final class Judge {
    /**
     * What to run: cases [0, cases) of the seed; particles on every particleEvery-th case (more often
     * for high-dimensional and Ż cases); Monte Carlo samples of the reference; a time limit per
     * engine run; worker threads; and a wall-clock budget (0: none) after which no new case starts.
     */
    record Config(int cases, long seed, int particleEvery, int particles, int mcSamples, double timeoutSeconds, int workers,
                  double budgetSeconds) {
        static Config ci() {
            // a generous time limit per run: a limit that takes longer is a hang, not a slow case on a busy machine
            // a fixed number of cases, not a time budget, so that every machine judges the same programs
            return new Config(1000, 20240611L, 8, 1 << 16, 1 << 17, 30, Runtime.getRuntime().availableProcessors(), 0);
        }
    }

    enum Tier {
        EXACT(LimitOptions.Forced.EXACT), QUADRATURE(LimitOptions.Forced.QUADRATURE), AUTO(LimitOptions.Forced.AUTO),
        PARTICLES(LimitOptions.Forced.PARTICLES);

        final LimitOptions.Forced forced;

        Tier(LimitOptions.Forced forced) {
            this.forced = forced;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Verdict {
        /** within its claim */
        AGREE,
        /** refused with a ProgramError: fine */
        REFUSED,
        /** exact/quadrature value outside its stated error (+ the reference's) */
        BOUND,
        /** only the absolute 1e-8 check of a 1-D/2-D expectation failed */
        ABS,
        /** more than 5 combined standard errors from the reference (particles, or a Monte Carlo reference) */
        STAT,
        /** a value for an expectation that does not exist */
        UNDEFINED_VALUE,
        /** an exception other than ProgramError */
        CRASH,
        TIMEOUT,
        /** the claimed error or standard error is negative, infinite or NaN */
        BAD_CLAIM;

        boolean failure() {
            return this != AGREE && this != REFUSED;
        }
    }

    record Run(Tier tier, Verdict verdict, Estimate estimate, String message, long nanos, double diff, double allowed) {}

    record Result(Generator.Case kase, int output, String program, Ref ref, String judgeError, List<Run> runs, long refNanos) {}

    /** Report runs slower than this many seconds on stderr (0: never). */
    static final int PROGRESS = Integer.getInteger("difftest.progress", 250);
    static final double SLOW = Double.parseDouble(System.getProperty("difftest.slow", "0"));

    private final Config config;
    private final Generator generator;

    Judge(Config config) {
        this.config = config;
        this.generator = new Generator(config.seed(), config.particleEvery());
    }

    /** Cases [from, from + config.cases). */
    Report run(int from, java.io.PrintStream progress) {
        int n = config.cases();
        List<List<Result>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) results.add(null);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Watchdog dog = new Watchdog((long) (config.timeoutSeconds() * 1e9));
        Thread dogThread = new Thread(dog, "difftest-watchdog");
        dogThread.setDaemon(true);
        dogThread.start();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        Throwable[] fatal = new Throwable[1];
        for (int w = 0; w < Math.max(1, config.workers()); w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                Reference ref = new Reference(config.mcSamples(), 1e-14);
                try {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        if (config.budgetSeconds() > 0 && System.nanoTime() - start > config.budgetSeconds() * 1e9) {
                            next.set(n);
                            break;
                        }
                        results.set(i, judge(generator.generate(from + i), ref, dog, worker));
                        int d = done.incrementAndGet();
                        if (progress != null && d % PROGRESS == 0) {
                            progress.printf("difftest: %d/%d cases, %.1f s%n", d, n, (System.nanoTime() - start) / 1e9);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (fatal) {
                        if (fatal[0] == null) fatal[0] = e;
                    }
                    next.set(n);
                }
            }, "difftest-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        dog.stop();
        Cancellation.reset();
        if (fatal[0] != null) throw new IllegalStateException("the differential tester itself failed", fatal[0]);
        List<Result> flat = new ArrayList<>();
        int ran = 0;
        for (List<Result> r : results) {
            if (r == null) continue;
            flat.addAll(r);
            ran++;
        }
        return new Report(config, from, ran, flat, (System.nanoTime() - start) / 1e9);
    }

    private List<Result> judge(Generator.Case c, Reference ref, Watchdog dog, int worker) {
        List<Result> out = new ArrayList<>();
        for (int k = 0; k < c.outputs().size(); k++) {
            String text = c.program(k);
            long t0 = System.nanoTime();
            Ref r;
            try {
                r = c.outputs().get(k).reference().apply(ref);
            } catch (RuntimeException e) {
                out.add(new Result(c, k, text, null, "reference failed: " + e, List.of(), System.nanoTime() - t0));
                continue;
            }
            long refNanos = System.nanoTime() - t0;
            Program p;
            try {
                p = Checker.check(new SourceFile("case" + c.id() + ".tp", text), Map.of());
            } catch (ProgramError e) {
                out.add(new Result(c, k, text, r, "the generated program does not check: " + e.getMessage(), List.of(), refNanos));
                continue;
            }
            List<Run> runs = new ArrayList<>();
            for (Tier tier : Tier.values()) {
                if (tier == Tier.PARTICLES && !c.particles()) continue;
                runs.add(runTier(p, tier, r, c, dog, worker));
            }
            out.add(new Result(c, k, text, r, null, runs, refNanos));
        }
        return out;
    }

    private Run runTier(Program p, Tier tier, Ref ref, Generator.Case c, Watchdog dog, int worker) {
        LimitOptions o = LimitOptions.defaults().with(tier.forced).withParticles(config.particles(), 16, 1000L + c.id())
                .withThreads(1);
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            dog.enter(worker);
            Estimate e;
            try {
                LimitResult res = new LimitBackend(p, o).run();
                e = null;
                for (LimitResult.OutputValue v : res.outputs()) {
                    if (v.output().name().equals("o")) e = v.values().get(0);
                }
                if (e == null) return new Run(tier, Verdict.CRASH, null, "no output `o` in the result", System.nanoTime() - t0, 0, 0);
            } catch (ProgramError err) {
                return new Run(tier, Verdict.REFUSED, null, err.getMessage(), System.nanoTime() - t0, 0, 0);
            } catch (CancellationException err) {
                if (dog.timedOut(worker)) {
                    return new Run(tier, Verdict.TIMEOUT, null, "no result after " + config.timeoutSeconds() + " s",
                            System.nanoTime() - t0, 0, 0);
                }
                if (attempt > 50) return new Run(tier, Verdict.CRASH, null, "cancelled repeatedly", System.nanoTime() - t0, 0, 0);
                continue;   // another run's timeout cancelled this one: again
            } catch (Throwable err) {
                return new Run(tier, Verdict.CRASH, null, err.toString() + at(err), System.nanoTime() - t0, 0, 0);
            } finally {
                dog.leave(worker);
            }
            long nanos = System.nanoTime() - t0;
            if (SLOW > 0 && nanos > SLOW * 1e9) {
                System.err.printf(java.util.Locale.ROOT, "difftest: case %d %s took %.1f s%n", c.id(), tier.label(), nanos / 1e9);
            }
            return compare(tier, e, ref, nanos);
        }
    }

    private static String at(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0];
    }

    static Run compare(Tier tier, Estimate e, Ref ref, long nanos) {
        double v = e.value();
        if (ref.kind() == Ref.Kind.UNDEFINED) {
            return new Run(tier, Verdict.UNDEFINED_VALUE, e, "the expectation does not exist", nanos, Double.NaN, 0);
        }
        if (!Double.isFinite(v)) return new Run(tier, Verdict.CRASH, e, "non-finite value " + v, nanos, Double.NaN, 0);
        double diff = Math.abs(v - ref.value());
        double slack = 1e-12 * Math.max(1, Math.abs(ref.value()));
        if (e.method() == Estimate.Method.PARTICLES) {
            if (!(e.stderr() >= 0) || !Double.isFinite(e.stderr())) {
                return new Run(tier, Verdict.BAD_CLAIM, e, "standard error " + e.stderr(), nanos, diff, 0);
            }
            double allowed = 5 * Math.hypot(e.stderr(), ref.stderr()) + ref.error() + slack;
            return new Run(tier, diff > allowed ? Verdict.STAT : Verdict.AGREE, e, null, nanos, diff, allowed);
        }
        if (!(e.error() >= 0) || !Double.isFinite(e.error())) {
            return new Run(tier, Verdict.BAD_CLAIM, e, "claimed error " + e.error(), nanos, diff, 0);
        }
        if (ref.statistical()) {
            double allowed = e.error() + 5 * ref.stderr() + slack;
            return new Run(tier, diff > allowed ? Verdict.STAT : Verdict.AGREE, e, null, nanos, diff, allowed);
        }
        double allowed = e.error() + ref.error() + slack;
        if (diff > allowed) return new Run(tier, Verdict.BOUND, e, null, nanos, diff, allowed);
        double abs = 1e-8 * Math.max(1, Math.abs(ref.value()));
        // (only where the reference itself is known far better than 1e-8)
        if (ref.dim() <= 2 && ref.error() <= 1e-10 * Math.max(1, Math.abs(ref.value())) && diff > abs) {
            return new Run(tier, Verdict.ABS, e, null, nanos, diff, abs);
        }
        return new Run(tier, Verdict.AGREE, e, null, nanos, diff, allowed);
    }

    /**
     * Per-run time limit. The interpreter's only interruption is a global flag, so a timeout cancels
     * every run in flight; the others notice (they were not the one timed out) and run again once
     * the flag is cleared.
     */
    static final class Watchdog implements Runnable {
        private final long limit;
        private final Map<Integer, Long> running = new ConcurrentHashMap<>();
        private final Map<Integer, Boolean> timedOut = new ConcurrentHashMap<>();
        private volatile boolean cancelling;
        private volatile boolean stop;

        Watchdog(long limit) {
            this.limit = limit;
        }

        void enter(int worker) {
            while (cancelling) sleep(5);
            timedOut.remove(worker);
            running.put(worker, System.nanoTime());
        }

        void leave(int worker) {
            running.remove(worker);
        }

        boolean timedOut(int worker) {
            return timedOut.remove(worker) != null;
        }

        void stop() {
            stop = true;
        }

        public void run() {
            while (!stop) {
                sleep(20);
                long now = System.nanoTime();
                if (!cancelling) {
                    for (Map.Entry<Integer, Long> e : running.entrySet()) {
                        if (now - e.getValue() > limit) {
                            timedOut.put(e.getKey(), true);
                            cancelling = true;
                        }
                    }
                    if (cancelling) Cancellation.request();
                } else if (running.isEmpty()) {
                    Cancellation.reset();
                    cancelling = false;
                }
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
