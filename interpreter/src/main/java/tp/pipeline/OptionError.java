package tp.pipeline;

/**
 * An option value the pipeline cannot take (a width below 1, too few seeds, an unknown method):
 * raised before anything runs, so that every shell reports it the same way — the command line as
 * {@code tp: message} with exit 2, the REPL as an error line.
 */
public final class OptionError extends RuntimeException {
    public OptionError(String message) {
        super(message, null, false, false);
    }
}
