package tp.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tp.ir.Program;
import tp.syntax.SourceFile;

/** Elements are named when asked ({@link Program.ElementName}): the names are those spelled out in full. */
class ElementNamesTest {
    private static List<String> named(String text) {
        Program p = Checker.check(new SourceFile("names.tp", text), Map.of());
        List<String> out = new ArrayList<>();
        for (Program.Value v : p.values()) if (!v.temporary()) out.add(v.name());
        return out;
    }

    @Test
    void elementNamesAreTheirPlaces() {
        List<String> names = named("""
                vector x ~ N(0, 1)
                for a in -2..1 { for b in 9..11 { t[a][b] = mean(x * x) * (100 * a + b) } }
                h[0] = relu(x)
                h[100] = relu(x) + x
                output t[-2][9], t[1][11], h[100]
                """);
        assertTrue(names.contains("t[-2][9]"), names.toString());
        assertTrue(names.contains("t[0][10]"), names.toString());
        assertTrue(names.contains("t[1][11]"), names.toString());
        assertTrue(names.contains("h[0]"), names.toString());
        assertTrue(names.contains("h[100]"), names.toString());
    }

    @Test
    void aFunctionsArraysAreNamedWithTheFunction() {
        List<String> names = named("""
                vector x ~ N(0, 1)
                def f(v) {
                  for i in 1..2 { g[i] = mean(v * v) * i }
                  return g[1] + g[2]
                }
                output f(x) as y
                """);
        assertTrue(names.contains("f.g[1]") && names.contains("f.g[2]"), names.toString());
    }

    @Test
    void anElementNameIsReadWithoutBuildingIt() {
        assertTrue(Checker.isElementName("theta[12]", "theta", 12));
        assertTrue(Checker.isElementName("t[3][0]", "t[3]", 0));
        assertTrue(Checker.isElementName("t[-7]", "t", -7));
        assertTrue(Checker.isElementName("t[-2147483648]", "t", Integer.MIN_VALUE));
        assertFalse(Checker.isElementName("t[-0]", "t", 0));
        assertFalse(Checker.isElementName("t[012]", "t", 12));
        assertFalse(Checker.isElementName("t[+12]", "t", 12));
        assertFalse(Checker.isElementName("t[12]", "t", 2));
        assertFalse(Checker.isElementName("u[12]", "t", 12));
        assertFalse(Checker.isElementName("t[]", "t", 0));
        assertFalse(Checker.isElementName("t[12", "t", 12));
        assertFalse(Checker.isElementName("tt[12]", "t", 12));
        assertEquals("theta[3][5]", new Program.ElementName("theta[3]", 5).toString());
    }
}
