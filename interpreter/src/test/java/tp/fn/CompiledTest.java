package tp.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static tp.fn.Fns.add;
import static tp.fn.Fns.c;
import static tp.fn.Fns.div;
import static tp.fn.Fns.mul;
import static tp.fn.Fns.sub;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Flat evaluation of a function against evaluating its tree by hand. */
class CompiledTest {
    private static final Fn A = new Fn.Ref(0, Fn.Kind.VECTOR);
    private static final Fn B = new Fn.Ref(2, Fn.Kind.VECTOR);

    @Test
    void matchesTheFormulaAtRandomPoints() {
        Fn shared = Fns.apply(Op.TANH, add(A, mul(c(0.5), B)));
        Fn f = add(mul(shared, shared), div(Fns.apply(Op.RELU, sub(A, c(0.2))), add(c(2), Fns.apply(Op.SIN, shared))));
        f = mul(f, Fns.apply(Op.MAX, A, Fns.apply(Op.POW, B, c(3))));
        Compiled g = Compiled.of(f);
        double[] scratch = g.scratch();
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            double a = 3 * r.nextGaussian();
            double b = 3 * r.nextGaussian();
            double t = Math.tanh(a + 0.5 * b);
            double expected = (t * t + Math.max(a - 0.2, 0) / (2 + Math.sin(t))) * Math.max(a, b * b * b);
            assertEquals(expected, g.eval(new double[] {a, Double.NaN, b}, scratch), 1e-15 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void constantsLeavesAndVariadicRows() {
        assertEquals(2.5, Compiled.of(c(2.5)).eval(new double[0], Compiled.of(c(2.5)).scratch()), 0);
        Compiled leaf = Compiled.of(B);
        assertEquals(-4, leaf.eval(new double[] {0, 0, -4}, leaf.scratch()), 0);
        Compiled eig = Compiled.of(new Fn.Apply(Op.MAXEIG, java.util.List.of(A, c(1), c(1), A)));
        assertEquals(3.5, eig.eval(new double[] {2.5}, eig.scratch()), 1e-15);
    }

    @Test
    void theWidthIsNotAnIntegrandLeaf() {
        assertThrows(IllegalArgumentException.class, () -> Compiled.of(mul(A, new Fn.Width())));
    }
}
