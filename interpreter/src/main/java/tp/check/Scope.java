package tp.check;

import java.util.HashMap;
import java.util.Map;
import tp.syntax.Span;

/**
 * Names in a block. Loop bodies and function bodies open scopes; {@code if} blocks do not. A
 * function's scope sees the global scope, never its caller's locals (hygiene).
 */
final class Scope {
    record Binding(Value value, Span span) {}

    final Scope parent;
    /** Function bodies and the global scope: where arrays created by {@code a[i] = …} live. */
    final boolean owner;
    private final Map<String, Binding> names = new HashMap<>();

    Scope(Scope parent, boolean owner) {
        this.parent = parent;
        this.owner = owner;
    }

    Binding lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.names.get(name);
            if (b != null) return b;
        }
        return null;
    }

    /** Whether the name is bound in a loop's scope (not in a function's or the program's). */
    boolean boundInLoop(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.names.containsKey(name)) return !s.owner;
        }
        return false;
    }

    /** A binding that a new definition here would clash with: this scope up to its owner. */
    Binding clash(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.names.get(name);
            if (b != null) return b;
            if (s.owner) break;
        }
        return null;
    }

    Scope owner() {
        Scope s = this;
        while (!s.owner) s = s.parent;
        return s;
    }

    void define(String name, Value value, Span span) {
        names.put(name, new Binding(value, span));
    }

    Map<String, Binding> names() {
        return names;
    }
}
