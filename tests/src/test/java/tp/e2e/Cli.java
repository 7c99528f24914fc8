package tp.e2e;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import tp.cli.Main;

/** Runs the command line in-process and captures what it prints. */
final class Cli {
    record Result(int code, String out, String err) {}

    static final Path ROOT = Path.of(System.getProperty("tp.root", "..")).toAbsolutePath().normalize();

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static boolean regenerate() {
        return Boolean.parseBoolean(System.getProperty("tp.regenerate", "false"));
    }

    private Cli() {}
}
