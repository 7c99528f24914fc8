package tp.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tp.fn.Op;

/** The constants {@link FormErrors} bounds with, against the functions themselves on a fine grid. */
class FormErrorsTest {
    @Test
    void lipschitzConstantsValuesAtZeroAndBoundsHold() {
        int checked = 0;
        for (Op op : Op.values()) {
            double l = FormErrors.lipschitz(op);
            if (Double.isNaN(l)) continue;
            checked++;
            assertEquals(Math.abs(op.apply(0)), FormErrors.atZero(op), 1e-4, op + " at 0");
            assertTrue(Math.abs(op.apply(0)) <= FormErrors.atZero(op), op + " at 0");
            double steepest = 0;
            double largest = 0;
            for (double x = -30; x <= 30; x += 1e-3) {
                double h = 1e-6;
                steepest = Math.max(steepest, Math.abs(op.apply(x + h) - op.apply(x)) / h);
                largest = Math.max(largest, Math.abs(op.apply(x)));
            }
            assertTrue(steepest <= l * (1 + 1e-6), op + ": slope " + steepest + " above " + l);
            // and not loose by more than 1e-3 (a typo in a constant would show)
            assertTrue(steepest >= l - 1e-3, op + ": slope " + steepest + " far below " + l);
            assertTrue(largest <= FormErrors.sup(op), op + ": " + largest + " above its bound");
        }
        assertTrue(checked >= 17, "constants checked: " + checked);
    }
}
