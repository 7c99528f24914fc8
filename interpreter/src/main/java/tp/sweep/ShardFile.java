package tp.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tp.pipeline.OptionError;

/**
 * A shard's file ({@code tp sweep --shard i/k --out FILE}): the full spec (program text included)
 * and the shard's cells, every number as an exact hexadecimal double, so that {@code tp merge}
 * rebuilds the unsharded result bit for bit. Text, one record a line, fields separated by tabs
 * (backslash, tab and line breaks inside a field escaped).
 */
public final class ShardFile {
    private ShardFile() {}

    static final String MAGIC = "tp-sweep-shard\t1";

    public record Contents(String path, SweepSpec spec, String specText, Shard shard, List<Cell> cells) {}

    public static void write(SweepResult r, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append('\n');
        sb.append("shard\t").append(r.shard().i()).append('\t').append(r.shard().k()).append('\n');
        sb.append(specText(r.spec()));
        for (Cell c : r.cells()) {
            if (c == null) continue;
            sb.append("cell\t").append(c.index());
            for (double[] row : c.values()) {
                sb.append('\t');
                for (int j = 0; j < row.length; j++) {
                    if (j > 0) sb.append(' ');
                    sb.append(Double.toHexString(row[j]));
                }
            }
            sb.append('\n');
        }
        sb.append("end\n");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static String specText(SweepSpec s) {
        StringBuilder sb = new StringBuilder();
        line(sb, "file", s.file());
        line(sb, "text", s.text());
        for (String set : s.sets()) line(sb, "set", set);
        for (Grid g : s.grids()) {
            List<String> f = new ArrayList<>(List.of("grid", g.name(), g.spec(), String.valueOf(g.log())));
            for (double v : g.values()) f.add(Double.toHexString(v));
            line(sb, f.toArray(new String[0]));
        }
        line(sb, "over", s.over());
        List<String> w = new ArrayList<>(List.of("widths"));
        for (int n : s.widths()) w.add(String.valueOf(n));
        line(sb, w.toArray(new String[0]));
        line(sb, "seeds", String.valueOf(s.seeds()), String.valueOf(s.seed()));
        line(sb, "limit", String.valueOf(s.limit()), Double.toHexString(s.tol()), s.method(), String.valueOf(s.particles()));
        line(sb, "objective", s.objective(), String.valueOf(s.maximize()));
        line(sb, "program", s.programName());
        List<String> o = new ArrayList<>(List.of("outputs"));
        o.addAll(s.outputs());
        line(sb, o.toArray(new String[0]));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append('\t');
            sb.append(escape(fields[i]));
        }
        sb.append('\n');
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                b.append(d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public static Contents read(Path file) {
        String where = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OptionError("cannot read " + where + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new OptionError(where + ": not a shard file of tp sweep");
        }
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw new OptionError(where + ": not a shard file of tp sweep");
        if (!lines.get(lines.size() - 1).equals("end")) throw new OptionError(where + ": the shard file is cut short (no `end` line)");
        try {
            String file0 = null, text = null, over = null, method = null, objective = null, program = null;
            List<String> sets = new ArrayList<>();
            List<Grid> grids = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            int seeds = 0, particles = 0;
            long seed = 0;
            boolean limit = false, maximize = false;
            double tol = 0;
            Shard shard = null;
            List<Cell> cells = new ArrayList<>();
            StringBuilder specText = new StringBuilder();
            for (String l : lines.subList(1, lines.size() - 1)) {
                String[] raw = l.split("\t", -1);
                String[] f = new String[raw.length];
                for (int i = 0; i < raw.length; i++) f[i] = unescape(raw[i]);
                switch (f[0]) {
                    case "shard" -> shard = new Shard(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                    case "cell" -> {
                        double[][] v = new double[f.length - 2][];
                        for (int r = 0; r < v.length; r++) {
                            String[] xs = f[r + 2].isEmpty() ? new String[0] : f[r + 2].split(" ");
                            v[r] = new double[xs.length];
                            for (int j = 0; j < xs.length; j++) v[r][j] = Double.parseDouble(xs[j]);
                        }
                        cells.add(new Cell(Integer.parseInt(f[1]), v));
                    }
                    default -> {
                        specText.append(l).append('\n');
                        switch (f[0]) {
                            case "file" -> file0 = f[1];
                            case "text" -> text = f[1];
                            case "set" -> sets.add(f[1]);
                            case "grid" -> {
                                List<Double> v = new ArrayList<>();
                                for (int i = 4; i < f.length; i++) v.add(Double.parseDouble(f[i]));
                                grids.add(new Grid(f[1], f[2], v, Boolean.parseBoolean(f[3])));
                            }
                            case "over" -> over = f[1];
                            case "widths" -> {
                                for (int i = 1; i < f.length; i++) widths.add(Integer.parseInt(f[i]));
                            }
                            case "seeds" -> {
                                seeds = Integer.parseInt(f[1]);
                                seed = Long.parseLong(f[2]);
                            }
                            case "limit" -> {
                                limit = Boolean.parseBoolean(f[1]);
                                tol = Double.parseDouble(f[2]);
                                method = f[3];
                                particles = Integer.parseInt(f[4]);
                            }
                            case "objective" -> {
                                objective = f[1];
                                maximize = Boolean.parseBoolean(f[2]);
                            }
                            case "program" -> program = f[1];
                            case "outputs" -> outputs.addAll(List.of(f).subList(1, f.length));
                            default -> throw new IllegalArgumentException("unknown record `" + f[0] + "`");
                        }
                    }
                }
            }
            if (shard == null || text == null || grids.isEmpty() || objective == null) throw new IllegalArgumentException("incomplete");
            SweepSpec spec = new SweepSpec(file0, text, sets, grids, over, widths, seeds, seed, limit, tol, method, particles, objective,
                    maximize, program, outputs);
            for (Cell c : cells) {
                if (c.index() < 0 || c.index() >= spec.cells() || !shard.holds(c.index())) {
                    throw new IllegalArgumentException("cell " + c.index() + " is not in shard " + shard);
                }
            }
            return new Contents(where, spec, specText.toString(), shard, cells);
        } catch (OptionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OptionError(where + ": a damaged shard file (" + e.getMessage() + ")");
        }
    }
}
