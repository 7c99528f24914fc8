package tp.pipeline;

import java.util.List;
import tp.limit.LimitOptions;

/**
 * How to check a program's convergence: the widths of the sweep (sorted, each once), seeds per
 * width, the first seed (which also seeds particles), threads, the limit's options, and whether to
 * skip the limit ({@code finiteOnly}: statistics and rates of the widths alone). Owns the defaults
 * every shell uses.
 */
public record CheckOptions(List<Integer> widths, int seeds, long seed, int threads, LimitOptions limit, boolean finiteOnly) {
    public static final List<Integer> DEFAULT_WIDTHS = List.of(256, 512, 1024, 2048);
    public static final int DEFAULT_SEEDS = 16;

    public CheckOptions {
        RunOptions.checkSeeds(seeds, 2);
        if (widths.size() < 2) throw new OptionError("--widths needs at least two widths");
        RunOptions.checkWidths(widths);
        RunOptions.checkThreads(threads);
        widths = widths.stream().sorted().distinct().toList();
    }

    public static CheckOptions defaults() {
        return new CheckOptions(DEFAULT_WIDTHS, DEFAULT_SEEDS, 0, RunOptions.cores(), LimitOptions.defaults(), false);
    }

    public CheckOptions withWidths(List<Integer> w) {
        return new CheckOptions(w, seeds, seed, threads, limit, finiteOnly);
    }

    public CheckOptions withSeeds(long first, int count) {
        return new CheckOptions(widths, count, first, threads, limit, finiteOnly);
    }

    public CheckOptions withLimit(LimitOptions l) {
        return new CheckOptions(widths, seeds, seed, threads, l, finiteOnly);
    }

    public CheckOptions withThreads(int t) {
        return new CheckOptions(widths, seeds, seed, t, limit, finiteOnly);
    }

    public CheckOptions finiteOnly(boolean f) {
        return new CheckOptions(widths, seeds, seed, threads, limit, f);
    }
}
