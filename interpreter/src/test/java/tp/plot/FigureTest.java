package tp.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tick labels of log axes: in the values' units, never 1E5 or .05. */
class FigureTest {
    @Test
    void labelsAreWrittenInTheValuesUnits() {
        assertEquals("128", Figure.label(128.00000000001));
        assertEquals("2048", Figure.label(2048));
        assertEquals("8192", Figure.label(8192));
        assertEquals("1000", Figure.label(1000));
        assertEquals("0.05", Figure.label(0.05));
        assertEquals("0.0316", Figure.label(Math.pow(10, -1.5)));
        assertEquals("0.001", Figure.label(0.001));
        assertEquals("10⁵", Figure.label(1e5));
        assertEquals("10⁻⁸", Figure.label(1e-8));
        assertEquals("3.2×10⁻⁴", Figure.label(Math.pow(10, -3.5)));
        assertEquals("2000", Figure.label(Math.pow(10, 3.3)));   // three significant digits
        assertEquals("0.05", Figure.linear(0.05));
        assertEquals("0", Figure.linear(1e-17));
    }

    @Test
    void aLogYAxisLabelsItsRoundValuesOnly() {
        assertEquals("1", Figure.roundLabel(0));
        assertEquals("2", Figure.roundLabel(Math.log10(2)));
        assertEquals("0.5", Figure.roundLabel(Math.log10(0.5)));
        assertEquals("", Figure.roundLabel(0.2));   // 1.58
        assertEquals("10⁻⁶", Figure.roundLabel(-6));
    }
}
