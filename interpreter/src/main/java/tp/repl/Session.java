package tp.repl;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import tp.check.Overrides;

/**
 * What the REPL has accepted so far: the program's statements, one input each, and the params
 * set with `:set`. Immutable (vavr persistent collections), so `:undo` is popping a stack of
 * snapshots.
 */
record Session(List<String> entries, Map<String, String> overrides) {
    static Session empty() {
        return new Session(List.empty(), HashMap.empty());
    }

    Session add(String entry) {
        return new Session(entries.append(entry), overrides);
    }

    /** {@code text}: a number as {@link Double#toString(double)} writes it, or a list as typed. */
    Session set(String name, String text) {
        return new Session(entries, overrides.put(name, text));
    }

    /** The program text; outputs and claims left out when {@code withOutputs} is false. */
    String text(boolean withOutputs) {
        StringBuilder sb = new StringBuilder();
        for (String e : entries) {
            for (String line : e.split("\n", -1)) {
                String t = line.trim();
                if (!withOutputs && (t.startsWith("output ") || t.startsWith("expect "))) {
                    sb.append("// ").append(line).append('\n');   // kept as a comment: line numbers stay put
                    continue;
                }
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** What this session has that {@code earlier} has not, in words (for `:undo`). */
    String difference(Session earlier) {
        if (entries.size() > earlier.entries.size()) {
            String e = entries.last();
            String first = e.lines().findFirst().orElse("").strip();
            int more = (int) e.lines().count() - 1;
            return "`" + first + "`" + (more > 0 ? " and the " + more + " line" + (more == 1 ? "" : "s") + " of its block" : "");
        }
        for (var o : overrides) {
            if (!earlier.overrides.get(o._1).contains(o._2)) return ":set " + o._1 + "=" + o._2;
        }
        return "the last change";
    }

    /** The params set, as the checker takes them (each text was accepted by {@code :set}). */
    Overrides overridesMap() {
        Overrides out = Overrides.none();
        for (var o : overrides) out = out.with(o._1, o._2);
        return out;
    }
}
