package tp.limit;

import java.util.ArrayList;
import java.util.List;
import tp.fn.Fn;
import tp.fn.Fns;
import tp.fn.Op;

/**
 * What the errors of affine forms' coefficients ({@link Affine#err}) make of a moment of a
 * nonlinear function of them. The tiers integrate a form as computed, û = u + δ; the error δ is a
 * form in the same Gaussian atoms with ‖δ‖₂ = √E[δ²] ≤ d = err · max(1, largest √E[atom²]).
 *
 * <p>The moment's integrand is read as a product of at most two factors of vectors (and any
 * factors of scalars alone, evaluated), each built from the vectors by sums, min, max, multiples by
 * numbers and scalars, division by a scalar, and Lipschitz functions (relu, tanh, sigmoid, erf,
 * sin, cos, abs, …). For each factor g it bounds, by Minkowski's inequality node by node,
 * N ≥ max(‖ĝ‖₂, ‖g‖₂) and D ≥ ‖ĝ − g‖₂ (|φ(x)| ≤ |φ(0)| + L|x|, and |φ| ≤ sup |φ| for a bounded φ;
 * |φ(x̂) − φ(x)| ≤ L |x̂ − x|). Then |E ĝ − E g| ≤ ‖ĝ − g‖₂ ≤ D for one factor, and
 * |E[ĝ₁ ĝ₂] − E[g₁ g₂]| ≤ D₁ N₂ + N₁ D₂ for two (Cauchy–Schwarz). A bound, not an estimate. A vector
 * whose Z is not affine brings the D it was given when defined ({@link #deviation}).
 *
 * <p>Anything else (a jump or an exponential of an imprecise form, a product of vectors inside a
 * factor, three vector factors, a function of more than {@link Fn#SMALL_TREE} nodes) is NaN: not
 * bounded here (see "Accuracy bookkeeping" in docs/limit.md), and nothing is added.
 */
final class FormErrors {
    private FormErrors() {}

    /** What the bound reads of the program's values. */
    interface Values {
        /** Whether value {@code id} is a vector. */
        boolean vector(int id);

        /** d for vector {@code id}: its form's error, or for a Z that is not affine the bound it carries (NaN: none). */
        double deviation(int id);

        /** An upper bound of √E[Ẑ²] for vector {@code id} as computed (read only where it multiplies an error). */
        double norm(int id);

        /** A scalar's value. */
        double scalar(int id);
    }

    /**
     * A bound of |E f(Ẑ) − E f(Z)|: 0 when no vector f reads carries a coefficient error, NaN when
     * some does and f is not of the shapes above.
     */
    static double bound(Fn f, Values values) {
        if (!moves(f, values)) return 0;
        // (walked as a tree: a larger DAG is not bounded here)
        if (f instanceof Fn.Apply a && a.treeSize() > Fn.SMALL_TREE) return Double.NaN;
        List<Fn> factors = new ArrayList<>();
        Fns.factors(f, factors);
        List<Fn> vectors = new ArrayList<>();
        double scale = 1;
        for (Fn g : factors) {
            if (g.kind() == Fn.Kind.VECTOR) vectors.add(g);
            else scale *= norm(g, values);
        }
        if (vectors.isEmpty()) return 0;
        double[] devs = new double[vectors.size()];
        boolean any = false;
        for (int i = 0; i < devs.length; i++) {
            devs[i] = dev(vectors.get(i), values);
            any |= devs[i] != 0;
        }
        if (!any) return 0;
        if (vectors.size() > 2) return Double.NaN;
        double total;
        if (vectors.size() == 1) {
            total = devs[0];
        } else {
            total = (devs[0] == 0 ? 0 : devs[0] * norm(vectors.get(1), values))
                    + (devs[1] == 0 ? 0 : norm(vectors.get(0), values) * devs[1]);
        }
        // (each product and sum rounds: a relative 1e-12 more)
        return scale * total * (1 + 1e-12);
    }

    /**
     * A bound of ‖f(Ẑ) − f(Z)‖₂ for a vector defined as f (a Nonlin): what the calculus above gives
     * for one factor, NaN when not bounded here.
     */
    static double deviation(Fn f, Values values) {
        if (!moves(f, values)) return 0;
        if (f instanceof Fn.Apply a && a.treeSize() > Fn.SMALL_TREE) return Double.NaN;
        double d = dev(f, values);
        return d == 0 || Double.isNaN(d) ? d : d * (1 + 1e-12);
    }

    /** A bound of ‖ĝ − g‖₂ (0 when g reads no imprecise form; NaN when not bounded here). */
    private static double dev(Fn f, Values values) {
        if (f instanceof Fn.Ref r) return values.vector(r.id()) ? values.deviation(r.id()) : 0;
        if (!(f instanceof Fn.Apply a)) return 0;
        switch (a.op()) {
            case ADD, SUB, MIN, MAX:
                return dev(a.arg(0), values) + dev(a.arg(1), values);
            case MUL: {
                boolean left = a.arg(0).kind() == Fn.Kind.VECTOR;
                boolean right = a.arg(1).kind() == Fn.Kind.VECTOR;
                if (left && right) {
                    // a product of vectors inside a factor: bounded only when neither moves
                    return dev(a.arg(0), values) == 0 && dev(a.arg(1), values) == 0 ? 0 : Double.NaN;
                }
                double d = dev(left ? a.arg(0) : a.arg(1), values);
                return d == 0 ? 0 : norm(left ? a.arg(1) : a.arg(0), values) * d;
            }
            case DIV: {
                if (a.arg(1).kind() == Fn.Kind.VECTOR) return moves(a, values) ? Double.NaN : 0;
                double d = dev(a.arg(0), values);
                return d == 0 ? 0 : d / Math.abs(norm(a.arg(1), values));
            }
            default: {
                if (a.arity() != 1) return a.kind() == Fn.Kind.VECTOR && moves(a, values) ? Double.NaN : 0;
                double d = dev(a.arg(0), values);
                return d == 0 ? 0 : lipschitz(a.op()) * d;
            }
        }
    }

    /** Whether some vector f reads carries a coefficient error. */
    private static boolean moves(Fn f, Values values) {
        for (int id : f.refIds()) if (values.vector(id) && values.deviation(id) != 0) return true;
        return false;
    }

    /** A bound of both ‖ĝ‖₂ and ‖g‖₂ (NaN when not bounded here). */
    private static double norm(Fn f, Values values) {
        if (f instanceof Fn.Const c) return Math.abs(c.value());
        if (f instanceof Fn.Ref r) {
            if (!values.vector(r.id())) return Math.abs(values.scalar(r.id()));
            return values.norm(r.id()) + values.deviation(r.id());
        }
        if (!(f instanceof Fn.Apply a)) return Double.NaN;
        // a function of scalars alone: its value (their errors are counted as theirs, elsewhere)
        if (a.kind() == Fn.Kind.SCALAR) return Math.abs(Fns.eval(a, values::scalar, Double.NaN));
        switch (a.op()) {
            case ADD, SUB, MIN, MAX:
                return norm(a.arg(0), values) + norm(a.arg(1), values);
            case MUL:
                // (a product of two vectors: ‖x y‖₂ is not bounded by the factors' ‖·‖₂)
                if (a.arg(0).kind() == Fn.Kind.VECTOR && a.arg(1).kind() == Fn.Kind.VECTOR) return Double.NaN;
                return norm(a.arg(0), values) * norm(a.arg(1), values);
            case DIV:
                return a.arg(1).kind() == Fn.Kind.VECTOR ? Double.NaN : norm(a.arg(0), values) / Math.abs(norm(a.arg(1), values));
            default: {
                double sup = sup(a.op());
                if (a.arity() != 1) return Double.NaN;
                if (sup < Double.POSITIVE_INFINITY) return sup;
                return Math.abs(atZero(a.op())) + lipschitz(a.op()) * norm(a.arg(0), values);
            }
        }
    }

    /** A Lipschitz constant of φ (rounded up), or NaN for a φ that has none, or none known here. */
    static double lipschitz(Op op) {
        return switch (op) {
            case ID, NEG, RELU, ABS, TANH, SIN, COS, SOFTPLUS -> 1;
            case SIGMOID -> 0.25;
            case ERF -> 1.1284;             // 2/√π
            case NCDF -> 0.3990;            // 1/√(2π)
            case NPDF -> 0.2420;            // |x φ(x)| ≤ φ(1)
            case DTANH -> 0.7699;           // |2 tanh sech²| ≤ 4/(3√3)
            case DSIGMOID -> 0.0963;        // |σ'(1 − 2σ)| ≤ √3/18
            case DERF -> 0.9680;            // (4/√π) |x| e^{−x²} ≤ (4/√π) e^{−1/2}/√2
            case GELU -> 1.1290;            // Φ(x) + x φ(x) ≤ Φ(√2) + √2 φ(√2), ≥ −0.13
            case SILU -> 1.0999;            // σ(x)(1 + x(1 − σ(x))) ≤ 1.0998, ≥ −0.1
            default -> Double.NaN;
        };
    }

    /** |φ(0)|. */
    static double atZero(Op op) {
        return switch (op) {
            case SIGMOID, NCDF -> 0.5;
            case COS, DTANH -> 1;
            case SOFTPLUS -> 0.6932;        // ln 2
            case NPDF -> 0.3990;
            case DSIGMOID -> 0.25;
            case DERF -> 1.1284;
            default -> 0;
        };
    }

    /** sup |φ| (infinite for an unbounded φ). */
    static double sup(Op op) {
        return switch (op) {
            case TANH, SIGMOID, ERF, SIN, COS, NCDF, DTANH -> 1;
            case NPDF -> 0.3990;
            case DSIGMOID -> 0.25;
            case DERF -> 1.1284;
            default -> Double.POSITIVE_INFINITY;
        };
    }
}
