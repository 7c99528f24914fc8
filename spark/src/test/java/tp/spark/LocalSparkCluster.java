package tp.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Spark cluster on 127.0.0.1: one Master and N Workers, each its own JVM started
 * with {@code java -cp <Spark's jars from Maven>}. Every daemon runs under {@link ParentWatch}, so it
 * dies with the test JVM even when that is killed; {@link #close()} stops the workers (and their
 * executors), then the master, and forcibly kills whatever is still alive.
 */
final class LocalSparkCluster implements AutoCloseable {
    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "spark-cluster-shutdown");
    final int masterPort;
    final int uiPort;

    private LocalSparkCluster(Path dir, int masterPort, int uiPort) {
        this.dir = dir;
        this.masterPort = masterPort;
        this.uiPort = uiPort;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /**
     * Starts the master and {@code workers} workers (1 core, {@code workerMemory} each) and waits until
     * the master reports them all ALIVE.
     *
     * @param sparkClasspath Spark and its dependencies, without the application's jars
     * @param jvmFlags       flags for every daemon (the --add-opens Spark needs on Java 17)
     */
    static LocalSparkCluster start(Path dir, String sparkClasspath, List<String> jvmFlags, int workers, String workerMemory,
                                   Duration timeout) throws IOException, InterruptedException {
        // a Spark installation as the daemons expect it: SPARK_HOME/jars (links to the jars in ~/.m2) and SPARK_HOME/conf
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : sparkClasspath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry), link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (var in = LocalSparkCluster.class.getResourceAsStream("/spark-daemon-log4j2.properties")) {
            Files.copy(in, conf.resolve("log4j2.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        LocalSparkCluster c = new LocalSparkCluster(dir, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            // the daemons' classpath, as bin/spark-class builds it (conf/, jars/*), plus ParentWatch from the test classes
            String testClasses = Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String cp = String.join(java.io.File.pathSeparator, conf + "/", jars + "/*", testClasses);
            // the executors' classpath is built by the worker the same way: SPARK_CONF_DIR, SPARK_HOME/jars/*
            Map<String, String> env = Map.of(
                    "SPARK_HOME", home.toString(),
                    "SPARK_CONF_DIR", conf.toString(),
                    "SPARK_LOCAL_IP", "127.0.0.1",
                    "SPARK_SCALA_VERSION", "2.13"          // else the worker's launcher code looks for launcher/target/scala-2.13
            );
            c.spawn("master", cp, jvmFlags, env, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(c.masterPort), "--webui-port", String.valueOf(c.uiPort));
            // workers only once the master is ALIVE: a worker that finds no master retries only after 5 to 15 s
            c.await(0, timeout);
            for (int w = 1; w <= workers; w++) {
                Path work = Files.createDirectories(dir.resolve("work-" + w));
                c.spawn("worker-" + w, cp, jvmFlags, env, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", workerMemory,
                        "--work-dir", work.toString(), c.masterUrl());
            }
            c.await(workers, timeout);
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        } catch (java.net.URISyntaxException e) {
            c.close();
            throw new IllegalStateException(e);
        }
    }

    private void spawn(String name, String cp, List<String> jvmFlags, Map<String, String> env, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmFlags);
        // explicit: a log4j2-test.properties on the classpath (this module's test classes) would win over conf/log4j2.properties
        cmd.add("-Dlog4j2.configurationFile=" + Path.of(env.get("SPARK_CONF_DIR"), "log4j2.properties").toUri());
        cmd.addAll(List.of("-cp", cp, ParentWatch.class.getName(), mainClass));
        cmd.addAll(Arrays.asList(args));
        Path log = dir.resolve(name + ".log");
        Files.writeString(log, String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        // stdin stays a pipe held by this JVM: ParentWatch exits on its end of file
        daemons.add(pb.start());
        logs.add(log);
    }

    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    /** Polls the master's JSON page (http://127.0.0.1:UI/json/) until it is ALIVE with {@code n} alive workers. */
    private void await(int n, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < daemons.size(); i++)
                if (!daemons.get(i).isAlive()) throw new IllegalStateException(logs.get(i).getFileName() + " exited:\n" + tail(logs.get(i)));
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                Matcher a = ALIVE.matcher(r.body()), s = STATUS.matcher(r.body());
                if (r.statusCode() == 200 && a.find() && s.find() && s.group(1).equals("ALIVE") && Integer.parseInt(a.group(1)) == n) return;
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the cluster was not ready in " + timeout + "; last answer: " + last + "\n" + logTails());
    }

    /** The last lines of every daemon's log: for failure messages. */
    String logTails() {
        StringBuilder b = new StringBuilder();
        for (Path l : logs) b.append("==> ").append(l).append(" <==\n").append(tail(l));
        return b.toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Workers first (each takes its executors down), then the master; then anything left is killed. */
    @Override
    public synchronized void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : daemons) {
            p.descendants().forEach(all::add); // executors, before their worker is gone
            all.add(p.toHandle());
        }
        for (int i = daemons.size() - 1; i >= 0; i--) daemons.get(i).destroy(); // SIGTERM: workers, then master
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : all) if (h.isAlive()) h.destroyForcibly();
        daemons.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }
}
