package tp.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tp.syntax.SourceFile;
import tp.syntax.Stmt;

/**
 * Finds modules: {@code import "mlp"} is the stdlib module {@code stdlib/mlp.tp} (packaged in the
 * jar); a string ending in {@code .tp} or containing {@code /} is a path relative to the importing
 * file. A module is imported once; a cycle is an error that shows the chain of imports.
 */
final class Imports {
    /** The files being imported, innermost first, with the key that identifies each. */
    private record Open(SourceFile file, String key) {}

    private final Deque<Open> stack = new ArrayDeque<>();
    private final Set<String> done = new HashSet<>();

    /** One key per file however it is named ({@code a.tp}, {@code ./a.tp}, {@code /tmp/a.tp}). */
    private static String key(String name) {
        if (name.startsWith("stdlib:") || name.startsWith("<")) return name;
        try {
            return Path.of(name).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return name;
        }
    }

    void enter(SourceFile file) {
        String key = key(file.name());
        stack.push(new Open(file, key));
        done.add(key);
    }

    void leave(SourceFile file) {
        if (!stack.isEmpty() && stack.peek().file() == file) stack.pop();
    }

    /** The module's source, or null when it was imported already. */
    SourceFile resolve(Stmt.Import i) {
        String path = i.path();
        SourceFile from = stack.isEmpty() ? null : stack.peek().file();
        SourceFile module;
        String name;
        if (path.endsWith(".tp") || path.contains("/")) {
            Path p = directoryOf(from).resolve(path.endsWith(".tp") ? path : path + ".tp").normalize();
            if (!Files.isRegularFile(p)) {
                throw new CheckError(i.span(), "cannot import \"" + path + "\": no file " + p
                        + (Files.isDirectory(p) ? " (it is a directory)" : ""));
            }
            name = p.toString();
            cycle(i, name);
            if (!done.add(key(name))) return null;
            try {
                module = SourceFile.read(p, name);
            } catch (IOException e) {
                throw new CheckError(i.span(), "cannot read " + p + ": " + e.getMessage());
            }
        } else {
            name = "stdlib:" + path;
            cycle(i, name);
            String text = Stdlib.read(path);
            if (text == null) {
                throw new CheckError(i.span(), "cannot import \"" + path + "\": no stdlib module of that name"
                        + Suggestions.didYouMean(path, Stdlib.names()) + " (a file path ends in .tp)");
            }
            if (!done.add(key(name))) return null;
            module = new SourceFile(name, text);
        }
        stack.push(new Open(module, key(name)));
        return module;
    }

    /**
     * Where the names a file writes ({@code import "x.tp"}, {@code csv("d.csv")}) are relative to:
     * the file's own directory; the current directory for stdlib modules, the REPL and stdin.
     */
    static Path directoryOf(SourceFile file) {
        return file == null || file.name().startsWith("stdlib:") || file.name().startsWith("<")
                || Path.of(file.name()).getParent() == null ? Path.of("") : Path.of(file.name()).getParent();
    }

    /** An import of a file that is being imported: the chain from it back to itself. */
    private void cycle(Stmt.Import i, String name) {
        String key = key(name);
        List<String> chain = new ArrayList<>();
        boolean found = false;
        for (Iterator<Open> it = stack.descendingIterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.key().equals(key)) found = true;
            if (found) chain.add(o.file().name());
        }
        if (!found) return;
        chain.add(name);
        throw new CheckError(i.span(), "import cycle: " + String.join(" → ", chain)
                + (chain.size() == 2 ? " (the file imports itself)" : ""));
    }
}
