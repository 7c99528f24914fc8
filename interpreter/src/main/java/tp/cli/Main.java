package tp.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tp.syntax.ProgramError;

/** {@code tp}: the command line. Exit status 0 ok, 1 a failed claim or check, 2 a usage or program error. */
@Command(name = "tp", mixinStandardHelpOptions = true, version = "tp 0.1.0",
        description = "Tensor programs at finite and infinite width.",
        subcommands = {RunCommand.class, LimitCommand.class, CheckCommand.class, SweepCommand.class, MergeCommand.class, ExplainCommand.class, ReplCommand.class, StdlibCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    static boolean debug;

    @Spec CommandSpec spec;

    /** {@code tp} alone: the usage, on standard error, and status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return 2;
    }

    /**
     * Stack of the thread a command runs on. The checker and the limit engine recurse along the
     * program's expressions and Z graphs; a large stack lets deep programs through, and the
     * budgets of the checker keep programs from growing beyond what the stack can hold.
     */
    static final long STACK_BYTES = 1L << 30;

    public static void main(String[] args) {
        // an error escaping a thread of a pool would leave the command waiting for it: say so and stop
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println(e instanceof OutOfMemoryError ? "tp: " + OUT_OF_MEMORY
                    : e instanceof StackOverflowError ? "tp: " + TOO_DEEP
                    : "tp: internal error in thread " + t.getName() + ": " + e);
            System.err.flush();
            if (e instanceof Error) Runtime.getRuntime().halt(2);
        });
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static final String OUT_OF_MEMORY = "out of memory; use a smaller width or a larger heap (JAVA_OPTS=-Xmx…)";

    /** Runs a command line with the given streams, on a thread with a large stack; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        int[] code = {2};
        Thread t = new Thread(null, () -> code[0] = executeHere(args, out, err), "tp", STACK_BYTES);
        t.start();
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                tp.ir.Cancellation.request();
            }
        }
        out.flush();
        err.flush();
        return code[0];
    }

    private static int executeHere(String[] args, PrintWriter out, PrintWriter err) {
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
            if (e instanceof UsageError || e instanceof tp.pipeline.OptionError) {
                line.getErr().println("tp: " + e.getMessage());
                line.getErr().flush();
                return 2;
            }
            Throwable cause = unwrap(e);
            if (cause instanceof ProgramError pe) {
                line.getErr().print(pe.render());
                line.getErr().flush();
                return 2;
            }
            if (cause instanceof OutOfMemoryError || cause instanceof StackOverflowError) {
                line.getErr().println("tp: " + (cause instanceof OutOfMemoryError ? OUT_OF_MEMORY : TOO_DEEP));
                line.getErr().flush();
                return 2;
            }
            if (cause instanceof java.util.concurrent.CancellationException) {
                line.getErr().println("tp: interrupted");
                line.getErr().flush();
                return 2;
            }
            line.getErr().println("tp: internal error: " + cause + (debug ? "" : " (run with --debug for details)"));
            if (debug) e.printStackTrace(line.getErr());
            line.getErr().flush();
            return 2;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("tp: " + OUT_OF_MEMORY);
            code = 2;
        } catch (StackOverflowError e) {
            err.println("tp: " + TOO_DEEP);
            if (debug) e.printStackTrace(err);
            code = 2;
        } catch (RuntimeException | Error e) {
            Throwable cause = unwrap(e);
            if (cause instanceof OutOfMemoryError) err.println("tp: " + OUT_OF_MEMORY);
            else if (cause instanceof StackOverflowError) err.println("tp: " + TOO_DEEP);
            else err.println("tp: internal error: " + cause + (debug ? "" : " (run with --debug for details)"));
            if (debug) e.printStackTrace(err);
            code = 2;
        }
        out.flush();
        err.flush();
        return code;
    }

    static final String TOO_DEEP = "the program is nested too deeply to be processed (see \"Limits\" in docs/language.md)";

    /** The error under the wrappers of thread pools and futures. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 10 && t.getCause() != null && t.getCause() != t
                && (t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException
                || t.getClass() == RuntimeException.class || t instanceof picocli.CommandLine.ExecutionException); i++) {
            t = t.getCause();
        }
        return t;
    }

    /** A bad flag or file: printed as {@code tp: message}, exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
