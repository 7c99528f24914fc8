package tp.sweep;

import tp.pipeline.OptionError;

/**
 * {@code --shard i/k}: the i-th of k deterministic slices of a sweep's cells (1 ≤ i ≤ k), for job
 * arrays. Cell c belongs to shard {@code c mod k + 1}: round robin over the canonical order, so
 * every shard gets a share of every width.
 */
public record Shard(int i, int k) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (k < 1 || i < 1 || i > k) throw new OptionError("--shard must be i/k with 1 ≤ i ≤ k; got " + i + "/" + k);
    }

    public static Shard parse(String s) {
        String[] p = s.strip().split("/", -1);
        if (p.length != 2) throw new OptionError("--shard must be i/k, as in 2/8; got " + s);
        try {
            return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (NumberFormatException e) {
            throw new OptionError("--shard must be i/k with whole numbers, as in 2/8; got " + s);
        }
    }

    public boolean holds(int cell) {
        return cell % k == i - 1;
    }

    @Override
    public String toString() {
        return i + "/" + k;
    }
}
