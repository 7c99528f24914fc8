package tp.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tp.ir.Program;
import tp.pipeline.Pipeline;

/** What every command that reads a program shares: the file, {@code --set}, {@code --debug}. */
final class Common {
    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a param (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--debug", description = "Show Java stack traces of internal errors.")
    boolean debug;

    Map<String, Double> overrides() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sets.entrySet()) {
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException ex) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": the value must be a number");
            }
            if (!Double.isFinite(v)) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": the value must be a finite number");
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** The checked program of FILE (a path or a stdlib name) with the {@code --set} overrides; warnings on {@code err}. */
    Program load(String file, PrintWriter err) {
        return Pipeline.load(Pipeline.source(file), overrides(), err);
    }
}
