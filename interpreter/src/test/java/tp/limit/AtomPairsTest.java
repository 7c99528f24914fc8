package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
