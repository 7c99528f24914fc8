package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tp.fn.Fn;
import tp.fn.Op;

/**
 * The shortcut for E[φ(a)ψ(b)] and E[ab] gives the general algebra's estimate bit for bit: the
 * same integrand with each atom wrapped in {@code id} (an affine form the shortcut does not
 * recognise, the same one to the algebra) goes the general way.
 */
class AtomPairsTest {
    private static final List<Op> OPS = List.of(Op.RELU, Op.STEP, Op.SIGN, Op.ERF, Op.ABS, Op.TANH, Op.SIN, Op.COS);

    private static Fn ref(int atom) {
        return new Fn.Ref(atom, Fn.Kind.VECTOR);
    }

    private static Fn id(int atom) {
        return new Fn.Apply(Op.ID, List.of(ref(atom)));
    }

    private static Fn mul(Fn a, Fn b) {
        return new Fn.Apply(Op.MUL, List.of(a, b));
    }

    /** Two families of atoms with random means (zero in one family) and covariances of random vectors. */
    private static Atoms atoms(Random r) {
        Atoms atoms = new Atoms();
        for (int f = 0; f < 2; f++) {
            int family = atoms.newFamily("f" + f);
            double[][] v = new double[4][3];
            for (double[] row : v) for (int k = 0; k < 3; k++) row[k] = r.nextGaussian();
            for (int i = 0; i < 4; i++) {
                double[] row = new double[i + 1];
                for (int j = 0; j <= i; j++) for (int k = 0; k < 3; k++) row[j] += v[i][k] * v[j][k];
                double mean = f == 0 ? 0 : r.nextGaussian();
                atoms.add(family, mean, row, "a");
            }
        }
        return atoms;
    }

    @Test
    void sameEstimateAsTheGeneralAlgebra() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            Atoms atoms = atoms(r);
            ExactTier tier = new ExactTier(atoms, new QuadratureTier(atoms));
            for (int a = 0; a < atoms.size(); a++) {
                for (int b = 0; b < atoms.size(); b++) {
                    assertEquals(tier.expect(mul(id(a), id(b)), 1e-10), AtomPairs.of(mul(ref(a), ref(b)), atoms));
                    Op p = OPS.get(r.nextInt(OPS.size()));
                    Op q = OPS.get(r.nextInt(OPS.size()));
                    Fn general = mul(new Fn.Apply(p, List.of(id(a))), new Fn.Apply(q, List.of(id(b))));
                    Estimate shortcut = AtomPairs.of(mul(new Fn.Apply(p, List.of(ref(a))), new Fn.Apply(q, List.of(ref(b)))), atoms);
                    if (shortcut != null) assertEquals(tier.expect(general, 1e-10), shortcut);
                }
            }
        }
    }

    @Test
    void leavesOtherShapesToTheAlgebra() {
        Atoms atoms = atoms(new Random(3));
        assertNotNull(AtomPairs.of(mul(new Fn.Apply(Op.RELU, List.of(ref(0))), new Fn.Apply(Op.RELU, List.of(ref(1)))), atoms));
        assertNull(AtomPairs.of(mul(new Fn.Apply(Op.EXP, List.of(ref(0))), new Fn.Apply(Op.RELU, List.of(ref(1)))), atoms));
        assertNull(AtomPairs.of(mul(ref(0), new Fn.Apply(Op.RELU, List.of(ref(1)))), atoms));
        assertNull(AtomPairs.of(new Fn.Apply(Op.ADD, List.of(ref(0), ref(1))), atoms));
        // relu·relu with means has no closed form: quadrature's, through the algebra
        assertNull(AtomPairs.of(mul(new Fn.Apply(Op.RELU, List.of(ref(4))), new Fn.Apply(Op.RELU, List.of(ref(5)))), atoms));
    }

    /** The centred closed forms as textbooks write them (θ = arccos ρ), for pairs of relu, step and sign. */
    private static double textbook(Op f, Op g, double q1, double q2, double c) {
        double r = Math.sqrt(q1 * q2);
        double rho = Math.max(-1, Math.min(1, c / r));
        double theta = Math.acos(rho);
        if (f == Op.RELU && g == Op.RELU) return r * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / (2 * Math.PI);
        if (f == Op.RELU && g == Op.STEP) return Math.sqrt(q1) * (1 + rho) / (2 * Math.sqrt(2 * Math.PI));
        if (f == Op.STEP && g == Op.RELU) return Math.sqrt(q2) * (1 + rho) / (2 * Math.sqrt(2 * Math.PI));
        if (f == Op.STEP && g == Op.STEP) return (Math.PI - theta) / (2 * Math.PI);
        return 2 / Math.PI * Math.asin(rho);
    }

    /**
     * What errors of the covariance entries make of a centred pair's closed form stays within the
     * bound {@link AtomPairs#inherited} gives (through Price's theorem's slopes, or probes near
     * |ρ| = 1): the textbook closed form at points of the box the errors allow, corners included,
     * moves from its value at the computed entries by no more than the bound.
     */
    @Test
    void inheritedErrorBoundsTheChangeOfTheClosedForm() {
        Op[][] pairs = {{Op.RELU, Op.RELU}, {Op.RELU, Op.STEP}, {Op.STEP, Op.RELU}, {Op.STEP, Op.STEP}, {Op.SIGN, Op.SIGN}};
        Random random = new Random(11);
        int checked = 0;
        for (Op[] fg : pairs) {
            for (double rho : new double[] {-0.999, -0.9, -0.3, 0, 0.5, 0.95, 0.9999}) {
                for (double q1 : new double[] {0.3, 1, 7}) {
                    for (double rel : new double[] {1e-8, 1e-5, 1e-3}) {
                        double q2 = 2.5;
                        double r = Math.sqrt(q1 * q2);
                        double c = rho * r;
                        double dq1 = rel * q1;
                        double dq2 = rel * q2;
                        double dc = rel * r;
                        double v = Op.gaussianPair(fg[0], fg[1], 0, 0, q1, q2, c);
                        double bound = AtomPairs.inherited(fg[0], fg[1], 0, 0, q1, q2, c, v, dq1, dq2, dc);
                        double at = textbook(fg[0], fg[1], q1, q2, c);
                        double worst = 0;
                        for (int k = 0; k < 208; k++) {
                            double s1 = k < 8 ? ((k & 1) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double s2 = k < 8 ? ((k & 2) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double s3 = k < 8 ? ((k & 4) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double p1 = q1 + s1 * dq1;
                            double p2 = q2 + s2 * dq2;
                            double pc = c + s3 * dc;
                            if (pc * pc > p1 * p2) continue;
                            worst = Math.max(worst, Math.abs(textbook(fg[0], fg[1], p1, p2, pc) - at));
                        }
                        // the textbook forms' own rounding (arccos near |ρ| = 1) is the slack
                        assertTrue(bound >= worst - 1e-12 * (1 + Math.abs(at)),
                                fg[0] + "·" + fg[1] + " at ρ = " + rho + ", q1 = " + q1 + ", errors " + rel + ": bound " + bound
                                        + " < change " + worst);
                        checked++;
                    }
                }
            }
        }
        assertEquals(5 * 7 * 3 * 3, checked);
    }

    /**
     * The same for pairs that are not homogeneous (erf·erf, and sin, cos with means), whose scale
     * is probed: the closed form (tested against references in OpTest) at points of the box moves
     * by no more than the bound.
     */
    @Test
    void inheritedErrorCoversSmoothPairsWithMeans() {
        Op[][] pairs = {{Op.ERF, Op.ERF}, {Op.SIN, Op.COS}, {Op.COS, Op.COS}, {Op.SIN, Op.SIN}};
        Random random = new Random(12);
        for (Op[] fg : pairs) {
            for (double rho : new double[] {-0.99, -0.4, 0.2, 0.97}) {
                for (double m : new double[] {0, 0.7}) {
                    for (double rel : new double[] {1e-7, 1e-4, 1e-2}) {
                        double q1 = 0.8;
                        double q2 = 1.9;
                        double r = Math.sqrt(q1 * q2);
                        double c = rho * r;
                        double v = Op.gaussianPair(fg[0], fg[1], m, -m, q1, q2, c);
                        // (erf·erf has a closed form when centred alone)
                        if (Double.isNaN(v)) continue;
                        double bound = AtomPairs.inherited(fg[0], fg[1], m, -m, q1, q2, c, v, rel * q1, rel * q2, rel * r);
                        double worst = 0;
                        for (int k = 0; k < 208; k++) {
                            double s1 = k < 8 ? ((k & 1) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double s2 = k < 8 ? ((k & 2) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double s3 = k < 8 ? ((k & 4) == 0 ? -1 : 1) : 2 * random.nextDouble() - 1;
                            double p1 = q1 * (1 + s1 * rel);
                            double p2 = q2 * (1 + s2 * rel);
                            double pc = c + s3 * rel * r;
                            if (pc * pc > p1 * p2) continue;
                            worst = Math.max(worst, Math.abs(Op.gaussianPair(fg[0], fg[1], m, -m, p1, p2, pc) - v));
                        }
                        assertTrue(bound >= worst - 1e-14, fg[0] + "·" + fg[1] + " at ρ = " + rho + ", m = " + m + ", errors "
                                + rel + ": bound " + bound + " < change " + worst);
                    }
                }
            }
        }
    }
}
