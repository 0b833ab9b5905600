namespace NMcs.Plugins.Tests;

public sealed class CompilerTests
{
    private static readonly TariffRuleCompiler Compiler = new();

    [Fact]
    public void Compile_errors_come_back_with_file_line_column_id_and_message()
    {
        const string source = """
            using System.Collections.Generic;
            using NMcs.Rules;

            public sealed class Broken : ITariffRule
            {
                public RuleOutput Apply(RuleInput input)
                {
                    var x = input.RatedAmount
                    return new RuleOutput(x, "broken");
                }

                public IReadOnlyList<RuleSample> Samples => [];

                private int Wrong() => "text";
            }
            """;

        var result = Compiler.Compile(source, "Broken.cs");

        Assert.False(result.Succeeded);
        var missingSemicolon = Assert.Single(result.Errors, e => e.Id == "CS1002");
        Assert.Equal("Broken.cs", missingSemicolon.FileName);
        Assert.Equal(RuleDiagnosticKind.CompileError, missingSemicolon.Kind);
        // Line 8 is "        var x = input.RatedAmount": the ';' is expected right after column 34.
        Assert.Equal(8, missingSemicolon.Line);
        Assert.Equal(34, missingSemicolon.Column);
        Assert.Contains("; expected", missingSemicolon.Message, StringComparison.Ordinal);

        var conversion = Assert.Single(result.Errors, e => e.Id == "CS0029");
        Assert.Equal(14, conversion.Line);
        Assert.Equal(28, conversion.Column);
        Assert.StartsWith("Broken.cs: line 14, col 28: ", conversion.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_rule_compiles_and_reports_its_class_and_name()
    {
        var result = Compiler.Compile(TestRules.Multiplier(2m), "Multiplier.cs");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("Multiplier", result.ClassName);
        Assert.Equal("Multiplier", result.RuleName);
        Assert.Equal(64, result.Sha256.Length);
    }

    [Fact]
    public void A_declared_RuleName_constant_names_the_rule()
    {
        var source = TestRules.Multiplier(2m).Replace(
            "public sealed class Multiplier : ITariffRule\n{",
            "public sealed class Multiplier : ITariffRule\n{\n    public const string RuleName = \"double-it\";",
            StringComparison.Ordinal);

        var result = Compiler.Compile(source, "Multiplier.cs");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("double-it", result.RuleName);
    }

    [Fact]
    public void The_allow_list_covers_what_pricing_code_needs()
    {
        // LINQ, collections, invariant parsing and formatting, Math, spans, tuples, records, local functions, string.Create.
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.Linq;
            using System.Text;
            using NMcs.Rules;

            namespace Pricing;

            public sealed record Tier(decimal Upto, decimal Price);

            public sealed class Everything : ITariffRule
            {
                private static readonly Tier[] Tiers = [new(10m, 1m), new(decimal.MaxValue, 0.5m)];

                public RuleOutput Apply(RuleInput input)
                {
                    var rate = decimal.Parse(input.Parameters.GetValueOrDefault("rate", "1.5"), NumberStyles.Number, CultureInfo.InvariantCulture);
                    var hours = new HashSet<int> { 0, 1, 2 };
                    var sorted = new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 };
                    var queue = new Queue<int>(hours.OrderBy(h => h));
                    ReadOnlySpan<char> mcc = (input.Usage.VisitedNetwork ?? "262-01").AsSpan(0, 3);
                    var (low, high) = (Math.Min(1m, rate), Math.Max(1m, rate));
                    var sb = new StringBuilder().Append(mcc).Append(':').Append(sorted.Keys.First());
                    decimal Round(decimal d) => Math.Round(d, 4, MidpointRounding.AwayFromZero);
                    var tier = Tiers.First(t => input.BillableUnits <= t.Upto);
                    var text = string.Create(CultureInfo.InvariantCulture, $"{sb} {low}-{high} q{queue.Count} {input.Usage.LocalTime:HH:mm}");
                    return new RuleOutput(Round(input.BillableUnits * tier.Price * rate), text);
                }

                public IReadOnlyList<RuleSample> Samples { get; } = [];
            }
            """;

        var result = Compiler.Compile(source, "Everything.cs");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("Pricing.Everything", result.ClassName);
    }

    [Theory]
    [InlineData("public sealed class NotARule { }", RuleDiagnosticIds.NoRuleClass, "no class implements NMcs.Rules.ITariffRule")]
    [InlineData(TwoRules, RuleDiagnosticIds.SeveralRuleClasses, "2 classes implement ITariffRule")]
    [InlineData(AbstractRule, RuleDiagnosticIds.NoRuleClass, "is abstract")]
    [InlineData(InternalRule, RuleDiagnosticIds.UnusableRuleClass, "must be public")]
    [InlineData(NoDefaultConstructor, RuleDiagnosticIds.UnusableRuleClass, "public parameterless constructor")]
    [InlineData(BadRuleName, RuleDiagnosticIds.InvalidRuleName, "is not valid")]
    public void A_file_must_declare_exactly_one_usable_rule_class(string body, string id, string message)
    {
        var source = "using System.Collections.Generic;\nusing NMcs.Rules;\n" + body;

        var result = Compiler.Compile(source, "Shape.cs");

        var error = Assert.Single(result.Errors);
        Assert.Equal(id, error.Id);
        Assert.Equal(RuleDiagnosticKind.InvalidShape, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1);
    }

    private const string Members = "public RuleOutput Apply(RuleInput input) => new(0m, \"\"); public IReadOnlyList<RuleSample> Samples => [];";
    private const string TwoRules = "public sealed class A : ITariffRule { " + Members + " } public sealed class B : ITariffRule { " + Members + " }";
    private const string AbstractRule = "public abstract class A : ITariffRule { " + Members + " }";
    private const string InternalRule = "internal sealed class A : ITariffRule { " + Members + " }";
    private const string NoDefaultConstructor = "public sealed class A : ITariffRule { public A(int x) { } " + Members + " }";
    private const string BadRuleName = "public sealed class A : ITariffRule { public const string RuleName = \"has space\"; " + Members + " }";
}

public sealed class ImageValidationTests
{
    [Fact]
    public void A_sound_image_passes()
    {
        var compiled = new TariffRuleCompiler().Compile(TestRules.Multiplier(2m), "Multiplier.cs");

        Assert.Null(TariffRuleCompiler.Validate(compiled.Image.ToArray()));
    }

    [Fact]
    public void A_top_level_type_with_nested_visibility_is_caught()
    {
        // The corruption seen intermittently: a top-level type flagged NestedPublic (the runtime says "format is invalid").
        var image = BuildImage(System.Reflection.TypeAttributes.NestedPublic | System.Reflection.TypeAttributes.Sealed);

        Assert.Equal("type Broken has NestedPublic visibility but is not nested", TariffRuleCompiler.Validate(image));
        Assert.Null(TariffRuleCompiler.Validate(BuildImage(System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Sealed)));
    }

    private static byte[] BuildImage(System.Reflection.TypeAttributes attributes)
    {
        var metadata = new System.Reflection.Metadata.Ecma335.MetadataBuilder();
        metadata.AddModule(0, metadata.GetOrAddString("x.dll"), metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
        metadata.AddAssembly(metadata.GetOrAddString("x"), new Version(1, 0), default, default, 0, System.Reflection.AssemblyHashAlgorithm.None);
        var corlib = metadata.AddAssemblyReference(metadata.GetOrAddString("System.Runtime"), new Version(10, 0), default, default, 0, default);
        var obj = metadata.AddTypeReference(corlib, metadata.GetOrAddString("System"), metadata.GetOrAddString("Object"));
        var first = System.Reflection.Metadata.Ecma335.MetadataTokens.FieldDefinitionHandle(1);
        var firstMethod = System.Reflection.Metadata.Ecma335.MetadataTokens.MethodDefinitionHandle(1);
        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, first, firstMethod);
        metadata.AddTypeDefinition(attributes, default, metadata.GetOrAddString("Broken"), obj, first, firstMethod);
        var pe = new System.Reflection.PortableExecutable.ManagedPEBuilder(
            System.Reflection.PortableExecutable.PEHeaderBuilder.CreateLibraryHeader(),
            new System.Reflection.Metadata.Ecma335.MetadataRootBuilder(metadata),
            new System.Reflection.Metadata.BlobBuilder());
        var blob = new System.Reflection.Metadata.BlobBuilder();
        pe.Serialize(blob);
        return blob.ToArray();
    }
}
