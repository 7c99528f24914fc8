package tp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An array's elements against a sorted map, for dense, descending, negative and far-spread indices. */
class ElementsTest {
    private static void agree(int[] indices) {
        Elements e = new Elements();
        TreeMap<Integer, Value> ref = new TreeMap<>();
        assertTrue(e.isEmpty());
        for (int i : indices) {
            Value v = new Value.Num(i);
            e.put(i, v);
            ref.put(i, v);
            assertEquals(ref.firstKey(), e.firstKey());
            assertEquals(ref.lastKey(), e.lastKey());
        }
        for (int i : indices) {
            assertSame(ref.get(i), e.get(i));
            assertSame(ref.get(i + 1), e.get(i + 1));
            assertSame(ref.get(i - 1), e.get(i - 1));
        }
        assertEquals(ref.isEmpty(), e.isEmpty());
    }

    @Test
    void denseAscendingAndDescending() {
        int[] up = new int[300];
        int[] down = new int[300];
        for (int i = 0; i < 300; i++) {
            up[i] = i;
            down[i] = 150 - i;
        }
        agree(up);
        agree(down);
    }

    @Test
    void spreadIndicesAndRandomOrder() {
        agree(new int[] {1, 1_000_000_000, -1_000_000_000, 7, 1, 8});
        Random r = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int[] xs = new int[1 + r.nextInt(200)];
            int range = 1 + r.nextInt(trial % 2 == 0 ? 50 : 100_000);
            for (int i = 0; i < xs.length; i++) xs[i] = r.nextInt(2 * range) - range;
            agree(xs);
        }
    }

    @Test
    void computeIfAbsentKeepsWhatIsThere() {
        Elements e = new Elements();
        Value first = e.computeIfAbsent(3, i -> new Value.Num(i));
        assertSame(first, e.computeIfAbsent(3, i -> new Value.Num(-1)));
        assertEquals(3, e.firstKey());
        assertEquals(3, e.lastKey());
    }
}
