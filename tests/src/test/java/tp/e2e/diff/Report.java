package tp.e2e.diff;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import tp.limit.Estimate;

/** The differential tester's findings: counts per tier and category, and the disagreements. */
final class Report {
    record Failure(Judge.Result result, Judge.Run run) {}

    static final int SLOWEST = Integer.getInteger("difftest.slowest", 3);

    final Judge.Config config;
    final int from;
    /** Cases judged (fewer than config.cases when the time budget ran out). */
    final int ran;
    final List<Judge.Result> results;
    final double seconds;

    Report(Judge.Config config, int from, int ran, List<Judge.Result> results, double seconds) {
        this.config = config;
        this.from = from;
        this.ran = ran;
        this.results = results;
        this.seconds = seconds;
    }

    /** Probability that |T| > 5 for Student's t with 15 degrees of freedom (16 replicates). */
    static final double FALSE_ALARM = 2 * new TDistribution(15).cumulativeProbability(-5);

    List<Judge.Result> judgeErrors() {
        return results.stream().filter(r -> r.judgeError() != null).toList();
    }

    List<Failure> failures() {
        List<Failure> out = new ArrayList<>();
        for (Judge.Result r : results) for (Judge.Run run : r.runs()) if (run.verdict().failure()) out.add(new Failure(r, run));
        return out;
    }

    List<Failure> deterministicFailures() {
        return failures().stream().filter(f -> f.run().verdict() != Judge.Verdict.STAT).toList();
    }

    List<Failure> statFlags() {
        return failures().stream().filter(f -> f.run().verdict() == Judge.Verdict.STAT).toList();
    }

    long statComparisons() {
        long n = 0;
        for (Judge.Result r : results) {
            for (Judge.Run run : r.runs()) {
                if (run.estimate() == null || r.ref() == null || r.ref().kind() == Ref.Kind.UNDEFINED) continue;
                if (run.estimate().method() == Estimate.Method.PARTICLES || r.ref().statistical()) n++;
            }
        }
        return n;
    }

    /** Statistical flags tolerated as false alarms: the 0.999 quantile of Poisson(expected count). */
    int statAllowance() {
        double lambda = statComparisons() * FALSE_ALARM;
        if (lambda <= 0) return 0;
        return (int) new PoissonDistribution(lambda).inverseCumulativeProbability(0.999);
    }

    boolean passed() {
        // a case the reference itself cannot compute is not judged (it is listed); the engine is judged on the rest
        return deterministicFailures().isEmpty() && statFlags().size() <= statAllowance();
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        long programs = results.stream().map(r -> r.kase().id()).distinct().count();
        sb.append(String.format(Locale.ROOT, "differential test: seed %d, cases %d..%d (%d programs, %d outputs), %.1f s on %d workers%n",
                config.seed(), from, from + config.cases() - 1, programs, results.size(), seconds, config.workers()));
        Map<String, Integer> dims = new TreeMap<>();
        for (Judge.Result r : results) {
            String k = r.ref() == null ? "none" : r.ref().kind() == Ref.Kind.UNDEFINED ? "undefined"
                    : r.ref().kind() == Ref.Kind.MONTE_CARLO ? "Monte Carlo " + r.ref().dim() + "D" : "quadrature " + r.ref().dim() + "D";
            dims.merge(k, 1, Integer::sum);
        }
        if (ran < config.cases()) {
            sb.append(String.format(Locale.ROOT, "TIME BUDGET (%.0f s) EXHAUSTED: %d of %d cases judged%n", config.budgetSeconds(), ran,
                    config.cases()));
        }
        sb.append("references: ").append(dims).append('\n');
        double refSeconds = results.stream().mapToLong(Judge.Result::refNanos).sum() / 1e9;
        sb.append(String.format(Locale.ROOT, "reference time %.1f s (all workers)%n", refSeconds));
        // per tier
        sb.append(String.format(Locale.ROOT, "%-11s %6s %6s %7s %6s %5s %5s %6s %6s %6s %7s %8s %8s%n", "tier", "runs", "agree",
                "refused", "bound", "abs", "stat", "undef", "crash", "t/out", "badclm", "time s", "max s"));
        for (Judge.Tier t : Judge.Tier.values()) {
            Map<Judge.Verdict, Integer> c = new EnumMap<>(Judge.Verdict.class);
            int runs = 0;
            long nanos = 0;
            long max = 0;
            for (Judge.Result r : results) {
                for (Judge.Run run : r.runs()) {
                    if (run.tier() != t) continue;
                    runs++;
                    c.merge(run.verdict(), 1, Integer::sum);
                    nanos += run.nanos();
                    max = Math.max(max, run.nanos());
                }
            }
            sb.append(String.format(Locale.ROOT, "%-11s %6d %6d %7d %6d %5d %5d %6d %6d %6d %7d %8.1f %8.2f%n", t.label(), runs,
                    c.getOrDefault(Judge.Verdict.AGREE, 0), c.getOrDefault(Judge.Verdict.REFUSED, 0),
                    c.getOrDefault(Judge.Verdict.BOUND, 0), c.getOrDefault(Judge.Verdict.ABS, 0),
                    c.getOrDefault(Judge.Verdict.STAT, 0), c.getOrDefault(Judge.Verdict.UNDEFINED_VALUE, 0),
                    c.getOrDefault(Judge.Verdict.CRASH, 0), c.getOrDefault(Judge.Verdict.TIMEOUT, 0),
                    c.getOrDefault(Judge.Verdict.BAD_CLAIM, 0), nanos / 1e9, max / 1e9));
        }
        double work = refSeconds + results.stream().flatMap(r -> r.runs().stream())
                .filter(run -> run.verdict() != Judge.Verdict.TIMEOUT).mapToLong(Judge.Run::nanos).sum() / 1e9;
        sb.append(String.format(Locale.ROOT, "work excluding timed-out runs: %.1f s (all workers)%n", work));
        // run times
        sb.append("run times (s)  p50      p90      p99      max\n");
        for (Judge.Tier t : Judge.Tier.values()) {
            double[] ts = results.stream().flatMap(r -> r.runs().stream()).filter(run -> run.tier() == t)
                    .mapToDouble(run -> run.nanos() / 1e9).sorted().toArray();
            if (ts.length == 0) continue;
            sb.append(String.format(Locale.ROOT, "%-12s %8.3f %8.3f %8.3f %8.3f%n", t.label(), ts[ts.length / 2],
                    ts[(int) (ts.length * 0.9)], ts[(int) (ts.length * 0.99)], ts[ts.length - 1]));
        }
        double[] rt = results.stream().mapToDouble(r -> r.refNanos() / 1e9).sorted().toArray();
        if (rt.length > 0) {
            sb.append(String.format(Locale.ROOT, "%-12s %8.3f %8.3f %8.3f %8.3f%n", "reference", rt[rt.length / 2],
                    rt[(int) (rt.length * 0.9)], rt[(int) (rt.length * 0.99)], rt[rt.length - 1]));
        }
        results.stream().sorted((a, b) -> Long.compare(b.refNanos(), a.refNanos())).limit(SLOWEST)
                .filter(r -> r.refNanos() > 2e8)
                .forEach(r -> sb.append(String.format(Locale.ROOT, "  slow reference: case %d [%s] %.2f s: %s%n", r.kase().id(),
                        r.kase().category(), r.refNanos() / 1e9, r.program().replace('\n', ';'))));
        // per category: outputs and failing outputs per tier
        Map<String, int[]> cat = new LinkedHashMap<>();
        for (Generator.Category g : Generator.Category.values()) cat.put(g.label(), new int[2 + Judge.Tier.values().length]);
        for (Judge.Result r : results) {
            int[] row = cat.get(r.kase().category());
            row[0]++;
            boolean any = false;
            for (Judge.Run run : r.runs()) {
                if (run.verdict().failure()) {
                    row[2 + run.tier().ordinal()]++;
                    any = true;
                }
            }
            if (any) row[1]++;
        }
        sb.append(String.format(Locale.ROOT, "%-11s %7s %7s   failing runs:", "category", "outputs", "failing"));
        for (Judge.Tier t : Judge.Tier.values()) sb.append(String.format(Locale.ROOT, " %10s", t.label()));
        sb.append('\n');
        for (Map.Entry<String, int[]> e : cat.entrySet()) {
            int[] row = e.getValue();
            if (row[0] == 0) continue;
            sb.append(String.format(Locale.ROOT, "%-11s %7d %7d                ", e.getKey(), row[0], row[1]));
            for (int i = 0; i < Judge.Tier.values().length; i++) sb.append(String.format(Locale.ROOT, " %10d", row[2 + i]));
            sb.append('\n');
        }
        long sc = statComparisons();
        sb.append(String.format(Locale.ROOT,
                "statistical comparisons (particles, or a Monte Carlo reference): %d; beyond 5 s.e.: %d (rate %.2g; expected false alarms "
                        + "%.2g at P(|t15| > 5) = %.2g; tolerated %d)%n",
                sc, statFlags().size(), sc == 0 ? 0.0 : statFlags().size() / (double) sc, sc * FALSE_ALARM, FALSE_ALARM, statAllowance()));
        // refusals, most common messages first
        Map<String, Integer> refusals = new TreeMap<>();
        for (Judge.Result r : results) {
            for (Judge.Run run : r.runs()) {
                if (run.verdict() == Judge.Verdict.REFUSED) refusals.merge(run.tier().label() + ": " + shorten(run.message()), 1, Integer::sum);
            }
        }
        sb.append("refusals:\n");
        refusals.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey())));
        List<Judge.Result> je = judgeErrors();
        if (!je.isEmpty()) {
            sb.append("JUDGE ERRORS (the tester's own problems): ").append(je.size()).append('\n');
            for (Judge.Result r : je.subList(0, Math.min(5, je.size()))) {
                sb.append("  case ").append(r.kase().id()).append(": ").append(r.judgeError()).append('\n').append(indent(r.program()));
            }
        }
        return sb.toString();
    }

    /** Message without the leading "no limit for `o`:" and numbers, to group refusals. */
    static String shorten(String m) {
        if (m == null) return "";
        String s = m.replaceFirst("^no limit for [^:]*: ", "").replaceAll("-?[0-9][0-9.eE+-]*", "#");
        return s.length() > 110 ? s.substring(0, 110) + "…" : s;
    }

    static String indent(String program) {
        StringBuilder sb = new StringBuilder();
        for (String line : program.split("\n")) sb.append("      ").append(line).append('\n');
        return sb.toString();
    }

    String failureList(int max) {
        List<Failure> fs = new ArrayList<>(deterministicFailures());
        fs.addAll(statFlags());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d disagreements (%d deterministic, %d statistical); the first %d:%n", fs.size(),
                deterministicFailures().size(), statFlags().size(), Math.min(max, fs.size())));
        for (Failure f : fs.subList(0, Math.min(max, fs.size()))) sb.append(describe(f));
        return sb.toString();
    }

    static String describe(Failure f) {
        Judge.Result r = f.result();
        Judge.Run run = f.run();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "- case %d [%s], tier %s: %s", r.kase().id(), r.kase().category(), run.tier().label(),
                run.verdict()));
        Estimate e = run.estimate();
        if (e != null) {
            sb.append(String.format(Locale.ROOT, "%n    value %.15g (%s, %s %.3g)", e.value(), e.method().label(),
                    e.method() == Estimate.Method.PARTICLES ? "s.e." : "claimed error ≤", e.method() == Estimate.Method.PARTICLES
                            ? e.stderr() : e.error()));
        }
        if (r.ref() != null) sb.append("\n    reference ").append(r.ref().describe());
        if (e != null && Double.isFinite(run.diff())) {
            sb.append(String.format(Locale.ROOT, "%n    difference %.3g, allowed %.3g", run.diff(), run.allowed()));
        }
        if (run.message() != null) sb.append("\n    ").append(run.message());
        sb.append('\n').append(indent(r.program()));
        return sb.toString();
    }
}
