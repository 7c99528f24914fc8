package tp.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.Vocabulary;
import org.junit.jupiter.api.Test;
import tp.grammar.TensorProgramLexer;

/** {@link Keyword} restates the grammar's reserved words; this keeps the two from drifting apart. */
class KeywordTest {
    @Test
    void keywordsAreTheGrammarsWords() {
        Vocabulary v = TensorProgramLexer.VOCABULARY;
        Set<String> grammar = new TreeSet<>();
        for (int t = 0; t <= v.getMaxTokenType(); t++) {
            String literal = v.getLiteralName(t);
            if (literal != null && literal.matches("'[a-z]+'")) grammar.add(literal.substring(1, literal.length() - 1));
        }
        Set<String> listed = new TreeSet<>();
        for (Keyword k : Keyword.values()) listed.add(k.word());
        assertEquals(grammar, listed);
    }
}
