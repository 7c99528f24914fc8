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
    /**
     * Per family: its covariance, row by row, each row reaching every atom of the family so far
     * (a row's array grows, doubling, as atoms join), so that a row is read in one pass.
     */
    private final List<List<double[]>> covariance = new ArrayList<>();
    private final List<List<Integer>> members = new ArrayList<>();
    /** Per family: its atoms' ids, unboxed (the first {@code members.get(f).size()} entries). */
    private final List<int[]> memberIds = new ArrayList<>();
    private final List<String> familyNames = new ArrayList<>();
    /** Per atom id: its family and its index in the family (unboxed, for {@link #addRow} and {@link #at}). */
    private int[] familyOf = new int[64];
    /**
     * Per family, per atom (by index): bounds on the numerical errors of its covariances with the
     * family's earlier atoms and of its variance, in the order of its row (null: all 0, as for
     * given inputs).
     */
    private final List<List<double[]>> errors = new ArrayList<>();
    private int[] indexOf = new int[64];
    /** Per atom id: its mean (unboxed, for {@link #mean}). */
    private double[] meanOf = new double[64];
    /**
     * Per atom id: its covariance row (the family's row at its index, the same array; a row that
     * grows is replaced in both places), so that {@link #cov} reads one array.
     */
    private double[][] rowOf = new double[64][];
    /** The largest √E[atom²] of the atoms so far. */
    private double largestRms;

    /** The largest √E[atom²] of the atoms so far (what bounds |E[atom · y]| / √E[y²] for any of them). */
    double largestRms() {
        return largestRms;
    }

    /** Per atom id: the largest error bound in its covariance row ({@link #rowErrors}; 0 for exact entries). */
    private double[] rowErrorMaxOf = new double[64];

    int newFamily(String name) {
        covariance.add(new ArrayList<>());
        errors.add(new ArrayList<>());
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
        int index = cov.size();
        atoms.add(new Atom(id, family, index, mean, label));
        if (id == familyOf.length) {
            familyOf = java.util.Arrays.copyOf(familyOf, 2 * id);
            indexOf = java.util.Arrays.copyOf(indexOf, 2 * id);
            meanOf = java.util.Arrays.copyOf(meanOf, 2 * id);
            rowOf = java.util.Arrays.copyOf(rowOf, 2 * id);
            rowErrorMaxOf = java.util.Arrays.copyOf(rowErrorMaxOf, 2 * id);
        }
        familyOf[id] = family;
        indexOf[id] = index;
        meanOf[id] = mean;
        largestRms = Math.max(largestRms, Math.sqrt(mean * mean + Math.max(row[index], 0)));
        int[] ids = memberIds.get(family);
        for (int j = 0; j < index; j++) {
            double[] r = cov.get(j);
            if (r.length <= index) {
                cov.set(j, r = java.util.Arrays.copyOf(r, 2 * r.length));
                rowOf[ids[j]] = r;
            }
            r[index] = row[j];
        }
        double[] own = java.util.Arrays.copyOf(row, Math.max(8, 2 * row.length));
        cov.add(own);
        rowOf[id] = own;
        errors.get(family).add(null);
        members.get(family).add(id);
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

    /**
     * Records bounds on the errors of the atom's covariance row as {@link #add} took it (its
     * covariances with the family's earlier atoms, then its variance); an atom without them has
     * exact entries.
     */
    void rowErrors(int atom, double[] errs) {
        double max = 0;
        for (double e : errs) max = Math.max(max, e);
        errors.get(familyOf[atom]).set(indexOf[atom], max > 0 ? errs.clone() : null);
        rowErrorMaxOf[atom] = max;
    }

    /**
     * A bound on the errors of every entry of the atom's covariance row: the error of Cov(a, b) is
     * at most the larger of the two atoms' (the later one's row holds the entry).
     */
    double rowErrorMax(int atom) {
        return rowErrorMaxOf[atom];
    }

    int familyOf(int atom) {
        return familyOf[atom];
    }

    /** A bound on the error of Cov(a, b) (of the variance when a = b): the later atom's row holds it; atoms of two families are independent, exactly. */
    double covError(int a, int b) {
        if (familyOf[a] != familyOf[b]) return 0;
        int i = Math.max(indexOf[a], indexOf[b]);
        double[] row = errors.get(familyOf[a]).get(i);
        return row == null ? 0 : row[Math.min(indexOf[a], indexOf[b])];
    }

    double mean(int id) {
        return meanOf[id];
    }

    double cov(int a, int b) {
        return familyOf[a] != familyOf[b] ? 0 : rowOf[a][indexOf[b]];
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

    /**
     * A Σ·x being summed: per family, one entry per atom of the family so far, so that adding an
     * atom's covariance row ({@link #addRow}) is one pass over two arrays.
     */
    double[][] newSigma() {
        double[][] s = new double[covariance.size()][];
        for (int f = 0; f < s.length; f++) s[f] = new double[covariance.get(f).size()];
        return s;
    }

    /** s[b] += k·Cov(atom, b) for every atom b of the atom's family that s reaches. */
    void addRow(int atom, double k, double[][] s) {
        double[] row = rowOf[atom];
        double[] sf = s[familyOf[atom]];
        for (int j = 0; j < sf.length; j++) sf[j] += k * row[j];
    }

    /** Scratch for {@link #familySums}: per family, its three sums; {@code stamp} says which are current. */
    private double[] sums = new double[0];
    private int[] stamp = new int[0];
    private int[] touched = new int[0];
    private int now;

    /**
     * A form's sums per family, for {@link #formBounds}: the families its atoms belong to,
     * increasing, each followed by Σ|c_a|, Σ|c_a| r_a and Σ|c_a| σ_a over its atoms there (r an
     * atom's {@link #rowErrorMax}, σ its standard deviation), as {family, s0, s1, s2, family, …}.
     * Fixed once the form's atoms are (their rows' errors are recorded as they are made).
     */
    double[] familySums(int[] ids, double[] coefs) {
        int families = families();
        if (stamp.length < families) {
            stamp = java.util.Arrays.copyOf(stamp, Math.max(families, 2 * stamp.length));
            sums = java.util.Arrays.copyOf(sums, 3 * stamp.length);
            touched = java.util.Arrays.copyOf(touched, stamp.length);
        }
        now++;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            int f = familyOf[id];
            if (stamp[f] != now) {
                stamp[f] = now;
                sums[3 * f] = sums[3 * f + 1] = sums[3 * f + 2] = 0;
                touched[count++] = f;
            }
            double c = Math.abs(coefs[i]);
            sums[3 * f] += c;
            sums[3 * f + 1] += c * rowErrorMaxOf[id];
            sums[3 * f + 2] += c * sd(id);
        }
        java.util.Arrays.sort(touched, 0, count);
        double[] out = new double[4 * count];
        for (int k = 0; k < count; k++) {
            int f = touched[k];
            out[4 * k] = f;
            out[4 * k + 1] = sums[3 * f];
            out[4 * k + 2] = sums[3 * f + 1];
            out[4 * k + 3] = sums[3 * f + 2];
        }
        return out;
    }

    /**
     * For forms x = Σ x_a atom_a and y = Σ y_b atom_b given by their {@link #familySums}, into
     * out[0] a bound on Σ_ab |x_a Σ_ab y_b|: Σ_f (Σ_{a∈f} |x_a| σ_a)(Σ_{b∈f} |y_b| σ_b) (|Σ_ab| ≤
     * σ_a σ_b; atoms of two families are independent); into out[1] a bound on Σ_ab |x_a| |y_b|
     * err(Σ_ab): Σ_f [(Σ_{a∈f} |x_a| r_a)(Σ_{b∈f} |y_b|) + (Σ_{a∈f} |x_a|)(Σ_{b∈f} |y_b| r_b)].
     */
    static void formBounds(double[] x, double[] y, double[] out) {
        double abs = 0;
        double errors = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            if (x[i] < y[j]) {
                i += 4;
            } else if (y[j] < x[i]) {
                j += 4;
            } else {
                abs += x[i + 3] * y[j + 3];
                errors += x[i + 2] * y[j + 1] + x[i + 1] * y[j + 2];
                i += 4;
                j += 4;
            }
        }
        // (with these sums' own rounding)
        out[0] = abs * (1 + 1e-12);
        out[1] = errors * (1 + 1e-12);
    }

    /** √Var of an atom. */
    double sd(int atom) {
        return Math.sqrt(Math.max(rowOf[atom][indexOf[atom]], 0));
    }

    /** The entry of s (see {@link #newSigma}) for an atom it reaches. */
    double at(double[][] s, int atom) {
        return s[familyOf[atom]][indexOf[atom]];
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
