package tp.check;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /**
     * The first name bound here, kept apart: a loop's body binds its variable alone, once per
     * iteration (a kernel program's nested loops open hundreds of thousands of scopes), and
     * finds it without a map.
     */
    private String firstName;
    private Binding first;
    /** The names bound after the first, in the order they were bound; null until there is one. */
    private Map<String, Binding> more;

    Scope(Scope parent, boolean owner) {
        this.parent = parent;
        this.owner = owner;
    }

    /** The binding of {@code name} in this scope alone, or null. */
    private Binding here(String name) {
        if (first != null && firstName.equals(name)) return first;
        return more == null ? null : more.get(name);
    }

    Binding lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.here(name);
            if (b != null) return b;
        }
        return null;
    }

    /** Whether the name is bound in a loop's scope (not in a function's or the program's). */
    boolean boundInLoop(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.here(name) != null) return !s.owner;
        }
        return false;
    }

    /** A binding that a new definition here would clash with: this scope up to its owner. */
    Binding clash(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.here(name);
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
        Binding b = new Binding(value, span);
        if (first == null || firstName.equals(name)) {
            firstName = name;
            first = b;
        } else {
            if (more == null) more = new LinkedHashMap<>();
            more.put(name, b);
        }
    }

    /** The names bound here, as a map filled in the order they were first bound. */
    Map<String, Binding> names() {
        Map<String, Binding> all = new HashMap<>();
        if (first != null) all.put(firstName, first);
        if (more != null) all.putAll(more);
        return all;
    }
}
