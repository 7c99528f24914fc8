package tp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tp.syntax.ProgramError;

/** {@code tp}: the command line. Exit status 0 ok, 1 a failed claim or check, 2 a usage or program error. */
@Command(name = "tp", mixinStandardHelpOptions = true, version = "tp 0.1.0",
        description = "Tensor programs at finite and infinite width.",
        subcommands = {RunCommand.class, LimitCommand.class, CheckCommand.class, ExplainCommand.class, ReplCommand.class, StdlibCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static boolean debug;

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        for (String a : args) if (a.equals("--debug")) debug = true;
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ProgramError pe) {
                line.getErr().print(pe.render());
                line.getErr().flush();
                return 2;
            }
            if (e instanceof UsageError ue) {
                line.getErr().println("tp: " + ue.getMessage());
                line.getErr().flush();
                return 2;
            }
            line.getErr().println("tp: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) e.printStackTrace(line.getErr());
            line.getErr().flush();
            return 2;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("tp: out of memory; use a smaller width or a larger heap (JAVA_OPTS=-Xmx…)");
            code = 2;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** A bad flag or file: printed as {@code tp: message}, exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
