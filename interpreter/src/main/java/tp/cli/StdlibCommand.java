package tp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tp.check.Stdlib;

/** {@code tp stdlib}: the shipped modules and programs. */
@Command(name = "stdlib", mixinStandardHelpOptions = true,
        description = "List the shipped stdlib modules and programs. Import a module with `import \"NAME\"`; run a program with `tp run NAME`.")
final class StdlibCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        int w = 0;
        for (String n : Stdlib.names()) w = Math.max(w, n.length());
        for (String n : Stdlib.names()) {
            spec.commandLine().getOut().println(n + " ".repeat(w - n.length() + 2) + Stdlib.description(n));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
