package tp.syntax;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.tree.RuleNode;
import org.antlr.v4.runtime.tree.TerminalNode;
import tp.grammar.TensorProgramBaseVisitor;
import tp.grammar.TensorProgramParser.*;

/**
 * Parse tree to AST records, one visit method for each alternative of the grammar's
 * {@code statement}; expressions are left to {@link ExprBuilder}. Past this package, nothing
 * sees ANTLR's contexts or reads an operator as a string.
 */
final class AstBuilder extends TensorProgramBaseVisitor<Stmt> {
    private final Spans spans;
    private final ExprBuilder exprs;
    /** Numbers that are not doubles. */
    final List<Diagnostic> errors = new ArrayList<>();

    AstBuilder(SourceFile source) {
        this.spans = new Spans(source);
        this.exprs = new ExprBuilder(spans, errors);
    }

    /** The span of the expression being built last: where a too-deep expression is reported. */
    Span last() {
        return exprs.last();
    }

    List<Stmt> file(FileContext ctx) {
        return statements(ctx.statement());
    }

    /** A value on its own ({@code --set NAME=VALUE}). */
    Expr standalone(StandaloneContext ctx) {
        return expr(ctx.expr());
    }

    /** An alternative without a visit method here is a grammar change the syntax tree has not followed. */
    @Override
    public Stmt visitChildren(RuleNode node) {
        throw new AssertionError(node.getClass());
    }

    private List<Stmt> statements(List<StatementContext> ss) {
        List<Stmt> out = new ArrayList<>();
        for (StatementContext s : ss) out.add(visit(s));
        return out;
    }

    private List<Stmt> block(BlockContext ctx) {
        return statements(ctx.statement());
    }

    private Expr expr(ExprContext ctx) {
        return exprs.visit(ctx);
    }

    @Override
    public Stmt visitProgramStmt(ProgramStmtContext c) {
        return new Stmt.ProgramName(spans.of(c), c.ID().getText());
    }

    @Override
    public Stmt visitParamStmt(ParamStmtContext c) {
        return new Stmt.Param(spans.of(c.ID()), c.ID().getText(), expr(c.expr()));
    }

    @Override
    public Stmt visitMatrixStmt(MatrixStmtContext c) {
        return new Stmt.MatrixDecl(spans.of(c), targets(c.target()), expr(c.expr(0)), expr(c.expr(1)));
    }

    @Override
    public Stmt visitVectorStmt(VectorStmtContext c) {
        return new Stmt.VectorDecl(spans.of(c), targets(c.target()), expr(c.expr(0)), expr(c.expr(1)));
    }

    @Override
    public Stmt visitDefExprStmt(DefExprStmtContext c) {
        Expr body = expr(c.expr());
        return new Stmt.Def(spans.of(c.ID()), c.ID().getText(), ids(c.idList()), idSpans(c.idList()),
                List.of(new Stmt.Return(body.span(), body)));
    }

    @Override
    public Stmt visitDefBlockStmt(DefBlockStmtContext c) {
        return new Stmt.Def(spans.of(c.ID()), c.ID().getText(), ids(c.idList()), idSpans(c.idList()), block(c.block()));
    }

    @Override
    public Stmt visitReturnStmt(ReturnStmtContext c) {
        return new Stmt.Return(spans.of(c), expr(c.expr()));
    }

    @Override
    public Stmt visitForStmt(ForStmtContext c) {
        return new Stmt.For(spans.of(c.ID()), c.ID().getText(), expr(c.expr(0)), expr(c.expr(1)), block(c.block()));
    }

    @Override
    public Stmt visitIfStatement(IfStatementContext c) {
        return visitIfStmt(c.ifStmt());
    }

    @Override
    public Stmt.If visitIfStmt(IfStmtContext c) {
        List<Stmt> otherwise = List.of();
        if (c.ifStmt() != null) otherwise = List.of(visitIfStmt(c.ifStmt()));
        else if (c.block().size() > 1) otherwise = block(c.block(1));
        return new Stmt.If(spans.of(c.expr()), expr(c.expr()), block(c.block(0)), otherwise);
    }

    @Override
    public Stmt visitImportStmt(ImportStmtContext c) {
        String s = c.STRING().getText();
        return new Stmt.Import(spans.of(c.STRING()), s.substring(1, s.length() - 1));
    }

    @Override
    public Stmt visitOutputStmt(OutputStmtContext c) {
        List<Stmt.OutputItem> items = new ArrayList<>();
        for (OutItemContext o : c.outItem()) {
            List<Expr> indices = new ArrayList<>();
            for (int i = 1; i < o.expr().size(); i++) indices.add(expr(o.expr(i)));
            items.add(new Stmt.OutputItem(spans.of(o), expr(o.expr(0)), o.ID() == null ? null : o.ID().getText(), indices));
        }
        return new Stmt.Output(spans.of(c), items);
    }

    @Override
    public Stmt visitExpectStmt(ExpectStmtContext c) {
        Expr tol = c.expr().size() > 1 ? expr(c.expr(1)) : null;
        String text = Spans.text(c.getStart(), Spans.stop(c)).replaceAll("\\s+", " ").replaceFirst("^expect\\s*", "");
        return new Stmt.Expect(spans.of(c.expr(0)), expr(c.expr(0)), tol, text);
    }

    @Override
    public Stmt visitAssignStmt(AssignStmtContext c) {
        List<Expr> indices = new ArrayList<>();
        List<ExprContext> es = c.expr();
        for (int i = 0; i < es.size() - 1; i++) indices.add(expr(es.get(i)));
        return new Stmt.Assign(spans.of(c.ID()), c.ID().getText(), indices, expr(es.get(es.size() - 1)));
    }

    private List<Stmt.Target> targets(List<TargetContext> ts) {
        List<Stmt.Target> out = new ArrayList<>();
        for (TargetContext t : ts) {
            List<Expr[]> ranges = new ArrayList<>();
            for (int i = 0; i + 1 < t.expr().size(); i += 2) {
                ranges.add(new Expr[] {expr(t.expr(i)), expr(t.expr(i + 1))});
            }
            out.add(new Stmt.Target(spans.of(t), t.ID().getText(), ranges));
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
        if (c != null) for (TerminalNode id : c.ID()) out.add(spans.of(id));
        return out;
    }
}
