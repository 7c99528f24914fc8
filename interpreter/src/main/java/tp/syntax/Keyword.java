package tp.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The language's reserved words, as the grammar spells them, and what the REPL makes of each:
 * whether an input starting with it is a statement (not an expression), and whether tab
 * completion offers it.
 */
public enum Keyword {
    PROGRAM(true, false), PARAM(true, true), MATRIX(true, true), VECTOR(true, true), DEF(true, true),
    FOR(true, true), IN(false, false), IF(true, true), ELSE(false, true), IMPORT(true, true), AS(false, false),
    OUTPUT(true, true), EXPECT(true, true), WITHIN(false, true), RETURN(true, true);

    private final boolean opensStatement;
    /** A file's {@code program} header is no use at a prompt; {@code in} and {@code as} follow a name just typed. */
    private final boolean completed;

    Keyword(boolean opensStatement, boolean completed) {
        this.opensStatement = opensStatement;
        this.completed = completed;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The words a statement can begin with. */
    public static List<String> statementWords() {
        List<String> out = new ArrayList<>();
        for (Keyword k : values()) if (k.opensStatement) out.add(k.word());
        return out;
    }

    /** The words tab completion offers. */
    public static List<String> completedWords() {
        List<String> out = new ArrayList<>();
        for (Keyword k : values()) if (k.completed) out.add(k.word());
        return out;
    }
}
