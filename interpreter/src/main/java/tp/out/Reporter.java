package tp.out;

import tp.convergence.ConvergenceCheck;
import tp.finite.FiniteRun;
import tp.limit.LimitResult;
import tp.pipeline.OptionError;
import tp.sweep.SweepResult;

/**
 * One output format ({@code --format}): how each result of the pipeline is written. A new format
 * is one more constant here; the commands and the REPL only pick one.
 */
public enum Reporter {
    TABLE {
        @Override public String finite(FiniteRun.Result r) { return FiniteReport.table(r); }
        @Override public String limit(LimitResult r) { return LimitReport.table(r); }
        @Override public String check(ConvergenceCheck.Result r) { return CheckReport.table(r); }
        @Override public String sweep(SweepResult r) { return SweepReport.table(r); }
    },
    CSV {
        @Override public String finite(FiniteRun.Result r) { return FiniteReport.csv(r); }
        @Override public String limit(LimitResult r) { return LimitReport.csv(r); }
        @Override public String check(ConvergenceCheck.Result r) { return CheckReport.csv(r); }
        @Override public String sweep(SweepResult r) { return SweepReport.csv(r); }
    },
    JSON {
        @Override public String finite(FiniteRun.Result r) { return FiniteReport.json(r); }
        @Override public String limit(LimitResult r) { return LimitReport.json(r); }
        @Override public String check(ConvergenceCheck.Result r) { return CheckReport.json(r); }
        @Override public String sweep(SweepResult r) { return SweepReport.json(r); }
    };

    public abstract String finite(FiniteRun.Result r);

    public abstract String limit(LimitResult r);

    public abstract String check(ConvergenceCheck.Result r);

    public abstract String sweep(SweepResult r);

    /** {@code table}, {@code csv} or {@code json}. */
    public static Reporter parse(String s) {
        for (Reporter r : values()) if (r.name().toLowerCase(java.util.Locale.ROOT).equals(s)) return r;
        throw new OptionError("--format must be table, csv or json; got " + s);
    }
}
