package tp.sweep;

import java.util.List;
import java.util.ServiceLoader;
import tp.ir.Progress;

/**
 * A place other than this JVM's threads where a sweep's cells are computed ({@code tp sweep
 * --spark spark://host:7077}). Implementations live in optional jars (module {@code spark/},
 * artifact {@code tp-spark}) and are found with {@link ServiceLoader}; the interpreter never names
 * them and does not depend on them. An implementation computes each cell with
 * {@link Cells#compute}, so its numbers are the local run's, bit for bit.
 */
public interface SweepBackend {
    /** The scheme of the master URLs this backend serves, e.g. {@code spark} for {@code spark://host:7077}. */
    String scheme();

    /** The cells with the given indices, computed by {@link Cells#compute} on {@code master}, in any order. */
    List<Cell> compute(String master, SweepSpec spec, int[] cells, Progress.Task progress) throws Exception;

    /** The backend serving the master URL's scheme, or null when no jar on the classpath provides one. */
    static SweepBackend forMaster(String master) {
        String scheme = master.contains("://") ? master.substring(0, master.indexOf("://")) : master;
        for (SweepBackend b : ServiceLoader.load(SweepBackend.class)) if (b.scheme().equals(scheme)) return b;
        return null;
    }
}
