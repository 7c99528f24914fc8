package tp.spark;

import java.io.IOException;

/**
 * Runs a main class and exits when standard input reaches end of file, that is when the parent (the
 * test JVM) is gone, even killed with SIGKILL: no daemon outlives its test. {@code System.exit} runs
 * the daemon's shutdown hooks (a Worker's hooks kill its executors); a hook that hangs is cut after 10 s.
 * Usage: {@code java -cp … tp.spark.ParentWatch org.apache.spark.deploy.master.Master --host …}
 */
public final class ParentWatch {
    private ParentWatch() {}

    public static void main(String[] args) throws Throwable {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a closed pipe is the same as end of file
            }
            System.err.println("ParentWatch: the parent is gone; exiting");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                Runtime.getRuntime().halt(3);
            }, "parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(3);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
