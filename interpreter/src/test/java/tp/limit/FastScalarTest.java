package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.check.Checker;
import tp.ir.Program;
import tp.syntax.SourceFile;

/**
 * The one-pass path for scalars of +, −, ×, ÷ of exact constants (a kernel's hundreds of
 * thousands) gives what the general path gives, bit for bit: value, error, method, and every
 * scalar after it.
 */
class FastScalarTest {
    private static final String PROGRAMS = """
            program kernels
            vector x[1..3] ~ N(0, [[1, 0.5, -0.2], [0.5, 2, 0.3], [-0.2, 0.3, 1.5]])
            matrix W[1..3] ~ N(0, 2/n)
            for a in 1..3 { h[a][0] = x[a] }
            for a in 1..3 { for b in a..3 { theta[a][b][0] = mean(x[a] * x[b]) } }
            for l in 1..3 {
              for a in 1..3 { h[a][l] = W[l] @ relu(h[a][l-1]) }
              for a in 1..3 { for b in a..3 {
                theta[a][b][l] = mean(h[a][l] * h[b][l]) + 2 * mean(step(h[a][l-1]) * step(h[b][l-1])) * theta[a][b][l-1]
              } }
            }
            s = (theta[1][2][3] - theta[1][1][3]) / (theta[2][2][3] + 1)
            t = -s * s + 3 * s / theta[1][3][2]
            u = t * n / (n + 1)
            v = tanh(t) + u
            for a in 1..3 { for b in a..3 { output mean(h[a][3] * h[b][3]) as K[a][b], theta[a][b][3] as T[a][b] } }
            output s as s, t as t, u as u, v as v
            """;

    private static List<LimitResult.OutputValue> run(boolean fast) {
        Program p = Checker.check(new SourceFile("k.tp", PROGRAMS), Map.of());
        boolean was = LimitBackend.fastScalars;
        LimitBackend.fastScalars = fast;
        try {
            return new LimitBackend(p, LimitOptions.defaults()).run().outputs();
        } finally {
            LimitBackend.fastScalars = was;
        }
    }

    @Test
    void sameEstimatesAsTheGeneralPath() {
        List<LimitResult.OutputValue> fast = run(true);
        List<LimitResult.OutputValue> general = run(false);
        assertEquals(general.size(), fast.size());
        for (int i = 0; i < fast.size(); i++) {
            assertEquals(general.get(i).output().name(), fast.get(i).output().name());
            // records of doubles: equal bit for bit
            assertEquals(general.get(i).values(), fast.get(i).values(), fast.get(i).output().name());
        }
        // and the errors are there to compare: the covariance entries' rounding carried through
        assertTrue(fast.stream().anyMatch(o -> o.values().get(0).error() > 0));
    }
}
