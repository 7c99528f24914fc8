package tp.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean, sample variance (n − 1) and standard error. */
class SampleMeanTest {
    @Test
    void closedForm() {
        SampleMean s = SampleMean.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, s.mean(), 0);
        assertEquals(5.0 / 3, s.variance(), 1e-16);
        assertEquals(Math.sqrt(5.0 / 3), s.standardDeviation(), 1e-16);
        assertEquals(Math.sqrt(5.0 / 12), s.standardError(), 1e-16);
        assertEquals(4, s.size());
    }

    @Test
    void constantSamplesHaveNoSpread() {
        SampleMean s = SampleMean.of(new double[] {0.75, 0.75, 0.75, 0.75});
        assertEquals(0.75, s.mean(), 0);
        assertEquals(0, s.variance(), 0);
        assertEquals(0, s.standardError(), 0);
    }

    @Test
    void oneSampleHasNoSpreadEstimate() {
        SampleMean s = SampleMean.of(new double[] {3});
        assertEquals(3, s.mean(), 0);
        assertTrue(Double.isNaN(s.variance()));
        assertTrue(Double.isNaN(s.standardError()));
    }
}
