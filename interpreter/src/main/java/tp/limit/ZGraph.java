package tp.limit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tp.fn.Fn;

/**
 * The Master Theorem's Z graph as far as the program has been followed: the Gaussian atoms and
 * their families, per matrix direction the MatMuls so far (what a later Ẑ's covariance row and Ż
 * are built from), every vector's Z as a function of atoms, every scalar's limit and its series
 * in n. {@link LimitBackend} grows it one step at a time; when the deterministic tiers give way,
 * {@link ParticleEngine} samples the same atoms and continues from the same state, so the two
 * engines never keep two versions of one fact.
 */
final class ZGraph {
    /** A matrix in one direction, W x or Wᵀ y: each direction has a family of atoms of its own. */
    record Direction(int matrix, boolean transposed) {
        Direction opposite() {
            return new Direction(matrix, !transposed);
        }
    }

    /**
     * How a vector's Z was obtained: the steps whose numerical error it inherits (each counted
     * once, with unit sensitivity: a heuristic bound) and the worst method among them.
     */
    static final class VectorInfo {
        private final Fn z;
        private final Affine affine;
        private final BitSet sources;
        private final Estimate.Method method;
        /**
         * For a Z that is not affine: a bound of √E[(Ẑ − Z)²], what the coefficient errors of the
         * forms it is a function of make of it ({@link FormErrors}); 0 when none carries one, NaN when
         * not bounded. (An affine Z's is its form's {@link Affine#err}.)
         */
        private final double deviation;

        VectorInfo(Fn z, BitSet sources, Estimate.Method method) {
            this(z, null, sources, method, 0);
        }

        private VectorInfo(Fn z, Affine affine, BitSet sources, Estimate.Method method) {
            this(z, affine, sources, method, 0);
        }

        private VectorInfo(Fn z, Affine affine, BitSet sources, Estimate.Method method, double deviation) {
            this.z = z;
            this.affine = affine;
            this.sources = sources;
            this.method = method;
            this.deviation = deviation;
        }

        /** The same vector with this {@link #deviation} (for a Z that is not affine; itself otherwise, or for 0). */
        VectorInfo withDeviation(double d) {
            return affine != null || d == 0 ? this : new VectorInfo(z, affine, sources, method, d);
        }

        /** See the field: 0 for an affine Z (whose form says it). */
        double deviation() {
            return deviation;
        }

        /**
         * A vector whose Z is affine in the atoms: kept as the form, and as a function too when it
         * is short (a long one is built when asked for, and not kept).
         */
        static VectorInfo affine(Affine a, BitSet sources, Estimate.Method method) {
            return new VectorInfo(a.size() <= SHORT ? a.fn() : null, a, sources, method);
        }

        /** The same vector with its affine form's error bound widened by e (see {@link Affine#err}). */
        VectorInfo withAffineError(double e) {
            return affine == null || e == 0 ? this : new VectorInfo(z, affine.plusError(e), sources, method);
        }

        /** {@code z} with its affine form when it has one (and is short enough to read from the tree). */
        static VectorInfo of(Fn z, BitSet sources, Estimate.Method method) {
            // (a lone atom is its own form, exactly: nothing was flattened)
            if (z instanceof Fn.Ref r && r.kind() == Fn.Kind.VECTOR) return new VectorInfo(z, Affine.atom(r.id()), sources, method);
            Linear l = z instanceof Fn.Apply a && a.treeSize() > 4 * SHORT ? null : Linear.of(z);
            return new VectorInfo(z, l == null ? null : Affine.of(l), sources, method);
        }

        /** Forms with at most this many atoms keep their function. */
        static final int SHORT = 64;

        /** Z as a function of the atoms. */
        Fn z() {
            return z != null ? z : affine.fn();
        }

        /** The atom Z is, when Z is one atom alone; else -1 (without building a long form's function). */
        int loneAtom() {
            if (z != null) return z instanceof Fn.Ref r ? r.id() : -1;
            return -1;
        }

        /** Z's affine form, or null when Z is not affine in the atoms. */
        Affine affine() {
            return affine;
        }

        BitSet sources() {
            return sources;
        }

        Estimate.Method method() {
            return method;
        }
    }

    private final Atoms atoms = new Atoms();
    private final Map<Direction, Integer> families = new HashMap<>();
    /** Per direction: the MatMuls so far, as (input value id, atom id). */
    private final Map<Direction, List<int[]>> matmuls = new HashMap<>();
    private final ValueMap<VectorInfo> vectors;
    private final ValueMap<Estimate> scalars;
    /** Each scalar's limit as a series in n with its remainder (a Moment's is O(n^-1/2)). */
    private final ValueMap<ScalarLimit.Series> series;

    ZGraph(int values) {
        this.vectors = new ValueMap<>(values);
        this.scalars = new ValueMap<>(values);
        this.series = new ValueMap<>(values);
    }

    Atoms atoms() {
        return atoms;
    }

    /** A new matrix: its forward family, then its transposed one, neither with a MatMul yet. */
    void addMatrix(int matrix, String name) {
        for (boolean transposed : new boolean[] {false, true}) {
            Direction d = new Direction(matrix, transposed);
            families.put(d, atoms.newFamily(transposed ? name + "ᵀ" : name));
            matmuls.put(d, new ArrayList<>());
        }
    }

    /** The family of atoms of every matrix direction so far. */
    Map<Direction, Integer> families() {
        return Collections.unmodifiableMap(families);
    }

    /** The MatMuls in direction d so far, in program order, as (input value id, atom id). */
    List<int[]> matmuls(Direction d) {
        return Collections.unmodifiableList(matmuls.get(d));
    }

    void addMatMul(Direction d, int input, int atom) {
        matmuls.get(d).add(new int[] {input, atom});
    }

    VectorInfo vector(int id) {
        return vectors.get(id);
    }

    void putVector(int id, VectorInfo v) {
        vectors.put(id, v);
    }

    Estimate scalar(int id) {
        return scalars.get(id);
    }

    void putScalar(int id, Estimate e) {
        scalars.put(id, e);
    }

    /** A scalar's series in n: a Moment's is its limit m̊ up to its O(n^-1/2) fluctuation, made when asked for. */
    ScalarLimit.Series series(int id) {
        ScalarLimit.Series s = series.get(id);
        return s != null || scalar(id) == null ? s : ScalarLimit.Series.moment(scalar(id).value());
    }

    /**
     * The power of the remainder of a scalar's series when that series is a constant (a Moment's
     * is, with O(n^-1/2): see {@link #series}); NaN when it may have terms in n.
     */
    double constantNoise(int id) {
        ScalarLimit.Series s = series.get(id);
        if (s == null) return scalar(id) == null ? Double.NaN : ScalarLimit.MOMENT_NOISE;
        return s.isConstant() ? s.noise() : Double.NaN;
    }

    void putSeries(int id, ScalarLimit.Series s) {
        series.put(id, s);
    }
}
