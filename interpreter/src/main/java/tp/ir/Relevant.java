package tp.ir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values a set of named values depends on, for {@code tp explain NAME…} and the REPL's
 * {@code :explain}: a fact about the program, so both shells ask it here, each naming a missing
 * value in its own way.
 */
public final class Relevant {
    private Relevant() {}

    public static Set<Integer> closure(Program p, List<String> names, java.util.function.Function<String, RuntimeException> missing) {
        Deque<Integer> todo = new ArrayDeque<>();
        for (String n : names) {
            boolean found = false;
            for (Program.Value v : p.values()) {
                if (v.name().equals(n)) {
                    todo.add(v.id());
                    found = true;
                }
            }
            for (Program.Output o : p.outputs()) {
                if (o.name().equals(n)) {
                    todo.addAll(o.ids());
                    found = true;
                }
            }
            if (!found) throw missing.apply(n);
        }
        java.util.Map<Integer, Step> byId = new java.util.HashMap<>();
        for (Step s : p.steps()) if (s.id() >= 0) byId.put(s.id(), s);
        Set<Integer> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (!seen.add(id)) continue;
            Step s = byId.get(id);
            if (s != null) for (int input : s.inputs()) todo.push(input);
        }
        return seen;
    }
}
