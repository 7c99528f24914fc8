package tp.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import tp.syntax.Span;

/**
 * How far the checker may expand a program (docs/language.md, "Limits"): loop iterations, inlined
 * calls and statements in all, and steps of the core program. Every figure is counted as it grows;
 * loops are also judged when they start (their iterations times those of the loops around them)
 * and after their first iterations (the steps each one adds, times the iterations left), so that a
 * program far beyond a budget is refused at once, not after minutes of expansion.
 */
final class Budget {
    /** Steps of the core program: what every backend then holds and walks. */
    static final int MAX_STEPS = 2_000_000;
    /**
     * Elements of one array declaration: a declared group of vectors carries its covariance, an
     * array of elements squared, so a declaration is held to fewer elements than the program to steps.
     */
    static final int MAX_ELEMENTS = 250_000;
    /** Loop iterations in all, nested loops and loops in functions included. */
    static final long MAX_ITERATIONS = 1_000_000;
    /** Function calls expanded inline, in all. */
    static final long MAX_CALLS = 1_000_000;
    /** Statements expanded, in all (each iteration and each call runs its body's statements again). */
    static final long MAX_STATEMENTS = 5_000_000;
    /** Iterations a loop runs before its rate of new steps is projected over the rest. */
    private static final int PROBE = 8;

    /** A budget is exhausted: checking stops here, with this one diagnostic. */
    static final class Exceeded extends RuntimeException {
        final Span span;

        Exceeded(Span span, String message) {
            super(message, null, false, false);
            this.span = span;
        }
    }

    /** A running loop: its variable, trip count, where it is, and the fewest steps an iteration has added. */
    static final class Loop {
        final String var;
        final long trips;
        final Span span;
        long done;
        int stepsBefore;
        long fewest = Long.MAX_VALUE;

        Loop(String var, long trips, Span span, int steps) {
            this.var = var;
            this.trips = trips;
            this.span = span;
            this.stepsBefore = steps;
        }
    }

    private final Deque<Loop> loops = new ArrayDeque<>();
    private long iterations;
    private long calls;
    private long statements;

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
    }

    private static String limits() {
        return " (see \"Limits\" in docs/language.md)";
    }

    Loop enter(String var, int lo, int hi, Span span, int steps) {
        long trips = Math.max(0, (long) hi - lo + 1);
        long total = trips;
        for (Loop outer : loops) total = saturatingTimes(total, outer.trips);
        if (total > MAX_ITERATIONS) {
            // spelled out only for the message: a loop nest enters its inner loops by the thousand
            StringBuilder product = new StringBuilder(count(trips));
            for (Loop outer : loops) product.append(" × ").append(count(outer.trips));
            String why = loops.isEmpty() ? "" : " (" + product + ", with the loops around it)";
            throw new Exceeded(span, "loop `" + var + "` would run " + count(total) + " iterations in all" + why
                    + "; the limit is " + count(MAX_ITERATIONS) + " loop iterations in all" + limits());
        }
        Loop l = new Loop(var, trips, span, steps);
        loops.push(l);
        return l;
    }

    void leave(Loop l) {
        loops.remove(l);
    }

    /** After iteration {@code i} of a loop, with {@code steps} steps in the core program. */
    void iterated(Loop l, int i, int steps) {
        l.done++;
        if (++iterations > MAX_ITERATIONS) {
            throw new Exceeded(l.span, "the program's loops run more than " + count(MAX_ITERATIONS) + " iterations in all "
                    + "(here at `" + l.var + "` = " + i + "); the limit is " + count(MAX_ITERATIONS) + limits());
        }
        l.fewest = Math.min(l.fewest, steps - l.stepsBefore);
        l.stepsBefore = steps;
        if (l.done == PROBE && l.fewest > 0) {
            long projected = steps + saturatingTimes(l.fewest, l.trips - l.done);
            if (projected > MAX_STEPS) {
                throw new Exceeded(l.span, "loop `" + l.var + "` would make about " + count(projected)
                        + " core-program steps: each of its first " + PROBE + " iterations added at least " + count(l.fewest)
                        + " and " + count(l.trips - l.done) + " iterations remain; the limit is " + count(MAX_STEPS)
                        + " steps" + limits());
            }
        }
    }

    void call(String function, Span site) {
        if (++calls > MAX_CALLS) {
            throw new Exceeded(site, "functions are expanded inline more than " + count(MAX_CALLS) + " times in all "
                    + "(here `" + function + "`); the limit is " + count(MAX_CALLS) + limits());
        }
    }

    void statement(Span span) {
        if (++statements > MAX_STATEMENTS) {
            throw new Exceeded(where(span), "the program expands to more than " + count(MAX_STATEMENTS) + " statements"
                    + within() + "; the limit is " + count(MAX_STATEMENTS) + limits());
        }
    }

    void steps(int steps, Span span) {
        if (steps > MAX_STEPS) {
            throw new Exceeded(where(span), "the program grows beyond " + count(MAX_STEPS) + " core-program steps" + within()
                    + "; the limit is " + count(MAX_STEPS) + limits());
        }
    }

    /** The outermost running loop, where the growth comes from; else the statement. */
    private Span where(Span span) {
        return loops.isEmpty() ? span : loops.getLast().span;
    }

    private String within() {
        if (loops.isEmpty()) return "";
        Loop outer = loops.getLast();
        return " (in loop `" + outer.var + "`, after " + count(outer.done) + " of its " + count(outer.trips) + " iterations)";
    }

    private static long saturatingTimes(long a, long b) {
        if (a == 0 || b == 0) return 0;
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
