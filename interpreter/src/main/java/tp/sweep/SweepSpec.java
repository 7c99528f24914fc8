package tp.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import tp.check.Checker;
import tp.check.Overrides;
import tp.ir.Program;
import tp.limit.LimitOptions;
import tp.pipeline.OptionError;
import tp.pipeline.Pipeline;
import tp.pipeline.RunOptions;
import tp.syntax.SourceFile;

/**
 * Everything that fixes a sweep's numbers: the program (its text travels with the spec, so a
 * cluster's executors and {@code tp merge} need no file), the {@code --set} overrides, the grid's
 * axes, the widths, the seeds, whether the limit is taken and how, and the objective. Any cell can
 * be computed from the spec and its index alone, anywhere.
 *
 * <p>The cells, in their canonical order: first every grid point × width (index
 * {@code point · widths + w}), then, with the limit, every grid point ({@code points · widths +
 * point}). A grid point's index runs over the axes with the last axis fastest. Every cell at
 * finite width runs the same seeds {@code seed, seed + 1, …} (common random numbers: two learning
 * rates are compared on the same initialisations).
 */
public record SweepSpec(String file, String text, List<String> sets, List<Grid> grids, String over, List<Integer> widths,
                        int seeds, long seed, boolean limit, double tol, String method, int particles,
                        String objective, boolean maximize, String programName, List<String> outputs) implements Serializable {
    public SweepSpec {
        sets = List.copyOf(sets);
        grids = List.copyOf(grids);
        widths = List.copyOf(widths);
        outputs = List.copyOf(outputs);
    }

    /** Most cells in one sweep. */
    public static final int MAX_CELLS = 1_000_000;

    /**
     * The spec of a sweep, checked before anything runs: every grid param is a param of the
     * program, the objective is one of its scalar outputs, the widths fit the heap.
     */
    public static SweepSpec of(SourceFile source, List<String> sets, List<Grid> grids, String over, List<Integer> widths, int seeds,
                               long seed, boolean limit, double tol, String method, int particles, String objective, boolean maximize,
                               java.io.PrintWriter warnings) {
        if (grids.isEmpty()) throw new OptionError("tp sweep needs a grid, as in --grid lr=0.01..1:12:log");
        List<String> names = new ArrayList<>();
        for (Grid g : grids) {
            if (names.contains(g.name())) throw new OptionError("--grid " + g.name() + " is given twice");
            names.add(g.name());
        }
        for (String s : sets) {
            String n = s.substring(0, s.indexOf('='));
            if (names.contains(n)) throw new OptionError("--set " + n + " and --grid " + n + ": a param is either set or swept");
        }
        if (over == null) over = grids.get(0).name();
        if (!names.contains(over)) throw new OptionError("--over " + over + ": not a --grid param (" + String.join(", ", names) + ")");
        if (widths.isEmpty() && !limit) throw new OptionError("nothing to run: give --widths, --limit, or both");
        RunOptions.checkWidths(widths);
        List<Integer> ws = widths.stream().sorted().distinct().toList();
        if (widths.size() != ws.size()) throw new OptionError("--widths lists a width twice");
        RunOptions.checkSeeds(seeds, 1);
        Pipeline.method(method);
        Pipeline.tol(tol);
        if (particles < 32) throw new OptionError("--particles must be at least 32");
        long points = 1;
        for (Grid g : grids) points *= g.size();
        if (points * (ws.size() + (limit ? 1 : 0)) > MAX_CELLS) throw new OptionError("the grid has too many cells (at most " + MAX_CELLS + ")");
        // the program with the --set overrides and the grid's first values
        Program plain = Pipeline.load(source, overrides(sets, List.of(), new int[0]), warnings);
        List<String> params = new ArrayList<>(plain.params().keySet());
        for (String n : names) {
            if (!plain.params().containsKey(n)) {
                throw new OptionError("--grid " + n + ": the program has no param `" + n + "`"
                        + (params.isEmpty() ? "" : " (params: " + String.join(", ", params.stream().sorted().toList()) + ")"));
            }
        }
        Program p = Checker.check(source, overrides(sets, grids, new int[grids.size()]));
        List<String> outs = new ArrayList<>();
        Program.Output chosen = null;
        for (Program.Output o : p.outputs()) {
            if (o.kind() == Program.OutputKind.SCALAR) outs.add(o.name());
            if (o.name().equals(objective)) chosen = o;
        }
        if (objective == null) {
            if (outs.isEmpty()) throw new OptionError("the program has no scalar output to optimise");
            objective = outs.get(outs.size() - 1);
        } else if (chosen == null) {
            List<String> all = p.outputs().stream().map(Program.Output::name).toList();
            throw new OptionError("--objective " + objective + ": not an output of the program (outputs: " + String.join(", ", all) + ")");
        } else if (chosen.kind() != Program.OutputKind.SCALAR) {
            throw new OptionError("--objective " + objective + ": a " + chosen.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " output; the objective must be a scalar output");
        }
        for (int n : ws) Pipeline.checkFits(p, n);
        return new SweepSpec(source.name(), source.text(), sets, grids, over, ws, seeds, seed, limit, tol, method, particles,
                objective, maximize, p.name(), outs);
    }

    static Overrides overrides(List<String> sets, List<Grid> grids, int[] at) {
        Overrides o = Overrides.none();
        for (String s : sets) {
            int eq = s.indexOf('=');
            try {
                o = o.with(s.substring(0, eq), s.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new OptionError("--set " + s + ": " + e.getMessage());
            }
        }
        for (int a = 0; a < grids.size(); a++) o = o.with(grids.get(a).name(), Double.toString(grids.get(a).values().get(at[a])));
        return o;
    }

    /** Grid points: the product of the axes' sizes. */
    public int points() {
        int n = 1;
        for (Grid g : grids) n *= g.size();
        return n;
    }

    public int cells() {
        return points() * (widths.size() + (limit ? 1 : 0));
    }

    /** The axes' value indices of a grid point (the last axis fastest). */
    public int[] point(int index) {
        int[] at = new int[grids.size()];
        for (int a = grids.size() - 1; a >= 0; a--) {
            at[a] = index % grids.get(a).size();
            index /= grids.get(a).size();
        }
        return at;
    }

    public int pointIndex(int[] at) {
        int i = 0;
        for (int a = 0; a < grids.size(); a++) i = i * grids.get(a).size() + at[a];
        return i;
    }

    /** The grid point of a cell. */
    public int pointOf(int cell) {
        int finite = points() * widths.size();
        return cell < finite ? cell / widths.size() : cell - finite;
    }

    /** The width of a cell, or 0 for a cell of the limit. */
    public int widthOf(int cell) {
        int finite = points() * widths.size();
        return cell < finite ? widths.get(cell % widths.size()) : 0;
    }

    public int finiteCell(int point, int w) {
        return point * widths.size() + w;
    }

    public int limitCell(int point) {
        return points() * widths.size() + point;
    }

    /** The index of the objective among the recorded (scalar) outputs. */
    public int objectiveIndex() {
        return outputs.indexOf(objective);
    }

    public int axis(String name) {
        for (int a = 0; a < grids.size(); a++) if (grids.get(a).name().equals(name)) return a;
        return -1;
    }

    public Grid overGrid() {
        return grids.get(axis(over));
    }

    /** The checked program at a grid point. */
    Program program(int point) {
        return Checker.check(new SourceFile(file, text), overrides(sets, grids, point(point)));
    }

    LimitOptions limitOptions() {
        return LimitOptions.defaults().withTol(tol).with(Pipeline.method(method))
                .withParticles(particles, LimitOptions.DEFAULT_REPLICATES, seed).withThreads(1);
    }
}
