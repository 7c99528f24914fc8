package tp.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped {@code .tp} files, packaged as resources under {@code stdlib/}; the file
 * {@code stdlib/INDEX} lists them, one name per line.
 */
public final class Stdlib {
    private Stdlib() {}

    /** The text of {@code stdlib/NAME.tp}, or null. */
    public static String read(String name) {
        if (!name.matches("[A-Za-z0-9_\\-]+")) return null;
        try (InputStream in = Stdlib.class.getResourceAsStream("/stdlib/" + name + ".tp")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        try (InputStream in = Stdlib.class.getResourceAsStream("/stdlib/INDEX")) {
            if (in == null) return out;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) out.add(line.trim());
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Whether a stdlib file is a program (it has an `output`), not a module of `def`s. */
    public static boolean isProgram(String name) {
        String text = read(name);
        return text != null && text.lines().anyMatch(l -> l.strip().startsWith("output "));
    }

    /** The first comment line of a stdlib file: its one-line description. */
    public static String description(String name) {
        String text = read(name);
        if (text == null) return "";
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.startsWith("//")) return t.substring(2).trim();
            if (!t.isEmpty()) break;
        }
        return "";
    }
}
