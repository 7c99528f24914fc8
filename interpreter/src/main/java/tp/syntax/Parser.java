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
        return read(source, TensorProgramParser::file, AstBuilder::file);
    }

    /** One expression on its own: the value of {@code --set NAME=VALUE}, read by the same grammar as programs. */
    public static Expr parseValue(SourceFile source) {
        return read(source, TensorProgramParser::standalone, AstBuilder::standalone);
    }

    private static <C, T> T read(SourceFile source, java.util.function.Function<TensorProgramParser, C> rule,
                                 java.util.function.BiFunction<AstBuilder, C, T> build) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Token> all = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                int length = 1;
                if (offending instanceof Token t && t.getType() != Token.EOF) {
                    length = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
                }
                String hint = offending instanceof Token t ? loopHint(all, t) : "";
                errors.add(Diagnostic.syntaxError(new Span(source, line, col + 1, length), explain(msg) + hint));
            }
        };
        TensorProgramLexer lexer = new TensorProgramLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        all.addAll(tokens.getTokens());
        scan(source, tokens.getTokens());
        TensorProgramParser parser = new TensorProgramParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        C tree;
        try {
            tree = rule.apply(parser);
        } catch (StackOverflowError e) {
            throw new ProgramError(at(source, parser.getCurrentToken()), "the program is nested too deeply to be read here"
                    + LIMITS);
        }
        if (!errors.isEmpty()) throw new ProgramError(errors);
        AstBuilder builder = new AstBuilder(source);
        T result;
        try {
            result = build.apply(builder, tree);
        } catch (StackOverflowError e) {
            throw new ProgramError(builder.last() == null ? new Span(source, 1, 1, 1) : builder.last(),
                    "this expression is nested too deeply to be read" + LIMITS);
        }
        if (!builder.errors.isEmpty()) throw new ProgramError(builder.errors);
        return result;
    }

    /** Brackets and blocks may nest this deep (docs/language.md, "Limits"). */
    public static final int MAX_NESTING = 100_000;

    private static final String LIMITS = " (see \"Limits\" in docs/language.md)";

    private static Span at(SourceFile source, Token t) {
        if (t == null) return new Span(source, 1, 1, 1);
        int length = t.getType() == Token.EOF ? 1 : Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
        return new Span(source, Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
    }

    /**
     * What the grammar cannot say well, found on the tokens before parsing: a comment opened and
     * never closed (the lexer reads {@code /*} as a division and a product), and nesting deeper than
     * {@link #MAX_NESTING}.
     */
    private static void scan(SourceFile source, List<Token> tokens) {
        int depth = 0;
        Token previous = null;
        for (Token t : tokens) {
            String s = t.getType() == Token.EOF ? "" : t.getText();
            if (previous != null && previous.getText().equals("/") && s.equals("*")
                    && previous.getStopIndex() + 1 == t.getStartIndex()) {
                throw new ProgramError(new Span(source, previous.getLine(), previous.getCharPositionInLine() + 1, 2),
                        "unterminated comment: `/*` is never closed by `*/`");
            }
            switch (s) {
                case "(": case "[": case "{":
                    if (++depth > MAX_NESTING) {
                        throw new ProgramError(at(source, t), "brackets nested too deeply (more than " + MAX_NESTING
                                + " levels; the limit is " + MAX_NESTING + ")" + LIMITS);
                    }
                    break;
                case ")": case "]": case "}":
                    depth = Math.max(0, depth - 1);
                    break;
                default:
                    break;
            }
            previous = t;
        }
    }

    /**
     * When the block of a {@code for} is unexpected because what it runs over is not a range (`for
     * l in [1, 5] {`, `for l in xs {`), says what a loop runs over.
     */
    static String loopHint(List<Token> all, Token t) {
        if (!"{".equals(t.getText()) || t.getTokenIndex() < 0) return "";
        for (int i = t.getTokenIndex() - 1; i >= 2 && i >= t.getTokenIndex() - 200; i--) {
            String x = all.get(i).getText();
            if ("..".equals(x) || "{".equals(x) || "}".equals(x)) return "";
            if ("in".equals(x) && "for".equals(all.get(i - 2).getText())) {
                return " (a `for` loop runs over a range of integers: `for " + all.get(i - 1).getText() + " in LO..HI { … }`)";
            }
        }
        return "";
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
        // braces around ANTLR's set of expected tokens read "one of"; a brace the user wrote stays one
        int set = m.indexOf("; expected {");
        if (set >= 0 && m.endsWith("}")) {
            m = m.substring(0, set) + "; expected one of " + m.substring(set + "; expected {".length(), m.length() - 1);
        }
        return m.replace("'", "`");
    }
}
