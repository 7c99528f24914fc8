package tp.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tp.check.Overrides;
import tp.ir.Program;
import tp.pipeline.Pipeline;

/** What every command that reads a program shares: the file, {@code --set}, {@code --debug}. */
final class Common {
    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a param (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--debug", description = "Show Java stack traces of internal errors.")
    boolean debug;

    Overrides overrides() {
        Overrides out = Overrides.none();
        for (Map.Entry<String, String> e : sets.entrySet()) {
            try {
                out = out.with(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new Main.UsageError("--set " + e.getKey() + "=" + e.getValue() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /** The checked program of FILE (a path or a stdlib name) with the {@code --set} overrides; warnings on {@code err}. */
    Program load(String file, PrintWriter err) {
        return Pipeline.load(Pipeline.source(file), overrides(), err);
    }
}
