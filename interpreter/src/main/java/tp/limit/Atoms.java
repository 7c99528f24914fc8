package tp.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * The Gaussian atoms of the limit: the initial vectors and the Ẑ of every MatMul. Atoms of one
 * family (one declared group of vectors; one matrix in one direction) are jointly Gaussian with
 * a covariance that grows one row per atom; atoms of different families are independent.
 */
final class Atoms {
    /**
     * An atom; its label is for {@code tp explain} alone, so it is spelled out only when asked
     * for (a MatMul's names the expression it multiplies, which takes a walk of the program).
     */
    record Atom(int id, int family, int index, double mean, java.util.function.Supplier<String> name) {
        String label() {
            return name.get();
        }
    }

    private final List<Atom> atoms = new ArrayList<>();
    /** Per family: the lower triangle of its covariance, row by row. */
    private final List<List<double[]>> covariance = new ArrayList<>();
    private final List<List<Integer>> members = new ArrayList<>();
    /** Per family: its atoms' ids, unboxed (the first {@code members.get(f).size()} entries). */
    private final List<int[]> memberIds = new ArrayList<>();
    private final List<String> familyNames = new ArrayList<>();

    int newFamily(String name) {
        covariance.add(new ArrayList<>());
        members.add(new ArrayList<>());
        memberIds.add(new int[8]);
        familyNames.add(name);
        return familyNames.size() - 1;
    }

    /** {@link #add(int, double, double[], java.util.function.Supplier)} with a label at hand. */
    int add(int family, double mean, double[] row, String label) {
        return add(family, mean, row, () -> label);
    }

    /** Adds an atom; {@code row} holds its covariance with the family's earlier atoms, then its variance. */
    int add(int family, double mean, double[] row, java.util.function.Supplier<String> label) {
        List<double[]> cov = covariance.get(family);
        if (row.length != cov.size() + 1) throw new IllegalArgumentException("row of " + row.length + " for " + cov.size());
        int id = atoms.size();
        atoms.add(new Atom(id, family, cov.size(), mean, label));
        cov.add(row.clone());
        members.get(family).add(id);
        int[] ids = memberIds.get(family);
        if (cov.size() > ids.length) memberIds.set(family, ids = java.util.Arrays.copyOf(ids, 2 * ids.length));
        ids[cov.size() - 1] = id;
        return id;
    }

    Atom atom(int id) {
        return atoms.get(id);
    }

    int size() {
        return atoms.size();
    }

    double mean(int id) {
        return atoms.get(id).mean();
    }

    double cov(int a, int b) {
        Atom x = atoms.get(a);
        Atom y = atoms.get(b);
        if (x.family() != y.family()) return 0;
        List<double[]> cov = covariance.get(x.family());
        return x.index() >= y.index() ? cov.get(x.index())[y.index()] : cov.get(y.index())[x.index()];
    }

    /**
     * The forms whose Σ·coefs are kept ({@link Affine}): the last few computed. A moment pairs a
     * new vector with earlier ones soon after it is made, so these are the ones asked for again;
     * keeping all of them would hold one array the size of all atoms per vector.
     */
    private final Affine[] kept = new Affine[256];
    private int nextKept;

    void keep(Affine x) {
        Affine old = kept[nextKept];
        if (old != null && old != x) old.dropSigma();
        kept[nextKept] = x;
        nextKept = (nextKept + 1) % kept.length;
    }

    /** s[b] += k·Cov(atom, b) for every atom b of the atom's family (so far). */
    void addRow(int atom, double k, double[] s) {
        Atom x = atoms.get(atom);
        List<double[]> cov = covariance.get(x.family());
        int[] m = memberIds.get(x.family());
        int size = cov.size();
        double[] row = cov.get(x.index());
        for (int j = 0; j < x.index(); j++) s[m[j]] += k * row[j];
        for (int j = x.index(); j < size; j++) s[m[j]] += k * cov.get(j)[x.index()];
    }

    List<Integer> members(int family) {
        return members.get(family);
    }

    String familyName(int family) {
        return familyNames.get(family);
    }

    int families() {
        return familyNames.size();
    }
}
