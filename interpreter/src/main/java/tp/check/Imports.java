package tp.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import tp.syntax.SourceFile;
import tp.syntax.Stmt;

/**
 * Finds modules: {@code import "mlp"} is the stdlib module {@code stdlib/mlp.tp} (packaged in the
 * jar); a string ending in {@code .tp} or containing {@code /} is a path relative to the importing
 * file. A module is imported once; a cycle is an error.
 */
final class Imports {
    private final Deque<SourceFile> stack = new ArrayDeque<>();
    private final Set<String> done = new HashSet<>();

    void enter(SourceFile file) {
        stack.push(file);
        done.add(file.name());
    }

    void leave(SourceFile file) {
        if (!stack.isEmpty() && stack.peek() == file) stack.pop();
    }

    /** The module's source, or null when it was imported already. */
    SourceFile resolve(Stmt.Import i) {
        String path = i.path();
        SourceFile from = stack.peek();
        SourceFile module;
        if (path.endsWith(".tp") || path.contains("/")) {
            Path base = from == null || from.name().startsWith("stdlib:") || Path.of(from.name()).getParent() == null
                    ? Path.of("") : Path.of(from.name()).getParent();
            Path p = base.resolve(path.endsWith(".tp") ? path : path + ".tp").normalize();
            if (!Files.isRegularFile(p)) {
                throw new CheckError(i.span(), "cannot import \"" + path + "\": no file " + p);
            }
            String name = p.toString();
            for (SourceFile s : stack) {
                if (s.name().equals(name)) throw new CheckError(i.span(), "import cycle: \"" + path + "\" imports itself");
            }
            if (!done.add(name)) return null;
            try {
                module = new SourceFile(name, Files.readString(p));
            } catch (IOException e) {
                throw new CheckError(i.span(), "cannot read " + p + ": " + e.getMessage());
            }
        } else {
            String name = "stdlib:" + path;
            for (SourceFile s : stack) {
                if (s.name().equals(name)) throw new CheckError(i.span(), "import cycle: \"" + path + "\" imports itself");
            }
            String text = Stdlib.read(path);
            if (text == null) {
                throw new CheckError(i.span(), "cannot import \"" + path + "\": no stdlib module of that name"
                        + Suggestions.didYouMean(path, Stdlib.names()) + " (a file path ends in .tp)");
            }
            if (!done.add(name)) return null;
            module = new SourceFile(name, text);
        }
        stack.push(module);
        return module;
    }
}
