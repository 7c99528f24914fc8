package tp.sweep;

import java.io.Serializable;

/**
 * The numbers of one cell of a sweep: at finite width, {@code values[s][o]} is recorded output
 * {@code o} at seed {@code seed + s}; in the limit, {@code values[0][o]} is output o's limit and
 * {@code values[1][o]} its error (bound plus standard error).
 */
public record Cell(int index, double[][] values) implements Serializable {}
