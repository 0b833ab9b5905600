using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace NMcs.Plugins;

/// <summary>
/// Rewrites a checked rule so that <see cref="RuleBudget"/> can stop it on the caller's thread: a call to
/// <see cref="RuleBudget.Enter"/> at the entry of every method, constructor, accessor, operator, local function,
/// lambda and anonymous method (expression bodies become blocks), <see cref="RuleBudget.Checkpoint"/> at the top of
/// every loop body, and <c>!RuleBudget.Exhausted</c> in the filter of every catch clause.
/// </summary>
/// <remarks>
/// Nothing is put on a line of its own: each injected call sits on the line of the code it precedes, so sequence
/// points, stack traces and warnings keep the author's line numbers (columns shift only on a line that got a call).
/// With loops, calls and recursion covered and <c>goto</c> refused by <see cref="ForbiddenApiChecker"/>, rule code
/// cannot run for long without passing a checkpoint; only a single long call into the framework can.
/// </remarks>
internal sealed class BudgetInstrumenter(SemanticModel model) : CSharpSyntaxRewriter
{
    private const string Budget = "global::NMcs.Plugins.RuleBudget";

    private static readonly StatementSyntax EnterCall = ParseStatement($"{Budget}.{nameof(RuleBudget.Enter)}();");
    private static readonly StatementSyntax CheckpointCall = ParseStatement($"{Budget}.{nameof(RuleBudget.Checkpoint)}();");
    private static readonly ExpressionSyntax NotExhausted = ParseExpression($"!{Budget}.{nameof(RuleBudget.Exhausted)}");

    /// <summary>The instrumented copy of <paramref name="tree"/> (same path and options), for emit only.</summary>
    public static SyntaxTree Instrument(SyntaxTree tree, SemanticModel model)
    {
        var root = new BudgetInstrumenter(model).Visit(tree.GetRoot());
        return CSharpSyntaxTree.Create((CSharpSyntaxNode)root, (CSharpParseOptions)tree.Options, tree.FilePath, tree.Encoding);
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
        Instrument((MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!, IsVoid(node.ReturnType));

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var f = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return f.Body is { } body
            ? f.WithBody(Prepend(body, EnterCall))
            : f.ExpressionBody is { } arrow
                ? f.WithExpressionBody(null).WithSemicolonToken(default).WithBody(ToBlock(arrow, f.SemicolonToken, IsVoid(node.ReturnType)))
                : f;
    }

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        Instrument((ConstructorDeclarationSyntax)base.VisitConstructorDeclaration(node)!, returnsVoid: true);

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
        Instrument((OperatorDeclarationSyntax)base.VisitOperatorDeclaration(node)!, IsVoid(node.ReturnType));

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        Instrument((ConversionOperatorDeclarationSyntax)base.VisitConversionOperatorDeclaration(node)!, returnsVoid: false);

    // Methods, constructors and operators: an entry checkpoint at the top of the body; an arrow body becomes a block.
    private static BaseMethodDeclarationSyntax Instrument(BaseMethodDeclarationSyntax m, bool returnsVoid) =>
        m.Body is { } body
            ? m.WithBody(Prepend(body, EnterCall))
            : m.ExpressionBody is { } arrow
                ? m.WithExpressionBody(null).WithSemicolonToken(default).WithBody(ToBlock(arrow, m.SemicolonToken, returnsVoid))
                : m;

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var a = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        var returnsVoid = !node.IsKind(SyntaxKind.GetAccessorDeclaration);
        return a.Body is { } body
            ? a.WithBody(Prepend(body, EnterCall))
            : a.ExpressionBody is { } arrow
                ? a.WithExpressionBody(null).WithSemicolonToken(default).WithBody(ToBlock(arrow, a.SemicolonToken, returnsVoid))
                : a; // auto-accessor: no rule code
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var p = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        return p.ExpressionBody is { } arrow
            ? p.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, p.SemicolonToken))
            : p;
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var i = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        return i.ExpressionBody is { } arrow
            ? i.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(Getter(arrow, i.SemicolonToken))
            : i;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var l = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return l.Block is { } block
            ? l.WithBlock(Prepend(block, EnterCall))
            : l.ExpressionBody is { } body ? l.WithExpressionBody(null).WithBlock(LambdaBlock(body, LambdaReturnsVoid(node))) : l;
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var l = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return l.Block is { } block
            ? l.WithBlock(Prepend(block, EnterCall))
            : l.ExpressionBody is { } body ? l.WithExpressionBody(null).WithBlock(LambdaBlock(body, LambdaReturnsVoid(node))) : l;
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var a = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return a.WithBlock(Prepend(a.Block, EnterCall));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var w = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return w.WithStatement(LoopBody(w.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var d = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return d.WithStatement(LoopBody(d.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var f = (ForStatementSyntax)base.VisitForStatement(node)!;
        return f.WithStatement(LoopBody(f.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var f = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return f.WithStatement(LoopBody(f.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var f = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return f.WithStatement(LoopBody(f.Statement));
    }

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var c = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        if (c.Filter is { } filter)
        {
            // when (!Exhausted && (original)): the original filter is not even evaluated once the call is stopped.
            var guarded = BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                NotExhausted,
                Token(SyntaxKind.AmpersandAmpersandToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
                ParenthesizedExpression(filter.FilterExpression));
            return c.WithFilter(filter.WithFilterExpression(guarded));
        }

        // Move the trivia after 'catch' or its declaration behind the new filter, so the line breaks stay put.
        var newFilter = CatchFilterClause(
            Token(SyntaxKind.WhenKeyword).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
            Token(SyntaxKind.OpenParenToken),
            NotExhausted,
            Token(SyntaxKind.CloseParenToken));
        if (c.Declaration is { } declaration)
        {
            var close = declaration.CloseParenToken;
            return c.WithDeclaration(declaration.WithCloseParenToken(close.WithTrailingTrivia()))
                .WithFilter(newFilter.WithCloseParenToken(newFilter.CloseParenToken.WithTrailingTrivia(close.TrailingTrivia)));
        }

        var keyword = c.CatchKeyword;
        return c.WithCatchKeyword(keyword.WithTrailingTrivia())
            .WithFilter(newFilter.WithCloseParenToken(newFilter.CloseParenToken.WithTrailingTrivia(keyword.TrailingTrivia.Any() ? keyword.TrailingTrivia : TriviaList(Space))));
    }

    public override SyntaxNode? VisitFinallyClause(FinallyClauseSyntax node)
    {
        var f = (FinallyClauseSyntax)base.VisitFinallyClause(node)!;
        var loops = node.Block
            .DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax);
        if (!loops)
        {
            return f;
        }

        // .NET 10 crashes the process (SIGSEGV) when a loop written directly in a finally block throws while that
        // finally runs during exception unwinding (seen with tiered compilation/OSR). The same loop one call deeper is
        // fine, so such a body runs as a lambda: finally { B } -> finally {((global::System.Action)(() => { B }))();}
        var lambda = ParenthesizedLambdaExpression(ParameterList(), f.Block.WithoutLeadingTrivia().WithoutTrailingTrivia(), null);
        var call = ExpressionStatement(InvocationExpression(ParenthesizedExpression(
            CastExpression(ParseTypeName("global::System.Action"), ParenthesizedExpression(lambda)))));
        return f.WithBlock(Block(
            Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(f.Block.GetLeadingTrivia()),
            List<StatementSyntax>([call]),
            Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(f.Block.GetTrailingTrivia())));
    }

    private bool LambdaReturnsVoid(LambdaExpressionSyntax lambda) =>
        model.GetSymbolInfo(lambda).Symbol is IMethodSymbol { ReturnsVoid: true };

    private static bool IsVoid(TypeSyntax type) => type is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword);

    /// <summary><c>{ stmt</c> → <c>{Call(); stmt</c>, the call before the brace's line break.</summary>
    private static BlockSyntax Prepend(BlockSyntax block, StatementSyntax call)
    {
        var open = block.OpenBraceToken;
        return block
            .WithOpenBraceToken(open.WithTrailingTrivia())
            .WithStatements(block.Statements.Insert(0, call.WithTrailingTrivia(open.TrailingTrivia)));
    }

    /// <summary>A loop body with a checkpoint on top; a single statement is wrapped in a block on its own line(s).</summary>
    private static BlockSyntax LoopBody(StatementSyntax statement)
    {
        if (statement is BlockSyntax block)
        {
            return Prepend(block, CheckpointCall);
        }

        return Block(
            Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(statement.GetLeadingTrivia()),
            List([CheckpointCall, statement.WithoutLeadingTrivia().WithoutTrailingTrivia()]),
            Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(statement.GetTrailingTrivia()));
    }

    /// <summary><c>=&gt; expr;</c> → <c>{Enter(); return expr;}</c> (or <c>expr;</c> / <c>throw ...;</c>), on the same lines.</summary>
    private static BlockSyntax ToBlock(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon, bool returnsVoid)
    {
        var statement = Statement(arrow.Expression.WithoutTrailingTrivia(), returnsVoid, semicolon.WithoutTrivia());
        return Block(
            Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(arrow.ArrowToken.LeadingTrivia),
            List([EnterCall.WithTrailingTrivia(arrow.ArrowToken.TrailingTrivia), statement.WithTrailingTrivia(arrow.Expression.GetTrailingTrivia())]),
            Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(semicolon.LeadingTrivia).WithTrailingTrivia(semicolon.TrailingTrivia));
    }

    private static AccessorListSyntax Getter(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
        AccessorList(
            Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(arrow.ArrowToken.LeadingTrivia),
            List([AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, ToBlock(arrow.WithArrowToken(arrow.ArrowToken.WithoutTrivia()), semicolon.WithoutTrivia(), returnsVoid: false))
                .WithTrailingTrivia(arrow.ArrowToken.TrailingTrivia)]),
            Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(semicolon.LeadingTrivia).WithTrailingTrivia(semicolon.TrailingTrivia));

    private static BlockSyntax LambdaBlock(CSharpSyntaxNode body, bool returnsVoid)
    {
        var expression = (ExpressionSyntax)body;
        var statement = Statement(expression.WithoutTrailingTrivia(), returnsVoid, Token(SyntaxKind.SemicolonToken));
        return Block(
            Token(SyntaxKind.OpenBraceToken),
            List([EnterCall, statement]),
            Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(expression.GetTrailingTrivia()));
    }

    private static StatementSyntax Statement(ExpressionSyntax expression, bool returnsVoid, SyntaxToken semicolon) =>
        expression switch
        {
            ThrowExpressionSyntax thrown => ThrowStatement(default, thrown.ThrowKeyword, thrown.Expression, semicolon),
            _ when returnsVoid => ExpressionStatement(default, expression, semicolon),
            _ => ReturnStatement(default, Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(Space), expression, semicolon),
        };
}
