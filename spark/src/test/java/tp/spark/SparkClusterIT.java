package tp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tp.cli.Main;
import tp.sweep.SweepBackend;

/**
 * {@code tp sweep --spark} on a real standalone cluster: a Master and two Workers on 127.0.0.1, each
 * its own JVM started from Spark's jars as Maven resolved them. The sweep's report equals the local
 * run's byte for byte, and the cells ran in the two workers' executors.
 */
class SparkClusterIT {
    static final String PROGRAM = """
            program mup_one_hidden
            param lr = 0.1
            param T = 3
            vector u0, v0 ~ N(0, 1)
            matrix W ~ N(0, 1/n)
            u[0] = u0
            v[0] = v0
            for t in 0..T {
              f[t] = mean(v[t] * u[t])
              if t < T {
                chi[t] = lr * (2 * f[t] - 1)
                u[t+1] = u[t] - chi[t] * v[t]
                v[t+1] = v[t] - chi[t] * u[t]
              }
            }
            g = mean(tanh(W @ u[T]) * v[0])
            loss = sum(t in 1..T: 0.5 * (f[t] - 1) ^ 2 + 0.5 * f[t] ^ 2) / T
            output g, loss
            """;

    record Run(int code, String out, String err) {}

    static Run tp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theBackendIsFoundThroughTheServiceLoader() {
        assertInstanceOf(SparkSweepBackend.class, SweepBackend.forMaster("spark://127.0.0.1:7077"));
    }

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void aSweepOnTwoWorkersEqualsTheLocalRunByteForByte() throws Exception {
        long t0 = System.nanoTime();
        Path dir = Path.of(System.getProperty("tp.spark.itDir"));
        Files.createDirectories(dir);
        Path program = dir.resolve("mup1.tp");
        Files.writeString(program, PROGRAM);
        String sparkClasspath = Files.readString(Path.of(System.getProperty("tp.spark.classpathFile"))).strip();
        // the same @argfile that the failsafe JVM got: the daemons take it as it is
        List<String> flags = List.of("@" + System.getProperty("tp.spark.jvmArgs"));
        List<String> sweep = new ArrayList<>(List.of("sweep", program.toString(), "--grid", "lr=0.1..0.6:5:log", "--grid", "T=2,3",
                "--widths", "32,64", "--seeds", "3", "--limit", "--objective", "loss", "--format", "json"));
        Run local = tp(sweep.toArray(new String[0]));
        assertEquals(0, local.code(), local.err());
        StringBuilder timing = new StringBuilder();
        timing.append(String.format("local sweep: %.1f s%n", (System.nanoTime() - t0) / 1e9));

        long t1 = System.nanoTime();
        try (LocalSparkCluster cluster = LocalSparkCluster.start(dir, sparkClasspath, flags, 2, "1g", Duration.ofSeconds(90))) {
            long t2 = System.nanoTime();
            timing.append(String.format("cluster up (master + 2 workers registered): %.1f s%n", (t2 - t1) / 1e9));
            // the driver's settings, as spark-submit would pass them: spark.* system properties
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.executor.memory", "512m");        // at least 450m, at most the worker's --memory
            System.setProperty("spark.executor.cores", "1");
            System.setProperty("spark.cores.max", "2");
            System.setProperty("spark.executor.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0"); // wait for both executors
            System.setProperty("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
            sweep.addAll(List.of("--spark", cluster.masterUrl()));
            Run remote = tp(sweep.toArray(new String[0]));
            timing.append(String.format("tp sweep --spark (context, executors, 30 cells): %.1f s%n", (System.nanoTime() - t2) / 1e9));
            try {
                assertEquals(0, remote.code(), remote.err());
                assertEquals(local.out(), remote.out());
                // both workers' executors computed cells
                for (int w = 1; w <= 2; w++) {
                    int finished = 0;
                    try (Stream<Path> files = Files.walk(dir.resolve("work-" + w))) {
                        for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                            finished += (int) Files.readAllLines(f).stream().filter(l -> l.contains("Finished task")).count();
                        }
                    }
                    assertTrue(finished > 0, "worker " + w + "'s executor finished no task");
                }
            } catch (AssertionError | IOException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logTails(), e);
            }
        }
        timing.append(String.format("all, with shutdown: %.1f s%n", (System.nanoTime() - t0) / 1e9));
        Files.writeString(dir.resolve("timing.txt"), timing);
        System.out.print(timing);
    }
}
