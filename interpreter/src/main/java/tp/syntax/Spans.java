package tp.syntax;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Where parse-tree nodes are in the source, in the terms of diagnostics. */
final class Spans {
    private final SourceFile source;

    Spans(SourceFile source) {
        this.source = source;
    }

    /** A node's span; one that runs over several lines is cut to its first token, which is what a caret can show. */
    Span of(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = stop(ctx);
        int length = a.getLine() == b.getLine() ? b.getStopIndex() - a.getStartIndex() + 1 : a.getText().length();
        return new Span(source, a.getLine(), a.getCharPositionInLine() + 1, Math.max(1, length));
    }

    Span of(Token t) {
        return new Span(source, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, t.getText().length()));
    }

    Span of(TerminalNode t) {
        return of(t.getSymbol());
    }

    /** The last token of a node: its first when it matched nothing. */
    static Token stop(ParserRuleContext ctx) {
        return ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
    }

    /** The source text from the start of {@code a} to the end of {@code b}, as written. */
    static String text(Token a, Token b) {
        return a.getInputStream().getText(Interval.of(a.getStartIndex(), b.getStopIndex()));
    }
}
