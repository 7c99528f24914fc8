package tp.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tp.pipeline.OptionError;

/** The grid's syntax, its values, and the shards' slicing. */
class GridTest {
    @Test
    void aLogRangeIsEvenlySpacedInLogWithExactEnds() {
        Grid g = Grid.parse("lr=0.01..1:5:log");
        assertEquals("lr", g.name());
        assertTrue(g.log());
        assertEquals(5, g.size());
        assertEquals(0.01, g.values().get(0), 0);
        assertEquals(1.0, g.values().get(4), 0);
        // 10^-2, 10^-1.5, 10^-1, 10^-0.5, 1
        double[] expected = {0.01, Math.pow(10, -1.5), 0.1, Math.pow(10, -0.5), 1};
        for (int i = 0; i < 5; i++) assertEquals(expected[i], g.values().get(i), 1e-15 * expected[i]);
    }

    @Test
    void linearRangesAndLists() {
        assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 1.0), Grid.parse("x=0..1:5").values());
        Grid l = Grid.parse("L=8,2,4");
        assertEquals(List.of(2.0, 4.0, 8.0), l.values());
        assertFalse(l.log());
        assertTrue(Grid.parse("w=1,10,100").log());
        assertEquals(List.of(3.0), Grid.parse("T=3").values());
    }

    @Test
    void badGridsSayWhy() {
        String[][] cases = {
            {"lr", "expected NAME=VALUES"},
            {"1x=1,2", "`1x` is not a param name"},
            {"lr=0.1..1", "a range is FROM..TO:COUNT"},
            {"lr=0.1..1:1", "the count must be between 2 and"},
            {"lr=0.1..1:3:lin", "a range is FROM..TO:COUNT"},
            {"lr=1..0.1:3", "the range must go up"},
            {"lr=-1..1:3:log", "a log range needs positive ends"},
            {"lr=1,x", "`x` is not a number"},
            {"lr=1,1", "the value 1 is listed twice"},
            {"lr=1,NaN", "`NaN` is not a number"},
        };
        for (String[] c : cases) {
            OptionError e = assertThrows(OptionError.class, () -> Grid.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void shardsSliceTheCellsRoundRobinAndCoverThemOnce() {
        int cells = 23;
        int[] owner = new int[cells];
        for (int i = 1; i <= 4; i++) {
            Shard s = Shard.parse(i + "/4");
            for (int c = 0; c < cells; c++) if (s.holds(c)) owner[c] += i;
        }
        for (int c = 0; c < cells; c++) assertEquals(c % 4 + 1, owner[c], "cell " + c);
        assertThrows(OptionError.class, () -> Shard.parse("5/4"));
        assertThrows(OptionError.class, () -> Shard.parse("1/0"));
        assertThrows(OptionError.class, () -> Shard.parse("a/b"));
    }
}
