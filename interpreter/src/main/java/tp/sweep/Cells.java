package tp.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import tp.finite.FiniteBackend;
import tp.ir.Program;
import tp.limit.Estimate;
import tp.limit.LimitResult;
import tp.pipeline.Pipeline;
import tp.syntax.ProgramError;

/**
 * Computes one cell of a sweep from its spec and index, on the calling thread alone: the same bits
 * on any machine, in any order, beside any other cells. The unit of work of every sweep backend
 * (threads, shards, a Spark cluster).
 */
public final class Cells {
    private Cells() {}

    public static Cell compute(SweepSpec spec, int index) {
        Program p = spec.program(spec.pointOf(index));
        List<Program.Output> outs = scalarOutputs(p, spec);
        int n = spec.widthOf(index);
        if (n == 0) {
            double[][] v = new double[2][outs.size()];
            LimitResult r;
            try {
                r = Pipeline.limit(p, spec.limitOptions());
            } catch (ProgramError e) {
                if (!diverged(e)) throw e;
                for (double[] row : v) Arrays.fill(row, Double.NaN);
                return new Cell(index, v);
            }
            for (int o = 0; o < outs.size(); o++) {
                for (LimitResult.OutputValue ov : r.outputs()) {
                    if (ov.output().name().equals(outs.get(o).name())) {
                        Estimate e = ov.values().get(0);
                        v[0][o] = e.value();
                        v[1][o] = e.error() + e.stderr();
                    }
                }
            }
            return new Cell(index, v);
        }
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            FiniteBackend b = new FiniteBackend(p, one);
            double[][] v = new double[spec.seeds()][outs.size()];
            for (int s = 0; s < spec.seeds(); s++) {
                FiniteBackend.Sample sample;
                try {
                    sample = b.run(n, spec.seed() + s);
                } catch (ProgramError e) {
                    if (!diverged(e)) throw e;
                    Arrays.fill(v[s], Double.NaN);
                    continue;
                }
                for (int o = 0; o < outs.size(); o++) v[s][o] = sample.outputs().get(outs.get(o).name())[0];
            }
            return new Cell(index, v);
        } finally {
            one.shutdownNow();
        }
    }

    /**
     * A value of the program overflowed (training diverged at this learning rate): the cell's outputs
     * are recorded as NaN, the worst value of any objective, instead of stopping the sweep.
     */
    static boolean diverged(ProgramError e) {
        if (e.diagnostics().isEmpty()) return false;
        String m = e.diagnostics().get(0).message();
        return m.endsWith(" is infinite") || m.endsWith(" is NaN") || m.contains(" is infinite at width ") || m.contains(" is NaN at width ")
                || m.contains(" is undefined: " + "its value is not a number");
    }

    /** The heap a cell takes while it runs, in bytes. */
    static double bytes(SweepSpec spec, Program base, int index) {
        int n = spec.widthOf(index);
        return n == 0 ? 0 : FiniteBackend.bytesNeeded(base, n);
    }

    /**
     * The program's scalar outputs, by position: a grid param may rename them (loss[T] is
     * loss[4] at T = 4), so they are matched to the spec's by their order.
     */
    static List<Program.Output> scalarOutputs(Program p, SweepSpec spec) {
        List<Program.Output> outs = new ArrayList<>();
        for (Program.Output o : p.outputs()) if (o.kind() == Program.OutputKind.SCALAR) outs.add(o);
        if (outs.size() != spec.outputs().size()) {
            throw new tp.pipeline.OptionError("the program's scalar outputs change across the grid (" + spec.outputs() + " at the first point, "
                    + outs.stream().map(Program.Output::name).toList() + " at another): the sweep needs the same outputs at every point");
        }
        return outs;
    }
}
