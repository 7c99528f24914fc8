package tp.ir;

/**
 * How far a long computation has got. The backends sit below the shell and do not know whether
 * anyone watches or how, so the shell passes in what draws the progress (the terminal bar) and
 * the backends only count steps; {@link #NONE} when nobody watches.
 */
@FunctionalInterface
public interface Progress {
    /** Reports nothing: for callers that run a backend without a shell (tests, benchmarks). */
    Progress NONE = (what, total) -> new Task() {
        @Override
        public void step() {}

        @Override
        public void close() {}
    };

    /** A task of {@code total} steps, named {@code what} to the watcher; closed when it ends. */
    Task start(String what, int total);

    /** One task under way; {@link #step} may be called from several threads at once. */
    interface Task extends AutoCloseable {
        void step();

        @Override
        void close();
    }
}
