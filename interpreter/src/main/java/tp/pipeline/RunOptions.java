package tp.pipeline;

import java.util.List;

/**
 * How to run a program at finite width: the widths, the first seed and the number of seeds
 * (seed, seed+1, …), and the threads (which never change a result). Owns the defaults every shell
 * uses; the constructor rejects what cannot run.
 */
public record RunOptions(List<Integer> widths, long seed, int seeds, int threads) {
    public static final int DEFAULT_WIDTH = 1024;
    /** Most threads and most seeds: beyond, an option error (not a pool that cannot be made). */
    public static final int MAX_THREADS = 1024;
    public static final int MAX_SEEDS = 1_000_000;

    public RunOptions {
        widths = List.copyOf(widths);
        if (widths.isEmpty()) throw new OptionError("--widths needs at least one width, as in --widths 256,1024");
        checkWidths(widths);
        checkSeeds(seeds, 1);
        checkThreads(threads);
    }

    public static RunOptions defaults() {
        return new RunOptions(List.of(DEFAULT_WIDTH), 0, 1, cores());
    }

    public RunOptions withWidths(List<Integer> w) {
        return new RunOptions(w, seed, seeds, threads);
    }

    public RunOptions withSeeds(long first, int count) {
        return new RunOptions(widths, first, count, threads);
    }

    public RunOptions withThreads(int t) {
        return new RunOptions(widths, seed, seeds, t);
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static void checkWidths(List<Integer> widths) {
        for (int w : widths) if (w < 1) throw new OptionError("a width must be at least 1; got " + w);
    }

    public static void checkSeeds(int seeds, int least) {
        if (seeds < least || seeds > MAX_SEEDS) {
            throw new OptionError("--seeds must be between " + least + " and " + MAX_SEEDS + "; got " + seeds
                    + (least == 2 ? " (the rate is fitted to the spread across seeds)" : ""));
        }
    }

    public static void checkThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new OptionError("--threads must be between 1 and " + MAX_THREADS + "; got " + threads);
        }
    }
}
