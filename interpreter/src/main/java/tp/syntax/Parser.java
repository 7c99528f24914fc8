package tp.syntax;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import tp.grammar.TensorProgramLexer;
import tp.grammar.TensorProgramParser;

/** Text to AST. Collects every syntax error ANTLR's recovery finds, each with its position. */
public final class Parser {
    private Parser() {}

    public static List<Stmt> parse(SourceFile source) {
        List<Diagnostic> errors = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                int length = 1;
                if (offending instanceof Token t && t.getType() != Token.EOF) {
                    length = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
                }
                errors.add(Diagnostic.error(new Span(source, line, col + 1, length), "syntax error: " + explain(msg)));
            }
        };
        TensorProgramLexer lexer = new TensorProgramLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        TensorProgramParser parser = new TensorProgramParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        TensorProgramParser.FileContext tree = parser.file();
        if (!errors.isEmpty()) throw new ProgramError(errors);
        return new AstBuilder(source).file(tree);
    }

    /** ANTLR's wording, turned towards the user. */
    static String explain(String msg) {
        String m = msg.replace("<EOF>", "end of file");
        if (m.startsWith("token recognition error at: ")) {
            return "unexpected character " + m.substring("token recognition error at: ".length());
        }
        if (m.startsWith("extraneous input ")) {
            m = "unexpected " + m.substring("extraneous input ".length());
        } else if (m.startsWith("mismatched input ")) {
            m = "unexpected " + m.substring("mismatched input ".length());
        } else if (m.startsWith("no viable alternative at input ")) {
            String in = m.substring("no viable alternative at input ".length());
            m = "cannot read " + in + " as a statement or expression";
        } else if (m.startsWith("missing ")) {
            m = m.replaceFirst("missing (.*) at (.*)", "missing $1 before $2");
        }
        m = m.replaceAll("expecting \\{(.{60,})\\}", "expecting a statement or expression");
        m = m.replace(" expecting ", "; expected ");
        return m.replace("'", "`").replace("{", "one of ").replace("}", "");
    }
}
