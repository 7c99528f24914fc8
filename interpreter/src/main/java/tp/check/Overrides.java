package tp.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tp.syntax.Expr;
import tp.syntax.Parser;
import tp.syntax.Prefix;
import tp.syntax.ProgramError;
import tp.syntax.SourceFile;

/**
 * Values given to params from outside the program ({@code --set NAME=VALUE}, the REPL's
 * {@code :set}): a number, a list of numbers (nested for a table) read by the language's own
 * grammar, or a word (or {@code "…"}) for a string param. Only literals are accepted: a value set from outside computes nothing.
 */
public final class Overrides {
    private final Map<String, Value> values;

    private Overrides(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Overrides none() {
        return new Overrides(new LinkedHashMap<>());
    }

    public static Overrides of(Map<String, Double> numbers) {
        Map<String, Value> m = new LinkedHashMap<>();
        numbers.forEach((k, v) -> m.put(k, new Value.Num(v)));
        return new Overrides(m);
    }

    /**
     * These overrides and {@code name} set to {@code text}. A text that is not a value throws
     * {@link IllegalArgumentException} saying why, as a phrase to follow {@code "--set NAME=VALUE: "}.
     */
    public Overrides with(String name, String text) {
        Map<String, Value> m = new LinkedHashMap<>(values);
        m.put(name, parse(name, text.strip()));
        return new Overrides(m);
    }

    public Set<String> names() {
        return values.keySet();
    }

    /** A fresh copy of the value set for {@code name} (an array may grow in the program), or null. */
    Value get(String name) {
        Value v = values.get(name);
        return v instanceof Value.Arr a ? NumArrays.rename(a, name) : v;
    }

    private static Value parse(String name, String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return new Value.Str(text.substring(1, text.length() - 1));
        }
        if (!text.startsWith("[")) {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // a word is a string (the choice of a string param: --set par=ntk); the param's kind decides if it fits
                if (text.matches("[A-Za-z_][A-Za-z0-9_.-]*")) return new Value.Str(text);
                throw new IllegalArgumentException("the value must be a number, a list of numbers or a word");
            }
            if (!Double.isFinite(v)) throw new IllegalArgumentException("the value must be a finite number");
            return new Value.Num(v);
        }
        Expr e;
        try {
            e = Parser.parseValue(new SourceFile("--set " + name, text));
        } catch (ProgramError err) {
            throw new IllegalArgumentException("the value must be a number or a list of numbers such as [1, -0.5] or "
                    + "[[1, 2], [3, 4]] (" + err.diagnostics().get(0).message() + ")");
        }
        return literal(e, name);
    }

    private static Value literal(Expr e, String name) {
        if (e instanceof Expr.Num n) return new Value.Num(n.value());
        if (e instanceof Expr.Unary u && u.op() == Prefix.NEG && u.operand() instanceof Expr.Num n) {
            return new Value.Num(-n.value());
        }
        if (e instanceof Expr.ListLit l) {
            Elements m = new Elements();
            for (int i = 0; i < l.items().size(); i++) m.put(i + 1, literal(l.items().get(i), name + "[" + (i + 1) + "]"));
            return new Value.Arr(name, m);
        }
        throw new IllegalArgumentException("the value must be a number or a list of numbers; `" + e.text() + "` is not a number");
    }
}
