package tp.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The functions the checker itself evaluates rather than the function table ({@link tp.fn.Op}):
 * they take or make what no elementwise function does (a vector to a scalar, two vectors to a
 * matrix, a Gram matrix, an array's length, a data file). Their names are reserved and offered wherever the table's are.
 */
public enum Builtin {
    MEAN, OUTER, GRAM, MINEIG, MAXEIG, LEN, CSV, GRAD, CHOICE;

    /** The name a program calls it by. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Builtin b : values()) out.add(b.word());
        return out;
    }

    static boolean isBuiltin(String name) {
        for (Builtin b : values()) if (b.word().equals(name)) return true;
        return false;
    }
}
