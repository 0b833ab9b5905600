using System.Reflection;
using CompileOutcome = (
    string? ClassName,
    string? RuleName,
    byte[]? Image,
    byte[]? Symbols,
    string? Fault,
    (int Kind, string Id, string Message, int Line, int Column)[] Errors,
    (int Kind, string Id, string Message, int Line, int Column)[] Warnings);

namespace NMcs.Plugins;

/// <summary>
/// One loaded copy of the rule compiler (<see cref="CompilerLoadContext"/>), shared by every
/// <see cref="TariffRuleCompiler"/> of the process until it is retired. Retiring drops the copy and unloads its
/// context; the next <see cref="Acquire"/> loads a fresh one (and pays Roslyn's warm-up again, about 1-3 s).
/// </summary>
internal sealed class CompilerCopy
{
    private static readonly Lock Gate = new();
    private static CompilerCopy? _current;
    private static int _generations;

    private readonly CompilerLoadContext _context;
    private readonly Func<string, string, long, CompileOutcome> _compile;

    private CompilerCopy(int generation)
    {
        Generation = generation;
        _context = new CompilerLoadContext(generation);
        try
        {
            var assembly = _context.LoadFromAssemblyName(new AssemblyName(CompilerLoadContext.PluginsAssemblyName));
            var entry = assembly.GetType(CompilerLoadContext.EntryTypeName, throwOnError: true)!
                .GetMethod(nameof(RuleCompilation.Compile), BindingFlags.Public | BindingFlags.Static)!;
            _compile = entry.CreateDelegate<Func<string, string, long, CompileOutcome>>();
        }
        catch
        {
            _context.Unload();
            throw;
        }
    }

    /// <summary>1 for the first copy of the process, then 2, 3, ... for each replacement.</summary>
    public int Generation { get; }

    /// <summary>Copies loaded in this process so far.</summary>
    public static int Generations => Volatile.Read(ref _generations);

    /// <summary>The current copy; loads one when there is none.</summary>
    public static CompilerCopy Acquire()
    {
        lock (Gate)
        {
            return _current ??= new CompilerCopy(Interlocked.Increment(ref _generations));
        }
    }

    /// <summary>
    /// Stops handing out <paramref name="copy"/> and unloads its context; compilations still running on it finish.
    /// A copy that was already replaced is left alone.
    /// </summary>
    public static void Retire(CompilerCopy copy)
    {
        lock (Gate)
        {
            if (!ReferenceEquals(_current, copy))
            {
                return;
            }

            _current = null;
        }

        copy._context.Unload();
    }

    /// <summary>Compiles one rule file in this copy; never throws for bad source or a faulting compiler.</summary>
    public CompileOutcome Compile(string source, string fileName, long sequence) => _compile(source, fileName, sequence);

    /// <summary>A weak reference to this copy's load context, to verify that a retired copy is collected.</summary>
    public WeakReference GetLoadContextWeakReference() => new(_context);
}
