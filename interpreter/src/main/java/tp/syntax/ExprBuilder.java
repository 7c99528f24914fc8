package tp.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.RuleNode;
import tp.grammar.TensorProgramBaseVisitor;
import tp.grammar.TensorProgramParser.*;

/** Expression contexts to {@link Expr} records, one visit method for each alternative of the grammar's {@code expr}. */
final class ExprBuilder extends TensorProgramBaseVisitor<Expr> {
    private final Spans spans;
    private final List<Diagnostic> errors;

    /** The span of the expression being built last: where a too-deep expression is reported. */
    private Span last;

    ExprBuilder(Spans spans, List<Diagnostic> errors) {
        this.spans = spans;
        this.errors = errors;
    }

    Span last() {
        return last;
    }

    /** An alternative without a visit method here is a grammar change the syntax tree has not followed. */
    @Override
    public Expr visitChildren(RuleNode node) {
        throw new AssertionError(node.getClass());
    }

    /** The expression's text, spaces removed, cut out of the source when first asked for. */
    private static Expr.Text text(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = Spans.stop(ctx);
        return new Expr.Text(() -> Spans.text(a, b));
    }

    /** Entering a node that is not part of a left-associative chain: it is the one being built. */
    private Span enter(ParserRuleContext ctx) {
        last = spans.of(ctx);
        return last;
    }

    @Override
    public Expr visitNumberExpr(NumberExprContext c) {
        Span span = enter(c);
        double v = Double.parseDouble(c.NUMBER().getText());
        if (Double.isInfinite(v)) {
            errors.add(Diagnostic.error(span, "the number " + c.NUMBER().getText() + " is too large: numbers are doubles, "
                    + "at most about 1.8e308"));
            v = 0;
        }
        return new Expr.Num(span, v, text(c));
    }

    @Override
    public Expr visitNameExpr(NameExprContext c) {
        return new Expr.Name(enter(c), c.ID().getText());
    }

    @Override
    public Expr visitStringExpr(StringExprContext c) {
        Span span = enter(c);
        String s = c.STRING().getText();
        return new Expr.Str(span, s.substring(1, s.length() - 1), text(c));
    }

    /** Only {@code sum} takes an index range; the grammar accepts any name so that {@code sum} stays an ordinary name elsewhere. */
    @Override
    public Expr visitSumExpr(SumExprContext c) {
        enter(c);
        Span span = spans.of(c.ID(0));
        if (!c.ID(0).getText().equals("sum")) {
            errors.add(Diagnostic.error(span, "`" + c.ID(0).getText() + "(" + c.ID(1).getText()
                    + " in …: …)`: only `sum` takes an index range"));
        }
        return new Expr.Sum(span, c.ID(1).getText(), spans.of(c.ID(1)), visit(c.expr(0)), visit(c.expr(1)),
                visit(c.expr(2)), text(c));
    }

    @Override
    public Expr visitCallExpr(CallExprContext c) {
        enter(c);
        List<Expr> args = new ArrayList<>();
        for (ExprContext e : c.expr()) args.add(visit(e));
        return new Expr.Call(spans.of(c.ID()), c.ID().getText(), args, text(c));
    }

    @Override
    public Expr visitParenExpr(ParenExprContext c) {
        enter(c);
        return visit(c.expr());
    }

    @Override
    public Expr visitListExpr(ListExprContext c) {
        Span span = enter(c);
        List<Expr> items = new ArrayList<>();
        for (ExprContext e : c.expr()) items.add(visit(e));
        return new Expr.ListLit(span, items, text(c));
    }

    @Override
    public Expr visitIndexExpr(IndexExprContext c) {
        Span span = enter(c);
        return new Expr.Index(span, visit(c.expr(0)), visit(c.expr(1)), text(c));
    }

    @Override
    public Expr visitTransposeExpr(TransposeExprContext c) {
        Span span = enter(c);
        return new Expr.Transpose(span, visit(c.expr()), text(c));
    }

    @Override
    public Expr visitNegExpr(NegExprContext c) {
        enter(c);
        return new Expr.Unary(spans.of(c.op), Prefix.NEG, visit(c.expr()), text(c));
    }

    @Override
    public Expr visitNotExpr(NotExprContext c) {
        enter(c);
        return new Expr.Unary(spans.of(c.op), Prefix.NOT, visit(c.expr()), text(c));
    }

    @Override
    public Expr visitPowerExpr(PowerExprContext c) {
        enter(c);
        return binary(visit(c.expr(0)), c.op, c.expr(1), c);
    }

    @Override
    public Expr visitMatmulExpr(MatmulExprContext c) {
        enter(c);
        return binary(visit(c.expr(0)), c.op, c.expr(1), c);
    }

    @Override
    public Expr visitMulExpr(MulExprContext c) {
        return chain(c);
    }

    @Override
    public Expr visitAddExpr(AddExprContext c) {
        return chain(c);
    }

    @Override
    public Expr visitCompareExpr(CompareExprContext c) {
        return chain(c);
    }

    @Override
    public Expr visitAndExpr(AndExprContext c) {
        return chain(c);
    }

    @Override
    public Expr visitOrExpr(OrExprContext c) {
        return chain(c);
    }

    /** A binary expression's span points at its operator: that is where kind errors are. */
    private Expr binary(Expr left, Token op, ExprContext right, ParserRuleContext whole) {
        return new Expr.Binary(spans.of(op), Operator.of(op.getText()), left, visit(right), text(whole));
    }

    /** One link {@code left op right} of a left-associative chain ({@code a + b}, {@code a * b}, …). */
    private record Link(ParserRuleContext whole, ExprContext left, Token op, ExprContext right) {}

    /** The link a node is, or null for a node that is not part of a left-associative chain. */
    private static final TensorProgramBaseVisitor<Link> LINKS = new TensorProgramBaseVisitor<>() {
        @Override
        public Link visitChildren(RuleNode node) {
            return null;
        }

        @Override
        public Link visitMulExpr(MulExprContext c) {
            return new Link(c, c.expr(0), c.op, c.expr(1));
        }

        @Override
        public Link visitAddExpr(AddExprContext c) {
            return new Link(c, c.expr(0), c.op, c.expr(1));
        }

        @Override
        public Link visitCompareExpr(CompareExprContext c) {
            return new Link(c, c.expr(0), c.op, c.expr(1));
        }

        @Override
        public Link visitAndExpr(AndExprContext c) {
            return new Link(c, c.expr(0), c.op, c.expr(1));
        }

        @Override
        public Link visitOrExpr(OrExprContext c) {
            return new Link(c, c.expr(0), c.op, c.expr(1));
        }
    };

    /**
     * {@code a + b + c + …}: a parse tree as deep as the chain is long, built bottom-up in a loop,
     * so that the length of a sum does not decide the depth of recursion.
     */
    private Expr chain(ExprContext top) {
        ArrayDeque<Link> spine = new ArrayDeque<>();
        ExprContext c = top;
        for (Link l = c.accept(LINKS); l != null; l = c.accept(LINKS)) {
            spine.push(l);
            c = l.left();
        }
        Expr acc = visit(c);
        while (!spine.isEmpty()) {
            Link l = spine.pop();
            last = spans.of(l.whole());
            acc = binary(acc, l.op(), l.right(), l.whole());
        }
        return acc;
    }
}
