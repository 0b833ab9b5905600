using System.Runtime.InteropServices;

namespace NMcs.Storage;

/// <summary>
/// SQLite's bind functions called directly, for <see cref="NativeStatement"/>'s per-value hot path: on the raw
/// statement pointer (no safe-handle reference count per call) and without the GC transition, which is sound for
/// these calls: they only store the value in the statement (text bound with <c>SQLITE_STATIC</c> is not even copied),
/// never block on I/O and never call back. The library is the one Microsoft.Data.Sqlite's provider loads by the same
/// name. Preparing, stepping and resetting stay on SQLitePCL, with the GC transition.
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
}
