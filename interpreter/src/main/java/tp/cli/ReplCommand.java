package tp.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.check.Stdlib;
import tp.repl.Repl;
import tp.repl.TerminalRepl;

/** {@code tp repl [FILE]}: prove limits interactively. */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = "Interactive: build a program a statement at a time, ask for limits, derivations and finite-width "
                + "checks. Without a terminal on standard input it runs the input as a script, without prompts.")
final class ReplCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "A program to start from.")
    String file;

    @Override
    public Integer call() throws Exception {
        if (file != null && !Files.isRegularFile(Path.of(file)) && Stdlib.read(file) == null) {
            throw new Main.UsageError("no such file: " + file);
        }
        if (System.console() != null) {
            TerminalRepl.run(file == null ? null : Path.of(file));
            return 0;
        }
        Repl repl = new Repl(spec.commandLine().getOut(), spec.commandLine().getErr());
        if (file != null) repl.handle(":load " + file);
        int errors = repl.script(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        return errors > 0 || repl.errors() > 0 ? 2 : 0;
    }
}
