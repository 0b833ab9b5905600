namespace NMcs.Plugins.Tests;

public sealed class ForbiddenApiTests
{
    private static readonly TariffRuleCompiler Compiler = new();

    [Fact]
    public void Forbidden_use_is_reported_with_location_and_reason()
    {
        const string source = """
            using System.Collections.Generic;
            using NMcs.Rules;

            public sealed class Reader : ITariffRule
            {
                public RuleOutput Apply(RuleInput input)
                {
                    var text = System.IO.File.ReadAllText("/etc/passwd");
                    return new RuleOutput(text.Length, text);
                }

                public IReadOnlyList<RuleSample> Samples => [];
            }
            """;

        var result = Compiler.Compile(source, "Reader.cs");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(RuleDiagnosticKind.ForbiddenApi, error.Kind);
        Assert.Equal(RuleDiagnosticIds.ForbiddenApi, error.Id);
        Assert.Equal(8, error.Line);
        Assert.Equal(20, error.Column); // where "System.IO.File" starts
        Assert.Equal("System.IO.File is not allowed in tariff rules: rules may not touch files", error.Message);
        Assert.Equal("Reader.cs: line 8, col 20: System.IO.File is not allowed in tariff rules: rules may not touch files [NMCS0001]", error.ToString());
    }

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // name, usings, statements, members, expected message fragment
        { "File via using", "using System.IO;", "File.Exists(\"x\");", "", "System.IO.File is not allowed in tariff rules: rules may not touch files" },
        { "File via alias", "using F = System.IO.File;", "F.Exists(\"x\");", "", "rules may not touch files" },
        { "File via using static", "using static System.IO.File;", "Exists(\"x\");", "", "rules may not touch files" },
        { "File hidden behind var", "", "var info = new System.IO.FileInfo(\"x\"); var n = info.Length;", "", "rules may not touch files" },
        { "HttpClient", "using System.Net.Http;", "var client = new HttpClient();", "", "rules may not use the network" },
        { "HttpClient fully qualified", "", "var client = new System.Net.Http.HttpClient();", "", "System.Net.Http.HttpClient is not allowed in tariff rules: rules may not use the network" },
        { "Process", "", "System.Diagnostics.Process.Start(\"sh\");", "", "System.Diagnostics.Process is not allowed in tariff rules: rules may not start or inspect processes" },
        { "Process unqualified", "", "Process.Start(\"sh\");", "", "rules may not start or inspect processes" },
        { "Reflection.Emit", "", "var ab = System.Reflection.Emit.AssemblyBuilder.DefineDynamicAssembly(new System.Reflection.AssemblyName(\"x\"), System.Reflection.Emit.AssemblyBuilderAccess.Run);", "", "rules may not use reflection or emit code" },
        { "Type.GetMethod", "", "var m = typeof(string).GetMethod(\"Trim\", System.Type.EmptyTypes);", "", "rules may not use reflection or emit code" },
        { "Activator", "", "var o = Activator.CreateInstance(typeof(object));", "", "System.Activator is not allowed in tariff rules" },
        { "Thread", "", "new System.Threading.Thread(() => { }).Start();", "", "System.Threading.Thread is not allowed in tariff rules: rules may not start threads, tasks or timers, or block" },
        { "Task.Run", "using System.Threading.Tasks;", "Task.Run(() => 1).Wait();", "", "rules may not start threads, tasks or timers, or block" },
        { "ThreadPool", "", "System.Threading.ThreadPool.QueueUserWorkItem(_ => { });", "", "rules may not start threads" },
        { "Parallel", "", "System.Threading.Tasks.Parallel.For(0, 2, i => { });", "", "rules may not start threads" },
        { "Timer", "", "var t = new System.Threading.Timer(_ => { });", "", "rules may not start threads" },
        { "lock", "", "lock (this) { }", "", "'lock' is not allowed" },
        { "unsafe block", "", "unsafe { int x = 1; int* p = &x; }", "", "unsafe code is not allowed in tariff rules" },
        { "unsafe method", "", "", "private unsafe static int Peek(int* p) => *p;", "unsafe code is not allowed in tariff rules" },
        { "stackalloc", "", "System.Span<int> s = stackalloc int[4];", "", "'stackalloc' is not allowed" },
        { "DllImport", "using System.Runtime.InteropServices;", "getpid();", "[DllImport(\"libc\")] private static extern int getpid();", "rules may not call native code" },
        { "Marshal", "", "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(16);", "", "rules may not call native code or manipulate raw memory" },
        { "Unsafe class", "", "var n = System.Runtime.CompilerServices.Unsafe.SizeOf<int>();", "", "rules may not use runtime internals" },
        { "Environment", "", "var home = Environment.GetEnvironmentVariable(\"HOME\");", "", "System.Environment is not allowed in tariff rules: rules may not read the environment or end the process" },
        { "Environment.Exit", "", "Environment.Exit(1);", "", "rules may not read the environment or end the process" },
        { "AppDomain", "", "var d = AppDomain.CurrentDomain;", "", "System.AppDomain is not allowed" },
        { "AssemblyLoadContext", "", "var c = System.Runtime.Loader.AssemblyLoadContext.Default;", "", "rules may not load assemblies" },
        { "GC", "", "GC.Collect();", "", "System.GC is not allowed in tariff rules: rules may not control the garbage collector" },
        { "Console", "", "Console.WriteLine(\"hello\");", "", "System.Console is not allowed in tariff rules: rules may not write to the console" },
        { "dynamic", "", "dynamic d = input; var x = d.RatedAmount;", "", "'dynamic' is not allowed" },
        { "clock", "", "var now = DateTime.UtcNow;", "", "System.DateTime.UtcNow is not allowed in tariff rules: rules must be deterministic" },
        { "Random", "", "var r = new Random().Next();", "", "rules must be deterministic: no random numbers" },
        { "recursion", "", "Count(3);", "private static int Count(int n) => n <= 0 ? 0 : 1 + Count(n - 1);", "recursion (Count -> Count) is not allowed in tariff rules: a stack overflow cannot be caught" },
        { "mutual recursion", "", "Ping(3);", "private static int Ping(int n) => n <= 0 ? 0 : Pong(n - 1); private static int Pong(int n) => Ping(n);", "recursion (Ping -> Pong -> Ping)" },
        { "finalizer", "", "", "~Probe() { }", "a finalizer is not allowed" },
        { "Debugger", "", "System.Diagnostics.Debugger.Break();", "", "rules may not use debugger" },
        { "Registry", "", "var k = Microsoft.Win32.Registry.CurrentUser;", "", "is not allowed in tariff rules" },
        { "Delegate.Method", "", "System.Func<int> f = () => 1; var m = f.Method;", "", "rules may not use reflection or emit code" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forbidden_APIs_are_refused(string name, string usings, string statements, string members, string expected)
    {
        var source = TestRules.WithBody(statements, usings, members);

        var result = Compiler.Compile(source, "Probe.cs");

        Assert.False(result.Succeeded, $"{name}: compiled although it should have been refused");
        Assert.True(
            result.Errors.Any(e => e.Kind == RuleDiagnosticKind.ForbiddenApi && e.Message.Contains(expected, StringComparison.Ordinal)),
            $"{name}: expected a forbidden-API error containing '{expected}', got:\n{string.Join("\n", result.Errors)}");
        Assert.All(result.Errors.Where(e => e.Kind == RuleDiagnosticKind.ForbiddenApi), e => Assert.True(e.Line > 0 && e.Column > 0));
    }

    [Theory]
    [InlineData("[assembly: System.Reflection.AssemblyTitle(\"x\")]\n", "public sealed class A : ITariffRule", "[assembly:] attribute")]
    [InlineData("namespace System.Pricing;\n", "public sealed class A : ITariffRule", "namespace System.Pricing is not allowed")]
    [InlineData("", "public sealed class A : System.Runtime.ConstrainedExecution.CriticalFinalizerObject, ITariffRule", "rules may not use runtime services")]
    public void Forbidden_declarations_are_refused(string prefix, string declaration, string expected)
    {
        var source = "using System.Collections.Generic;\nusing NMcs.Rules;\n" + prefix + declaration +
            " { public RuleOutput Apply(RuleInput input) => new(0m, \"\"); public IReadOnlyList<RuleSample> Samples => []; }";

        var result = Compiler.Compile(source, "A.cs");

        Assert.Contains(result.Errors, e => e.Kind == RuleDiagnosticKind.ForbiddenApi && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Extern_alias_is_refused()
    {
        var source = "extern alias Other;\nusing System.Collections.Generic;\nusing NMcs.Rules;\npublic sealed class A : ITariffRule { public RuleOutput Apply(RuleInput input) => new(0m, \"\"); public IReadOnlyList<RuleSample> Samples => []; }";

        var result = Compiler.Compile(source, "A.cs");

        var error = Assert.Single(result.Errors, e => e.Kind == RuleDiagnosticKind.ForbiddenApi);
        Assert.Equal(RuleDiagnosticIds.NativeCode, error.Id);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Names_of_the_rule_that_shadow_forbidden_ones_are_fine()
    {
        // A rule's own "File" or "Process" is not System.IO.File.
        var source = TestRules.WithBody("var f = new File(); var p = Process.Run(2);", members: "private sealed class File { } private static class Process { public static int Run(int x) => x; }");

        var result = Compiler.Compile(source, "Probe.cs");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
