using System.Runtime.InteropServices;

namespace NMcs.Storage;

/// <summary>
/// SQLite's functions called directly, for <see cref="NativeStatement"/>'s per-row hot path, on the raw statement
/// pointer: no safe-handle reference count taken and released per call (the statement owns its handle and is never
/// used after disposal). The bind functions also go without the GC transition, which is sound for them: they only
/// store the value in the statement (text bound with <c>SQLITE_STATIC</c> is not even copied), never block on I/O and
/// never call back; stepping, resetting and clearing keep the transition (a step reads and writes pages). The library
/// is the one Microsoft.Data.Sqlite's provider loads by the same name. Preparing stays on SQLitePCL.
/// </summary>
internal static partial class SqliteBind
{
    private const string Library = "e_sqlite3";

    // SQLITE_STATIC: the bytes stay valid and unchanged until the statement is reset (NativeStatement's buffer).
    private static readonly IntPtr Static = IntPtr.Zero;

    /// <summary>Binds <paramref name="length"/> bytes of UTF-8 at <paramref name="text"/> in place, without copying them.</summary>
    public static int Text(IntPtr statement, int index, ref byte text, int length) => BindText(statement, index, ref text, length, Static);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    private static partial int BindText(IntPtr statement, int index, ref byte text, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    public static partial int Int64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    public static partial int Double(IntPtr statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    public static partial int Null(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_clear_bindings")]
    public static partial int ClearBindings(IntPtr statement);

    /// <summary>Rows changed by the connection's last statement (a field read).</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    [SuppressGCTransition]
    public static partial int Changes(IntPtr db);
}
