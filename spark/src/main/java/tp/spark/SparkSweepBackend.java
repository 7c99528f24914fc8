package tp.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import tp.ir.Progress;
import tp.sweep.Cell;
import tp.sweep.Cells;
import tp.sweep.SweepBackend;
import tp.sweep.SweepSpec;

/**
 * The Spark backend of {@code tp sweep --spark spark://host:7077}: one Spark task per cell, each
 * computed by {@link Cells#compute} on an executor from the spec (which carries the program's text)
 * and the cell's index, so that the numbers are the local run's. Found by the interpreter through
 * {@code META-INF/services/tp.sweep.SweepBackend}; the interpreter does not depend on Spark.
 */
public final class SparkSweepBackend implements SweepBackend {
    @Override
    public String scheme() {
        return "spark";
    }

    @Override
    public List<Cell> compute(String master, SweepSpec spec, int[] cells, Progress.Task progress) {
        try (JavaSparkContext sc = new JavaSparkContext(conf(master))) {
            List<Cell> out = compute(sc, spec, cells);
            for (int i = 0; i < out.size(); i++) progress.step();
            return out;
        }
    }

    /**
     * The application's configuration: spark.* system properties (-Dspark.executor.memory=…) apply, as
     * SparkConf loads them. The executors get the jars that hold tp's classes (see {@link #applicationJars});
     * Spark itself comes from the workers' installation.
     */
    public static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("tp sweep").setJars(applicationJars());
    }

    /** Classes whose jars the executors need: the interpreter, this module, and what the interpreter uses that Spark does not ship. */
    static final List<String> MARKERS = List.of("tp.sweep.Cells", "tp.spark.SparkSweepBackend", "tp.grammar.TensorProgramParser",
            "org.antlr.v4.runtime.Parser", "org.ejml.data.DMatrixRMaj", "org.ejml.dense.row.CommonOps_DDRM");

    /**
     * The jars the executors need: the ones the marker classes were loaded from (one jar, the shaded
     * tp.jar, when tp runs from the launcher; the separate jars in a Maven build).
     */
    public static String[] applicationJars() {
        Set<String> jars = new LinkedHashSet<>();
        for (String name : MARKERS) {
            Class<?> c;
            try {
                c = Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " is not on the classpath", e);
            }
            String[] j = JavaSparkContext.jarOfClass(c);
            if (j.length == 0) {
                throw new IllegalStateException(name + " was not loaded from a jar (" + c.getProtectionDomain().getCodeSource()
                        + "): the executors could not load it; run from the packaged jars");
            }
            jars.add(j[0]);
        }
        return jars.toArray(String[]::new);
    }

    /** The cells, one partition each, computed on the executors (each on a thread with a large stack, as the command line's). */
    public static List<Cell> compute(JavaSparkContext sc, SweepSpec spec, int[] cells) {
        List<Integer> indices = new ArrayList<>();
        for (int c : cells) indices.add(c);
        if (indices.isEmpty()) return List.of();
        return new ArrayList<>(sc.parallelize(indices, indices.size()).map(i -> onLargeStack(spec, i)).collect());
    }

    static final long STACK_BYTES = 1L << 30;

    private static Cell onLargeStack(SweepSpec spec, int index) throws Exception {
        Cell[] out = new Cell[1];
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = Cells.compute(spec, index);
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, "tp-cell-" + index, STACK_BYTES);
        t.start();
        t.join();
        if (failed[0] instanceof Exception e) throw e;
        if (failed[0] instanceof Error e) throw e;
        return out[0];
    }
}
