package tp.limit;

import java.util.ArrayList;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;

/**
 * Tier 1: exact Gaussian algebra. The integrand is expanded into a sum of products of affine
 * forms and known functions of affine forms; affine factors are removed by Gaussian integration
 * by parts (Isserlis/Wick for polynomials, Stein's lemma next to a nonlinearity); what remains
 * is a closed form of one or two Gaussians. Declines otherwise.
 */
final class ExactTier implements ExpectationTier {
    private static final int MAX_TERMS = 512;

    /** A factor φ(L). */
    private record Nonlin(Op op, Linear arg) {}

    /** coef × Π poly × Π nonlin. */
    private record Term(double coef, List<Linear> poly, List<Nonlin> nonlin) {}

    private final Atoms atoms;
    /** Integrates what algebra leaves without a closed form (lower-dimensional than the whole); may be null. */
    private final QuadratureTier quadrature;
    /** During one expectation: the tolerance, error and method of the base cases handed to quadrature. */
    private double tol;
    private double fallbackError;
    /** Σ |weight| (scale − |value|) over the closed forms met whose terms are larger than their value (see {@link Op#gaussianPairScale}). */
    private double closedFormExcess;
    /** Σ |weight| × what the errors of a closed form's variances and covariance make of it (see {@link AtomPairs#inherited}). */
    private double inheritedError;
    private boolean usedQuadrature;

    ExactTier(Atoms atoms, QuadratureTier quadrature) {
        this.atoms = atoms;
        this.quadrature = quadrature;
    }

    /**
     * Declines an integrand whose arithmetic top is too large to expand (see {@link #tooLarge})
     * or that the algebra does not reduce to closed forms (or, with a quadrature tier, to one- and
     * two-dimensional remainders it can integrate). The reasons name the next method to try, as
     * they reach the user only when exactness is forced.
     */
    @Override
    public Estimate expect(Fn f, double tol) {
        Estimate pair = AtomPairs.of(f, atoms);
        if (pair != null) return pair;
        if (tooLarge(f)) {
            throw new Expectations.Unavailable("no exact method for this expectation: its expansion is too large (use --method quadrature)");
        }
        this.tol = tol;
        Estimate e = algebra(f);
        if (e == null) throw new Expectations.Unavailable("no exact method for this expectation (use --method quadrature)");
        return e;
    }

    /**
     * The algebra expands the sums and products at the top of an integrand into at most 512
     * terms of at most 13 factors each, so it cannot succeed when that part, unfolded as a tree,
     * has more than this many nodes; and unfolding a DAG (a value used twice, at every level of a
     * deep program) takes time exponential in its depth. Such integrands are declined at once
     * (in auto, quadrature takes them).
     */
    static final long MAX_ALGEBRA_TREE = 100_000;

    /** The size of f's arithmetic top (sums, products, quotients, powers, negations) unfolded as a tree, beyond the bound. */
    static boolean tooLarge(Fn f) {
        if (!(f instanceof Fn.Apply root) || root.treeSize() <= MAX_ALGEBRA_TREE) return false;
        if (Linear.of(f) != null) return false;     // affine: Gaussian, whatever its size
        java.util.IdentityHashMap<Fn, Long> size = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Fn.Apply> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Fn.Apply a = todo.peek();
            if (size.containsKey(a)) {
                todo.pop();
                continue;
            }
            boolean ready = true;
            if (arithmetic(a.op())) {
                for (Fn x : a.args()) {
                    if (x instanceof Fn.Apply b && !size.containsKey(b)) {
                        todo.push(b);
                        ready = false;
                    }
                }
            }
            if (!ready) continue;
            todo.pop();
            long s = 1;
            if (arithmetic(a.op())) {
                for (Fn x : a.args()) s = Math.min(Long.MAX_VALUE / 4, s + (x instanceof Fn.Apply ? size.get(x) : 1));
            }
            size.put(a, s);
        }
        return size.get(root) > MAX_ALGEBRA_TREE;
    }

    private static boolean arithmetic(Op op) {
        switch (op) {
            case ADD: case SUB: case MUL: case DIV: case POW: case NEG: return true;
            default: return false;
        }
    }

    /** E f over the atoms, or null when the algebra does not reduce it to closed forms. */
    private Estimate algebra(Fn f) {
        List<Term> terms = expand(f);
        if (terms == null) return null;
        double sum = 0;
        double scale = 0;
        fallbackError = 0;
        closedFormExcess = 0;
        inheritedError = 0;
        usedQuadrature = false;
        for (Term term : terms) {
            Term t = tilted(term);
            if (!Double.isFinite(t.coef())) return null;
            double v = ibp(t.poly(), t.nonlin(), 0, t.coef());
            if (Double.isNaN(v)) return null;
            sum += t.coef() * v;
            scale += Math.abs(t.coef() * v);
        }
        scale += closedFormExcess;
        double rounding = 8 * Math.ulp(Math.max(scale, Math.abs(sum))) * Math.max(1, terms.size());
        return new Estimate(sum, rounding + fallbackError + inheritedError, 0,
                usedQuadrature ? Estimate.Method.QUADRATURE : Estimate.Method.EXACT);
    }

    /**
     * Exponential tilting (Cameron–Martin): E[e^L R(M…)] = E[e^L] E[R(M + Cov(L, M)…)], so every
     * exp of an affine form leaves the integrand, shifting the other forms.
     */
    private Term tilted(Term t) {
        Linear l = null;
        List<Nonlin> rest = new ArrayList<>();
        for (Nonlin f : t.nonlin()) {
            if (f.op() == Op.EXP) l = l == null ? f.arg() : l.plus(f.arg());
            else rest.add(f);
        }
        if (l == null) return t;
        double factor = Math.exp(l.mean(atoms) + l.cov(l, atoms) / 2);
        Linear centred = new Linear(0, l.coefs());
        List<Linear> poly = new ArrayList<>();
        for (Linear p : t.poly()) poly.add(new Linear(p.constant() + centred.cov(p, atoms), p.coefs()));
        List<Nonlin> nl = new ArrayList<>();
        for (Nonlin f : rest) nl.add(new Nonlin(f.op(), new Linear(f.arg().constant() + centred.cov(f.arg(), atoms), f.arg().coefs())));
        return new Term(t.coef() * factor, poly, nl);
    }

    private List<Term> expand(Fn f) {
        Linear lin = Linear.of(f);
        if (lin != null) {
            if (lin.coefs().isEmpty()) return List.of(new Term(lin.constant(), List.of(), List.of()));
            List<Term> out = new ArrayList<>();
            if (lin.constant() != 0) out.add(new Term(lin.constant(), List.of(), List.of()));
            out.add(new Term(1, List.of(new Linear(0, lin.coefs())), List.of()));
            return out;
        }
        if (!(f instanceof Fn.Apply a)) return null;
        switch (a.op()) {
            case ADD: case SUB: {
                List<Term> x = expand(a.arg(0));
                List<Term> y = expand(a.arg(1));
                if (x == null || y == null || x.size() + y.size() > MAX_TERMS) return null;
                List<Term> out = new ArrayList<>(x);
                for (Term t : y) out.add(a.op() == Op.SUB ? new Term(-t.coef(), t.poly(), t.nonlin()) : t);
                return out;
            }
            case NEG: {
                List<Term> x = expand(a.arg(0));
                if (x == null) return null;
                List<Term> out = new ArrayList<>();
                for (Term t : x) out.add(new Term(-t.coef(), t.poly(), t.nonlin()));
                return out;
            }
            case MUL: return product(expand(a.arg(0)), expand(a.arg(1)));
            case DIV: {
                if (!(a.arg(1) instanceof Fn.Const c)) return null;
                List<Term> x = expand(a.arg(0));
                if (x == null) return null;
                List<Term> out = new ArrayList<>();
                for (Term t : x) out.add(new Term(t.coef() / c.value(), t.poly(), t.nonlin()));
                return out;
            }
            case POW: {
                if (!(a.arg(1) instanceof Fn.Const c)) return null;
                double p = c.value();
                if (p != Math.rint(p) || p < 0 || p > 8) return null;
                List<Term> base = expand(a.arg(0));
                List<Term> out = List.of(new Term(1, List.of(), List.of()));
                for (int i = 0; i < (int) p && out != null; i++) out = product(out, base);
                return out;
            }
            default: {
                if (a.arity() != 1) return null;
                Linear arg = Linear.of(a.arg(0));
                if (arg == null) return null;
                return List.of(new Term(1, List.of(), List.of(new Nonlin(a.op(), arg))));
            }
        }
    }

    private static List<Term> product(List<Term> x, List<Term> y) {
        if (x == null || y == null || (long) x.size() * y.size() > MAX_TERMS) return null;
        List<Term> out = new ArrayList<>();
        for (Term s : x) {
            for (Term t : y) {
                List<Linear> poly = new ArrayList<>(s.poly());
                poly.addAll(t.poly());
                List<Nonlin> nl = new ArrayList<>(s.nonlin());
                nl.addAll(t.nonlin());
                if (poly.size() > 10 || nl.size() > 3) return null;
                out.add(new Term(s.coef() * t.coef(), poly, nl));
            }
        }
        return out;
    }

    /**
     * E[Π poly · Π φ_i(M_i)] by integration by parts on the first affine factor:
     * E[L R] = E[L] E[R] + Σ Cov(L, ·) E[∂R/∂·].
     */
    private double ibp(List<Linear> poly, List<Nonlin> nl, int depth, double weight) {
        if (depth > 40) return Double.NaN;
        if (poly.isEmpty()) return base(nl, weight);
        // integrate by parts first on a factor independent of every nonlinearity: no derivative needed
        int pick = 0;
        for (int i = 0; i < poly.size() && pick == 0; i++) {
            Linear centred = new Linear(0, poly.get(i).coefs());
            boolean free = true;
            for (Nonlin f : nl) free &= centred.cov(f.arg(), atoms) == 0;
            if (free) pick = i;
        }
        Linear first = poly.get(pick);
        List<Linear> rest = new ArrayList<>(poly);
        rest.remove(pick);
        double total = 0;
        double m = first.mean(atoms);
        if (m != 0) {
            double v = ibp(rest, nl, depth + 1, weight * m);
            if (Double.isNaN(v)) return v;
            total += m * v;
        }
        Linear centred = new Linear(0, first.coefs());
        for (int j = 0; j < rest.size(); j++) {
            double c = centred.cov(rest.get(j), atoms);
            if (c == 0) continue;
            List<Linear> without = new ArrayList<>(rest);
            without.remove(j);
            double v = ibp(without, nl, depth + 1, weight * c);
            if (Double.isNaN(v)) return v;
            total += c * v;
        }
        for (int i = 0; i < nl.size(); i++) {
            double c = centred.cov(nl.get(i).arg(), atoms);
            if (c == 0) continue;
            Nonlin f = nl.get(i);
            List<Nonlin> others = new ArrayList<>(nl);
            others.remove(i);
            double v = derivativeTerm(f, rest, others, depth, weight * c);
            if (Double.isNaN(v)) return v;
            total += c * v;
        }
        return total;
    }

    /**
     * E[rest · φ'(M) · others]: φ' from the function table, expanded and integrated by parts in
     * turn. A jump's derivative is a delta: no.
     */
    private double derivativeTerm(Nonlin f, List<Linear> rest, List<Nonlin> others, int depth, double weight) {
        if (f.op() == Op.ID) return ibp(rest, others, depth + 1, weight);
        if (f.op().jumps()) return Double.NaN;
        List<Term> expanded = expand(Fns.partial(f.op(), List.of(f.arg().fn()), 0));
        if (expanded == null) return Double.NaN;
        double total = 0;
        for (Term t : expanded) {
            List<Linear> poly = new ArrayList<>(rest);
            poly.addAll(t.poly());
            List<Nonlin> nl = new ArrayList<>(others);
            nl.addAll(t.nonlin());
            if (nl.size() > 3) return Double.NaN;
            double v = ibp(poly, nl, depth + 1, weight * t.coef());
            if (Double.isNaN(v)) return v;
            total += t.coef() * v;
        }
        return total;
    }

    private double base(List<Nonlin> nl, double weight) {
        if (nl.isEmpty()) return 1;
        double v = Double.NaN;
        if (nl.size() == 1) {
            Linear l = nl.get(0).arg();
            double m = l.mean(atoms);
            double q = l.cov(l, atoms);
            v = Op.gaussianMean(nl.get(0).op(), m, q);
            if (!Double.isNaN(v)) {
                double excess = Op.gaussianMeanScale(nl.get(0).op(), m, q, v) - Math.abs(v);
                if (excess > 0) closedFormExcess += Math.abs(weight) * excess;
            }
        } else if (nl.size() == 2) {
            Linear u = nl.get(0).arg();
            Linear w = nl.get(1).arg();
            double m1 = u.mean(atoms);
            double m2 = w.mean(atoms);
            double[] dq1 = new double[1];
            double[] dq2 = new double[1];
            double[] dc = new double[1];
            double q1 = u.cov(u, atoms, dq1);
            double q2 = w.cov(w, atoms, dq2);
            double c = u.cov(w, atoms, dc);
            v = Op.gaussianPair(nl.get(0).op(), nl.get(1).op(), m1, m2, q1, q2, c);
            // terms the closed form adds that are larger than its value: their rounding, not the value's
            if (!Double.isNaN(v)) {
                double excess = Op.gaussianPairScale(nl.get(0).op(), nl.get(1).op(), m1, m2, q1, q2, c, v) - Math.abs(v);
                if (excess > 0) closedFormExcess += Math.abs(weight) * excess;
                // and what the errors of q1, q2 and c (the entries they sum, and the sums' rounding) make of it,
                // as AtomPairs carries them (one form with itself keeps ρ = 1 exactly)
                double dcov = u.equals(w) ? -1 : dc[0];
                if (dq1[0] > 0 || dq2[0] > 0 || dcov > 0) {
                    inheritedError += Math.abs(weight)
                            * AtomPairs.inherited(nl.get(0).op(), nl.get(1).op(), m1, m2, q1, q2, c, v, dq1[0], dq2[0], dcov);
                }
            }
        }
        if (!Double.isNaN(v) || quadrature == null) return v;
        // no closed form: integrate the product of the nonlinearities alone (few directions) by quadrature
        Fn product = Fns.ONE;
        for (Nonlin f : nl) product = Fns.mul(product, Fns.apply(f.op(), f.arg().fn()));
        Estimate e = quadrature.integrate(product, tol);
        if (!Double.isFinite(e.error())) return Double.NaN;
        usedQuadrature = true;
        fallbackError += Math.abs(weight) * e.error();
        return e.value();
    }

}
