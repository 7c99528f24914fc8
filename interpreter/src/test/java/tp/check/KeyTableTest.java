package tp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key table against a hash map, through its growth, with keys whose hashes collide. */
class KeyTableTest {
    /** A key whose hash is chosen: many share one, and they differ only by equality. */
    private record Key(int value, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void agreesWithAHashMap() {
        KeyTable table = new KeyTable();
        Map<Key, Integer> ref = new HashMap<>();
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Key k = new Key(r.nextInt(50_000), r.nextInt(300) - 150);
            if (ref.containsKey(k)) {
                assertEquals(ref.get(k), table.get(k));
                continue;
            }
            assertEquals(-1, table.get(k));
            table.put(k, i);
            ref.put(k, i);
        }
        for (Map.Entry<Key, Integer> e : ref.entrySet()) assertEquals(e.getValue(), table.get(new Key(e.getKey().value(), e.getKey().hash())));
        assertFalse(table.containsKey(new Key(-1, 0)));
        assertTrue(table.containsKey(ref.keySet().iterator().next()));
    }
}
