package tp.syntax;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.TerminalNode;
import tp.grammar.TensorProgramParser.*;

/** Parse tree to AST records. The only class that sees ANTLR's contexts. */
final class AstBuilder {
    private final SourceFile source;

    /** The span of the expression being built last: where a too-deep expression is reported. */
    private Span last;
    /** Numbers that are not doubles. */
    final List<Diagnostic> errors = new ArrayList<>();

    AstBuilder(SourceFile source) {
        this.source = source;
    }

    Span last() {
        return last;
    }

    List<Stmt> file(FileContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) out.add(statement(s));
        return out;
    }

    private Span span(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = ctx.getStop() == null ? a : ctx.getStop();
        int length = a.getLine() == b.getLine() ? b.getStopIndex() - a.getStartIndex() + 1 : a.getText().length();
        return new Span(source, a.getLine(), a.getCharPositionInLine() + 1, Math.max(1, length));
    }

    private Span span(Token t) {
        return new Span(source, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, t.getText().length()));
    }

    private Span span(TerminalNode t) {
        return span(t.getSymbol());
    }

    /** The expression's text, spaces removed, cut out of the source when first asked for. */
    private static Expr.Text text(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = ctx.getStop() == null ? a : ctx.getStop();
        return new Expr.Text(() -> a.getInputStream().getText(Interval.of(a.getStartIndex(), b.getStopIndex())));
    }

    private static String rawText(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = ctx.getStop() == null ? a : ctx.getStop();
        return a.getInputStream().getText(Interval.of(a.getStartIndex(), b.getStopIndex())).replaceAll("\\s+", " ");
    }

    private List<Stmt> block(BlockContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StatementContext s : ctx.statement()) out.add(statement(s));
        return out;
    }

    private Stmt statement(StatementContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof ProgramStmtContext c) return new Stmt.ProgramName(span, c.ID().getText());
        if (ctx instanceof ParamStmtContext c) return new Stmt.Param(span(c.ID()), c.ID().getText(), expr(c.expr()));
        if (ctx instanceof MatrixStmtContext c) {
            return new Stmt.MatrixDecl(span, targets(c.target()), expr(c.expr(0)), expr(c.expr(1)));
        }
        if (ctx instanceof VectorStmtContext c) {
            return new Stmt.VectorDecl(span, targets(c.target()), expr(c.expr(0)), expr(c.expr(1)));
        }
        if (ctx instanceof DefExprStmtContext c) {
            Expr body = expr(c.expr());
            return new Stmt.Def(span(c.ID()), c.ID().getText(), ids(c.idList()), idSpans(c.idList()),
                    List.of(new Stmt.Return(body.span(), body)));
        }
        if (ctx instanceof DefBlockStmtContext c) {
            return new Stmt.Def(span(c.ID()), c.ID().getText(), ids(c.idList()), idSpans(c.idList()), block(c.block()));
        }
        if (ctx instanceof ReturnStmtContext c) return new Stmt.Return(span, expr(c.expr()));
        if (ctx instanceof ForStmtContext c) {
            return new Stmt.For(span(c.ID()), c.ID().getText(), expr(c.expr(0)), expr(c.expr(1)), block(c.block()));
        }
        if (ctx instanceof IfStatementContext c) return ifStmt(c.ifStmt());
        if (ctx instanceof ImportStmtContext c) {
            String s = c.STRING().getText();
            return new Stmt.Import(span(c.STRING()), s.substring(1, s.length() - 1));
        }
        if (ctx instanceof OutputStmtContext c) {
            List<Stmt.OutputItem> items = new ArrayList<>();
            for (OutItemContext o : c.outItem()) {
                List<Expr> indices = new ArrayList<>();
                for (int i = 1; i < o.expr().size(); i++) indices.add(expr(o.expr(i)));
                items.add(new Stmt.OutputItem(span(o), expr(o.expr(0)), o.ID() == null ? null : o.ID().getText(), indices));
            }
            return new Stmt.Output(span, items);
        }
        if (ctx instanceof ExpectStmtContext c) {
            Expr tol = c.expr().size() > 1 ? expr(c.expr(1)) : null;
            return new Stmt.Expect(span(c.expr(0)), expr(c.expr(0)), tol, rawText(ctx).replaceFirst("^expect\\s*", ""));
        }
        if (ctx instanceof AssignStmtContext c) {
            List<Expr> indices = new ArrayList<>();
            List<ExprContext> es = c.expr();
            for (int i = 0; i < es.size() - 1; i++) indices.add(expr(es.get(i)));
            return new Stmt.Assign(span(c.ID()), c.ID().getText(), indices, expr(es.get(es.size() - 1)));
        }
        throw new AssertionError(ctx.getClass());
    }

    private Stmt.If ifStmt(IfStmtContext c) {
        List<Stmt> otherwise = List.of();
        if (c.ifStmt() != null) otherwise = List.of(ifStmt(c.ifStmt()));
        else if (c.block().size() > 1) otherwise = block(c.block(1));
        return new Stmt.If(span(c.expr()), expr(c.expr()), block(c.block(0)), otherwise);
    }

    private List<Stmt.Target> targets(List<TargetContext> ts) {
        List<Stmt.Target> out = new ArrayList<>();
        for (TargetContext t : ts) {
            List<Expr[]> ranges = new ArrayList<>();
            for (int i = 0; i + 1 < t.expr().size(); i += 2) {
                ranges.add(new Expr[] {expr(t.expr(i)), expr(t.expr(i + 1))});
            }
            out.add(new Stmt.Target(span(t), t.ID().getText(), ranges));
        }
        return out;
    }

    private static List<String> ids(IdListContext c) {
        List<String> out = new ArrayList<>();
        if (c != null) for (TerminalNode id : c.ID()) out.add(id.getText());
        return out;
    }

    private List<Span> idSpans(IdListContext c) {
        List<Span> out = new ArrayList<>();
        if (c != null) for (TerminalNode id : c.ID()) out.add(span(id));
        return out;
    }

    /** The left operand of a left-associative binary expression ({@code a + b}, {@code a * b}, …), else null. */
    private static ExprContext leftOperand(ExprContext ctx) {
        if (ctx instanceof AddExprContext || ctx instanceof MulExprContext || ctx instanceof CompareExprContext
                || ctx instanceof AndExprContext || ctx instanceof OrExprContext) {
            return ctx.getRuleContext(ExprContext.class, 0);
        }
        return null;
    }

    private static String operator(ExprContext ctx) {
        if (ctx instanceof AddExprContext c) return c.op.getText();
        if (ctx instanceof MulExprContext c) return c.op.getText();
        if (ctx instanceof CompareExprContext c) return c.op.getText();
        return ctx instanceof AndExprContext ? "&&" : "||";
    }

    private Expr expr(ExprContext ctx) {
        if (leftOperand(ctx) != null) return chain(ctx);
        return one(ctx);
    }

    /**
     * {@code a + b + c + …}: a parse tree as deep as the chain is long, built bottom-up in a loop,
     * so that the length of a sum does not decide the depth of recursion.
     */
    private Expr chain(ExprContext top) {
        java.util.ArrayDeque<ExprContext> spine = new java.util.ArrayDeque<>();
        ExprContext c = top;
        while (leftOperand(c) != null) {
            spine.push(c);
            c = leftOperand(c);
        }
        Expr acc = one(c);
        while (!spine.isEmpty()) {
            ExprContext b = spine.pop();
            last = span(b);
            acc = binary(acc, operator(b), b.getRuleContext(ExprContext.class, 1), b, text(b));
        }
        return acc;
    }

    /** An expression that is not a left-associative chain (its operands may be). */
    private Expr one(ExprContext ctx) {
        Span span = span(ctx);
        last = span;
        Expr.Text text = text(ctx);
        if (ctx instanceof NumberExprContext c) {
            double v = Double.parseDouble(c.NUMBER().getText());
            if (Double.isInfinite(v)) {
                errors.add(Diagnostic.error(span, "the number " + c.NUMBER().getText() + " is too large: numbers are doubles, "
                        + "at most about 1.8e308"));
                v = 0;
            }
            return new Expr.Num(span, v, text);
        }
        if (ctx instanceof NameExprContext c) return new Expr.Name(span, c.ID().getText());
        if (ctx instanceof CallExprContext c) {
            List<Expr> args = new ArrayList<>();
            for (ExprContext e : c.expr()) args.add(expr(e));
            return new Expr.Call(span(c.ID()), c.ID().getText(), args, text);
        }
        if (ctx instanceof ParenExprContext c) return expr(c.expr());
        if (ctx instanceof ListExprContext c) {
            List<Expr> items = new ArrayList<>();
            for (ExprContext e : c.expr()) items.add(expr(e));
            return new Expr.ListLit(span, items, text);
        }
        if (ctx instanceof IndexExprContext c) return new Expr.Index(span, expr(c.expr(0)), expr(c.expr(1)), text);
        if (ctx instanceof TransposeExprContext c) return new Expr.Transpose(span, expr(c.expr()), text);
        if (ctx instanceof NegExprContext c) return new Expr.Unary(span(c.op), "-", expr(c.expr()), text);
        if (ctx instanceof NotExprContext c) return new Expr.Unary(span(c.op), "!", expr(c.expr()), text);
        if (ctx instanceof PowerExprContext c) return binary(c.expr(0), "^", c.expr(1), c, text);
        if (ctx instanceof MatmulExprContext c) return binary(c.expr(0), "@", c.expr(1), c, text);
        throw new AssertionError(ctx.getClass());
    }

    private Expr binary(ExprContext l, String op, ExprContext r, ExprContext whole, Expr.Text text) {
        return binary(expr(l), op, r, whole, text);
    }

    /** A binary expression's span points at its operator: that is where kind errors are. */
    private Expr binary(Expr left, String op, ExprContext r, ExprContext whole, Expr.Text text) {
        Token opToken = null;
        for (int i = 0; i < whole.getChildCount(); i++) {
            if (whole.getChild(i) instanceof TerminalNode t && t.getText().equals(op)) {
                opToken = t.getSymbol();
                break;
            }
        }
        Span span = opToken != null ? span(opToken) : span(whole);
        return new Expr.Binary(span, op, left, expr(r), text);
    }
}
