package tp.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import tp.ir.Program;
import tp.ir.Progress;
import tp.pipeline.OptionError;
import tp.pipeline.RunOptions;

/**
 * Runs a sweep's cells: on this machine's threads (each cell on one thread, so the thread count
 * never changes a bit), or on a {@link SweepBackend} named by a master URL; all cells or one
 * {@link Shard}. The result holds the cells by index; the numbers depend on the spec alone.
 */
public final class Sweep {
    private Sweep() {}

    /** The cells of {@code shard}, computed locally on {@code threads} threads, or by the backend of {@code master} (null: local). */
    public static SweepResult run(SweepSpec spec, Shard shard, int threads, String master, Progress progress) {
        RunOptions.checkThreads(threads);
        List<Integer> mine = new ArrayList<>();
        for (int c = 0; c < spec.cells(); c++) if (shard.holds(c)) mine.add(c);
        Cell[] cells = new Cell[spec.cells()];
        try (Progress.Task bar = progress.start("tp: sweep, cells", mine.size())) {
            if (master != null) {
                SweepBackend b = SweepBackend.forMaster(master);
                if (b == null) {
                    throw new OptionError("--spark " + master + ": no sweep backend for this URL on the classpath; the Spark backend is the "
                            + "optional module spark/ (tp-spark), which the tp launcher adds when it sees --spark (see docs/sweep.md)");
                }
                List<Cell> got;
                try {
                    got = b.compute(master, spec, mine.stream().mapToInt(Integer::intValue).toArray(), bar);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("the " + b.scheme() + " backend failed: " + e, e);
                }
                for (Cell c : got) cells[c.index()] = c;
                for (int c : mine) if (cells[c] == null) throw new IllegalStateException("the " + b.scheme() + " backend did not return cell " + c);
            } else {
                local(spec, mine, threads, cells, bar);
            }
        }
        return new SweepResult(spec, shard, cells);
    }

    private static final double MB = 1 << 20;

    private static void local(SweepSpec spec, List<Integer> mine, int threads, Cell[] cells, Progress.Task bar) {
        if (mine.isEmpty()) return;
        Program base = spec.program(0);
        // cells of the limit and of the largest widths first: they take longest
        List<Integer> order = new ArrayList<>(mine);
        order.sort((a, b) -> {
            int wa = spec.widthOf(a) == 0 ? Integer.MAX_VALUE : spec.widthOf(a);
            int wb = spec.widthOf(b) == 0 ? Integer.MAX_VALUE : spec.widthOf(b);
            return wa != wb ? Integer.compare(wb, wa) : Integer.compare(a, b);
        });
        Runtime rt = Runtime.getRuntime();
        double available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        int budget = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(0.9 * available / MB)));
        Semaphore memory = new Semaphore(budget, true);
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, order.size())), r -> {
            Thread t = new Thread(null, r, "tp-sweep", 256L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c : order) {
                int permits = (int) Math.min(budget, Math.ceil(Cells.bytes(spec, base, c) / MB));
                futures.add(workers.submit(() -> {
                    memory.acquireUninterruptibly(permits);
                    try {
                        cells[c] = Cells.compute(spec, c);
                    } finally {
                        memory.release(permits);
                    }
                    bar.step();
                    return null;
                }));
            }
            for (Future<?> f : futures) tp.ir.Cancellation.await(f);
        } finally {
            workers.shutdownNow();
        }
    }


    /** The shards of one sweep, merged: every cell present once, the specs identical. */
    public static SweepResult merge(List<ShardFile.Contents> shards) {
        if (shards.isEmpty()) throw new OptionError("tp merge needs shard files");
        SweepSpec spec = shards.get(0).spec();
        int k = shards.get(0).shard().k();
        boolean[] seen = new boolean[k + 1];
        Cell[] cells = new Cell[spec.cells()];
        for (ShardFile.Contents s : shards) {
            if (!s.specText().equals(shards.get(0).specText())) {
                throw new OptionError(s.path() + ": a shard of a different sweep than " + shards.get(0).path());
            }
            if (s.shard().k() != k) throw new OptionError(s.path() + ": shard " + s.shard() + ", but " + shards.get(0).path() + " is of " + k);
            if (seen[s.shard().i()]) throw new OptionError(s.path() + ": shard " + s.shard() + " is given twice");
            seen[s.shard().i()] = true;
            for (Cell c : s.cells()) cells[c.index()] = c;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= k; i++) if (!seen[i]) missing.add(i + "/" + k);
        if (!missing.isEmpty()) throw new OptionError("missing shards: " + String.join(", ", missing));
        for (int c = 0; c < cells.length; c++) {
            if (cells[c] == null) throw new OptionError("cell " + c + " is in no shard (a shard file was cut short?)");
        }
        return new SweepResult(spec, Shard.ALL, cells);
    }
}
