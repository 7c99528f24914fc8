package tp.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tp.fn.Compiled;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;
import tp.fn.Regularity;
import tp.numerics.Gaussian;
import tp.numerics.Normal;

/**
 * Tier 2: deterministic quadrature over the joint Gaussian law of the distinct affine forms an
 * integrand depends on — not over the atoms: a function of two affine forms of a hundred atoms
 * is a two-dimensional integral. A rank-revealing change of variables {@code forms = μ + F z}
 * leaves z standard normal in r = rank dimensions.
 *
 * <p>Where the integrand is not analytic is known from the function table: at the zero sets of
 * its kinks', jumps' and singularities' arguments. When those are affine in the forms (lines in
 * z), one- and two-dimensional integrals are split exactly there and integrated by adaptive
 * Gauss–Kronrod on pieces that are each analytic, so the Kronrod estimate is an honest error;
 * a break whose position is not an affine form is not guessed at: quadrature declines. Analytic
 * integrands use tensor Gauss–Hermite, the degree raised until two successive estimates agree.
 * Truncating the box costs at most the tail bound computed from the integrand's growth.
 */
final class QuadratureTier implements ExpectationTier {
    private static final double BOX = 8.5;
    /** Beyond this many Gaussian directions, an analytic integrand gives way to particles. */
    private static final int MAX_SMOOTH_RANK = 5;
    /** A Gauss–Hermite estimate that has not settled below this is handed to particles. */
    private static final double UNSETTLED = 1e-6;
    private static final long MAX_POINTS = 500_000;
    private static final int[] DEGREES = {6, 10, 16, 24, 32, 48, 64, 96, 128, 192};
    private static final double MAX_WIDTH = 1.0;

    private final Atoms atoms;

    QuadratureTier(Atoms atoms) {
        this.atoms = atoms;
    }

    /**
     * The integrand as a function g of its distinct affine forms (refs 0..m−1), those forms as
     * {@code μ + F z}, and where g breaks: affine functions {@code c0 + c·z} (null if some
     * break is not affine).
     */
    private record Space(Compiled g, double[] mean, double[][] factor, int rank, List<double[]> breaks, Fn reduced) {}

    @Override
    public Estimate expect(Fn f, double tol) {
        Estimate e = integrate(f, tol);
        if (Double.isInfinite(e.error())) {
            throw new Expectations.Unavailable("quadrature cannot settle this expectation (too many Gaussian directions, or a kink "
                    + "or jump whose position is not an affine form); particles can (--method auto or particles)");
        }
        return e;
    }

    /**
     * E f, with an infinite error when quadrature cannot settle it: exact algebra asks this of the
     * low-dimensional remainders it has no closed form for, and computes without them otherwise.
     */
    Estimate integrate(Fn f, double tol) {
        Space s = space(f);
        if (s.rank() == 0) {
            double v = s.g().eval(s.mean(), s.g().scratch());
            return new Estimate(v, 0, 0, Estimate.Method.EXACT);
        }
        if (s.breaks() == null) return unavailable();
        if (!s.breaks().isEmpty()) {
            if (s.rank() > 2) return unavailable();
            return adaptive(s, tol);
        }
        if (s.rank() > MAX_SMOOTH_RANK) return unavailable();
        // in one and two dimensions adaptive Gauss–Kronrod, whose error estimate is reliable on analytic
        // pieces; Gauss–Hermite's successive differences can agree while an integrand with a narrow
        // analytic strip (tanh of a wide Gaussian) is still far off
        if (s.rank() <= 2) {
            Estimate a = adaptive(s, tol);
            if (Double.isFinite(a.error())) return a;
        }
        Estimate gh = hermite(s, tol);
        if (!(gh.error() <= UNSETTLED)) return unavailable();
        return gh;
    }

    private static Estimate unavailable() {
        return new Estimate(Double.NaN, Double.POSITIVE_INFINITY, 0, Estimate.Method.QUADRATURE);
    }

    /** Integrands with a kink, a jump or a singularity somewhere (from the function table). */
    static boolean kinked(Fn f) {
        for (Op op : Op.values()) if (op.shape() != Op.Shape.SMOOTH && f.uses(op)) return true;
        return false;
    }

    private Space space(Fn f) {
        // the maximal affine subtrees, each distinct form once
        Map<Linear, Integer> forms = new LinkedHashMap<>();
        IdentityHashMap<Fn, Linear> linear = new IdentityHashMap<>();
        Fn reduced = reduce(f, forms, linear, new IdentityHashMap<>());
        List<Linear> list = new ArrayList<>(forms.keySet());
        int m = list.size();
        double[] mean = new double[m];
        double[][] cov = new double[m][m];
        for (int a = 0; a < m; a++) {
            mean[a] = list.get(a).mean(atoms);
            for (int b = 0; b <= a; b++) cov[a][b] = cov[b][a] = list.get(a).cov(list.get(b), atoms);
        }
        for (int a = 0; a < m; a++) {
            if (!Double.isFinite(mean[a]) || !Double.isFinite(cov[a][a])) throw new Expectations.Undefined(Expectations.INFINITE);
        }
        double[][] factor = Gaussian.factor(cov);
        int r = factor.length == 0 ? 0 : factor[0].length;
        return new Space(Compiled.of(reduced), mean, factor, r, breaks(reduced, mean, cov, factor), reduced);
    }

    /** f with each maximal affine subtree replaced by a ref to its form's index. */
    private static Fn reduce(Fn f, Map<Linear, Integer> forms, IdentityHashMap<Fn, Linear> linear, IdentityHashMap<Fn, Fn> memo) {
        if (f instanceof Fn.Const) return f;
        Fn hit = memo.get(f);
        if (hit != null) return hit;
        Linear l = Linear.of(f, linear);
        Fn out;
        if (l != null) {
            if (l.coefs().isEmpty()) {
                out = Fns.c(l.constant());
            } else {
                Integer id = forms.get(l);
                if (id == null) {
                    id = forms.size();
                    forms.put(l, id);
                }
                out = new Fn.Ref(id, Fn.Kind.VECTOR);
            }
        } else if (f instanceof Fn.Apply a) {
            List<Fn> args = new ArrayList<>();
            for (Fn x : a.args()) args.add(reduce(x, forms, linear, memo));
            out = new Fn.Apply(a.op(), args);
        } else {
            throw new IllegalArgumentException("not an integrand over atoms: " + f);
        }
        memo.put(f, out);
        return out;
    }

    /**
     * Every break of g (from the function table) as a line c0 + c·z, or null when some break's
     * position is not the zero set of affine forms. A break whose argument cannot reach 0 (by its
     * range) is no break.
     */
    private static List<double[]> breaks(Fn g, double[] mean, double[][] cov, double[][] factor) {
        List<double[]> out = new ArrayList<>();
        int r = factor.length == 0 ? 0 : factor[0].length;
        // (each form's whole variance, the directions the factor drops included: a break they move is a break)
        Regularity ranges = new Regularity(f -> f instanceof Fn.Ref x
                ? Regularity.Profile.gaussian(mean[x.id()], Math.max(cov[x.id()][x.id()], variance(factor[x.id()]))) : null);
        java.util.Set<Fn> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Fn> todo = new java.util.ArrayDeque<>();
        todo.push(g);
        IdentityHashMap<Fn, Linear> memo = new IdentityHashMap<>();
        while (!todo.isEmpty()) {
            Fn x = todo.pop();
            if (!(x instanceof Fn.Apply a) || !seen.add(x)) continue;
            for (Fn arg : a.args()) todo.push(arg);
            for (Fn b : a.op().breaks(a.args())) {
                if (!ranges.of(b).range().contains(0)) continue;
                List<Linear> zeros = zeroSets(b, memo);
                if (zeros == null) return null;
                for (Linear l : zeros) {
                    double[] line = new double[r + 1];
                    line[0] = l.constant();
                    for (Map.Entry<Integer, Double> e : l.coefs().entrySet()) {
                        int form = e.getKey();
                        line[0] += e.getValue() * mean[form];
                        for (int k = 0; k < r; k++) line[k + 1] += e.getValue() * factor[form][k];
                    }
                    refuseDropped(l, cov, line);
                    boolean constant = true;
                    for (int k = 1; k <= r; k++) constant &= line[k] == 0;
                    if (!constant) out.add(line);
                }
            }
        }
        return out;
    }

    /**
     * Refuses a break whose argument l (an affine form of the forms) moves mostly in directions the
     * factor dropped (eigenvalues below {@link Gaussian#RELATIVE_RANK_TOLERANCE} of the largest
     * entry): its variance from the covariance, w'Σw, beyond twice what the kept directions give
     * (|Fᵀw|², the line's coefficients) and beyond the rounding of that sum. Integrated without
     * them, the break would sit where it does not (step(x1 − x2) for x1, x2 of correlation
     * 1 − 1e-15 read as step(x1)); particles sample the family with the same direction dropped.
     */
    private static void refuseDropped(Linear l, double[][] cov, double[] line) {
        double whole = 0;
        double size = 0;
        for (Map.Entry<Integer, Double> a : l.coefs().entrySet()) {
            size += Math.abs(a.getValue()) * Math.sqrt(Math.max(cov[a.getKey()][a.getKey()], 0));
            for (Map.Entry<Integer, Double> b : l.coefs().entrySet()) {
                whole += a.getValue() * b.getValue() * cov[a.getKey()][b.getKey()];
            }
        }
        double kept = 0;
        for (int k = 1; k < line.length; k++) kept += line[k] * line[k];
        if (!(whole > 2 * kept + 1e-12 * size * size)) return;
        double largest = 0;
        for (int a = 0; a < cov.length; a++) largest = Math.max(largest, cov[a][a]);
        throw new Expectations.Unresolved(String.format(java.util.Locale.ROOT,
                "its integrand jumps or kinks where an affine form of variance %s changes sign, and that variance lies "
                        + "along directions below what the tiers resolve (%s of the largest variance, %s): integrated or "
                        + "sampled without them, the break would be misplaced (see \"Accuracy bookkeeping\" in docs/limit.md)",
                tp.numerics.Numbers.twoDigits(whole), tp.numerics.Numbers.twoDigits(Gaussian.RELATIVE_RANK_TOLERANCE),
                tp.numerics.Numbers.twoDigits(largest)));
    }

    /** Affine forms whose zero sets make up the zero set of b, or null when it is not such a union. */
    private static List<Linear> zeroSets(Fn b, IdentityHashMap<Fn, Linear> memo) {
        Linear l = Linear.of(b, memo);
        if (l != null) return List.of(l);
        if (!(b instanceof Fn.Apply a)) return null;
        Op op = a.op();
        if (a.arity() == 1 && (op.zeros() == Op.Zeros.SIMPLE || op.zeros() == Op.Zeros.POINT)) {
            return zeroSets(a.arg(0), memo);
        }
        if (op == Op.POW && a.arg(1) instanceof Fn.Const e && e.value() > 0) return zeroSets(a.arg(0), memo);
        if (op == Op.MUL) {
            List<Linear> x = zeroSets(a.arg(0), memo);
            List<Linear> y = zeroSets(a.arg(1), memo);
            if (x == null || y == null) return null;
            List<Linear> both = new ArrayList<>(x);
            both.addAll(y);
            return both;
        }
        return null;
    }

    private static double variance(double[] row) {
        double s = 0;
        for (double v : row) s += v * v;
        return s;
    }

    private Estimate hermite(Space s, double tol) {
        double previous = Double.NaN;
        double diff = Double.POSITIVE_INFINITY;
        int r = s.rank();
        for (int q : DEGREES) {
            if (Math.pow(q, r) > MAX_POINTS) break;
            double v = tensor(s, GaussHermite.rule(q));
            if (Double.isNaN(v)) return unavailable();
            if (!Double.isNaN(previous)) {
                diff = Math.abs(v - previous);
                if (diff <= tol) return new Estimate(v, diff, 0, Estimate.Method.QUADRATURE);
            }
            previous = v;
        }
        if (Double.isNaN(previous)) previous = tensor(s, GaussHermite.rule(2));
        return new Estimate(previous, diff, 0, Estimate.Method.QUADRATURE);
    }

    /** Σ over the tensor grid of Gauss–Hermite nodes. */
    private double tensor(Space s, GaussHermite.Rule rule) {
        int r = s.rank();
        int q = rule.nodes().length;
        long total = (long) Math.pow(q, r);
        int m = s.mean().length;
        double[] forms = new double[m];
        double[] scratch = s.g().scratch();
        int[] digits = new int[r];
        double sum = 0;
        for (long p = 0; p < total; p++) {
            if ((p & 0xFFFF) == 0) tp.ir.Cancellation.check();
            double w = 1;
            for (int e = 0; e < r; e++) w *= rule.weights()[digits[e]];
            for (int a = 0; a < m; a++) {
                double v = s.mean()[a];
                double[] row = s.factor()[a];
                for (int e = 0; e < r; e++) v += row[e] * rule.nodes()[digits[e]];
                forms[a] = v;
            }
            sum += w * s.g().eval(forms, scratch);
            for (int e = 0; e < r; e++) {
                if (++digits[e] < q) break;
                digits[e] = 0;
            }
        }
        return sum;
    }

    private double pointValue(Space s, double[] forms, double[] scratch, double z1, double z2) {
        tp.fn.EvalBudget.tick();
        for (int a = 0; a < forms.length; a++) {
            double[] row = s.factor()[a];
            double v = s.mean()[a] + row[0] * z1;
            if (row.length > 1) v += row[1] * z2;
            forms[a] = v;
        }
        return s.g().eval(forms, scratch);
    }

    private Estimate adaptive(Space given, double tol) {
        // in two dimensions, a frame in which no break line is nearly vertical: a steep line sweeps the
        // whole inner range while z1 moves a little, a feature the outer Kronrod estimate could miss
        Space s = given.rank() == 2 ? upright(given) : given;
        Tails.Truncation cut = Tails.truncation(s.reduced(), s.mean(), s.factor(), BOX);
        double tail = cut.tail();
        double box = cut.box();
        if (!(tail < UNSETTLED)) return unavailable();
        double inner = tol / 4;
        double[] forms = new double[s.mean().length];
        double[] scratch = s.g().scratch();
        List<double[]> lines = s.breaks();
        if (s.rank() == 1) {
            double[] points = points1(lines, box);
            Kronrod.Result res = Kronrod.integrate(z -> pointValue(s, forms, scratch, z, 0) * Normal.pdf(z),
                    points, MAX_WIDTH, inner, 8000);
            if (!Double.isFinite(res.value()) || !Double.isFinite(res.error())) return unavailable();
            return new Estimate(res.value(), res.error() + tail, 0, Estimate.Method.QUADRATURE);
        }
        // outer z1: split where a break line is vertical, where two lines cross and where a line enters
        // or leaves the box; inner z2: where each line is crossed
        List<double[]> slanted = new ArrayList<>();
        TreeSet<Double> outer = new TreeSet<>();
        for (double[] l : lines) {
            if (Math.abs(l[2]) <= 1e-12 * Math.abs(l[1])) {
                addInside(outer, box, -l[0] / l[1]);
            } else {
                slanted.add(l);
                if (l[1] != 0) {
                    addInside(outer, box, (-l[0] - l[2] * box) / l[1]);
                    addInside(outer, box, (-l[0] + l[2] * box) / l[1]);
                }
            }
        }
        for (int i = 0; i < slanted.size(); i++) {
            for (int j = 0; j < i; j++) {
                double[] a = slanted.get(i);
                double[] b = slanted.get(j);
                double det = a[1] * b[2] - a[2] * b[1];
                if (Math.abs(det) <= 1e-14 * (Math.abs(a[1] * b[2]) + Math.abs(a[2] * b[1]))) continue;
                addInside(outer, box, (a[2] * b[0] - a[0] * b[2]) / det);
            }
        }
        double[] innerError = new double[1];
        double[] innerPoints = new double[slanted.size() + 2];
        Kronrod.Result res = Kronrod.integrate(z1 -> {
            int k = 0;
            innerPoints[k++] = -box;
            for (double[] l : slanted) {
                double t = -(l[0] + l[1] * z1) / l[2];
                if (t > -box && t < box) innerPoints[k++] = t;
            }
            innerPoints[k++] = box;
            double[] pts = Arrays.copyOf(innerPoints, k);
            Arrays.sort(pts);
            Kronrod.Result in = Kronrod.integrate(z2 -> pointValue(s, forms, scratch, z1, z2) * Normal.pdf(z2),
                    pts, MAX_WIDTH, inner / 4, 4000);
            innerError[0] = Math.max(innerError[0], in.error());
            return in.value() * Normal.pdf(z1);
        }, withBox(outer, box), MAX_WIDTH, inner, 4000);
        if (!Double.isFinite(res.value()) || !Double.isFinite(res.error() + innerError[0])) return unavailable();
        return new Estimate(res.value(), res.error() + innerError[0] + tail, 0, Estimate.Method.QUADRATURE);
    }

    /**
     * The two-dimensional space in a rotated frame z = Rᵀw (the law of w is still standard normal)
     * chosen among the identity and the rotations that make one break line exactly vertical: the
     * one whose other lines are furthest from vertical.
     */
    private static Space upright(Space s) {
        List<double[]> lines = s.breaks();
        double[] best = null;
        double bestScore = steepness(lines, 1, 0);
        for (double[] l : lines) {
            double norm = Math.hypot(l[1], l[2]);
            double cos = l[1] / norm;
            double sin = l[2] / norm;
            double score = steepness(lines, cos, sin);
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = new double[] {cos, sin};
            }
        }
        if (best == null) return s;
        double cos = best[0];
        double sin = best[1];
        double[][] factor = new double[s.factor().length][];
        for (int a = 0; a < factor.length; a++) {
            double[] row = s.factor()[a];
            // F Rᵀ with R = [[cos, sin], [−sin, cos]]
            factor[a] = new double[] {row[0] * cos + row[1] * sin, -row[0] * sin + row[1] * cos};
        }
        List<double[]> rotated = new ArrayList<>();
        for (double[] l : lines) rotated.add(rotate(l, cos, sin));
        return new Space(s.g(), s.mean(), factor, s.rank(), rotated, s.reduced());
    }

    private static double[] rotate(double[] l, double cos, double sin) {
        double c1 = cos * l[1] + sin * l[2];
        double c2 = -sin * l[1] + cos * l[2];
        // the line the rotation was built from is exactly vertical, not off by rounding
        if (Math.abs(c2) <= 1e-13 * Math.abs(c1)) c2 = 0;
        return new double[] {l[0], c1, c2};
    }

    /** The least |sin| of the angle to vertical over the lines not (exactly) vertical in the rotated frame; 1 if none. */
    private static double steepness(List<double[]> lines, double cos, double sin) {
        double least = 1;
        for (double[] l : lines) {
            double[] r = rotate(l, cos, sin);
            if (r[2] == 0) continue;
            least = Math.min(least, Math.abs(r[2]) / Math.hypot(r[1], r[2]));
        }
        return least;
    }

    private static double[] points1(List<double[]> lines, double box) {
        TreeSet<Double> cuts = new TreeSet<>();
        for (double[] l : lines) addInside(cuts, box, -l[0] / l[1]);
        return withBox(cuts, box);
    }

    private static void addInside(TreeSet<Double> cuts, double box, double t) {
        if (t > -box && t < box) cuts.add(t);
    }

    private static double[] withBox(TreeSet<Double> cuts, double box) {
        double[] out = new double[cuts.size() + 2];
        int k = 0;
        out[k++] = -box;
        for (double t : cuts) out[k++] = t;
        out[k] = box;
        return out;
    }
}
