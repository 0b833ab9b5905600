using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace NMcs.Storage;

/// <summary>
/// A statement prepared directly on SQLite's native connection, for the few per-row hot paths (the usage ledger's
/// insert): parameters are bound by position (<c>?1</c>, <c>?2</c>, …) and values formatted as UTF-8 into the
/// statement's own pinned buffer, where ADO.NET looks every parameter up by name and allocates a string per value on
/// every execution. The buffer outlives the values' use (until <see cref="Reset"/>), so SQLite binds them in place
/// instead of copying each one into memory of its own (see <see cref="SqliteBind"/>). It runs inside whatever
/// transaction the connection has open.
/// </summary>
internal sealed class NativeStatement : IAsyncDisposable, IDisposable
{
    // Bytes of values bound in place per execution; a value that no longer fits is bound by copy.
    private const int BufferBytes = 8 * 1024;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;
    private readonly IntPtr _dbHandle;
    private byte[]? _values;
    private int _used;

    private NativeStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
        _handle = statement.DangerousGetHandle();
        _dbHandle = db.DangerousGetHandle();
    }

    /// <summary>Prepares <paramref name="sql"/> on the native handle of <paramref name="connection"/> (an open SQLite connection).</summary>
    public static NativeStatement Prepare(DbConnection connection, string sql)
    {
        var db = (connection as SqliteConnection)?.Handle
            ?? throw new NotSupportedException("native statements need an open SQLite connection.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }

        return new NativeStatement(db, statement);
    }

    /// <summary>
    /// Binds the text as UTF-8, the database's encoding, so SQLite stores it as it is instead of converting it from
    /// UTF-16 (a measurable share of the ledger insert). Text that does not fit the buffer's rest (a reader's long list
    /// of ids) is bound by copy: UTF-8 from the stack, or UTF-16 when it is long.
    /// </summary>
    [SkipLocalsInit]
    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Check(SqliteBind.Null(_handle, index));
        }
        else if (Encoding.UTF8.TryGetBytes(value, Free, out var written))
        {
            BindInPlace(index, written);
        }
        else if (value.Length <= MaxStackChars)
        {
            // Sized to the value: 3 bytes of UTF-8 per UTF-16 unit at most.
            Span<byte> utf8 = stackalloc byte[value.Length * 3];
            Check(raw.sqlite3_bind_text(_statement, index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]));
        }
        else
        {
            Check(raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
        }
    }

    // Characters of text bound by copy from the stack (at most 3 bytes of UTF-8 each).
    private const int MaxStackChars = 512;

    public void Int(int index, long value) => Check(SqliteBind.Int64(_handle, index, value));

    public void Real(int index, double? value) =>
        Check(value is double number ? SqliteBind.Double(_handle, index, number) : SqliteBind.Null(_handle, index));

    /// <summary>Binds the decimal as invariant text, exactly as <see cref="DbValues.Dec(decimal)"/> writes it.</summary>
    public void Decimal(int index, decimal value)
    {
        if (DbValues.TryWriteDec(value, Free, out var written))
        {
            BindInPlace(index, written);
        }
        else
        {
            Text(index, DbValues.Dec(value));
        }
    }

    /// <summary>Binds the time as UTC text, exactly as <see cref="DbValues.Time(DateTimeOffset)"/> writes it.</summary>
    public void Time(int index, DateTimeOffset value)
    {
        if (DbValues.TryWriteTime(value, Free, out var written))
        {
            BindInPlace(index, written);
        }
        else
        {
            Text(index, DbValues.Time(value));
        }
    }

    /// <summary>
    /// Binds <paramref name="length"/> bytes of UTF-8 at <paramref name="offset"/> of <paramref name="pinned"/> in place
    /// (a negative length binds NULL). The caller keeps the array pinned and unchanged until the statement is reset.
    /// </summary>
    public void Encoded(int index, byte[] pinned, int offset, int length) =>
        Check(length < 0
            ? SqliteBind.Null(_handle, index)
            : SqliteBind.Text(_handle, index, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(pinned), offset), length));

    // The buffer's unused rest (allocated on the first value: statements that only read bind nothing).
    private Span<byte> Free => (_values ??= GC.AllocateUninitializedArray<byte>(BufferBytes, pinned: true)).AsSpan(_used);

    // Binds the `length` bytes just written at the buffer's rest, and keeps them until the statement is reset.
    private void BindInPlace(int index, int length)
    {
        // At the rest's start (its end, for empty text: SQLite reads no byte of it); the array is pinned for good.
        Encoded(index, _values!, _used, length);
        _used += length;
    }

    /// <summary>Runs the statement with the values bound, resets it for the next row, and returns the rows it changed.</summary>
    public int Execute()
    {
        var rc = SqliteBind.Step(_handle);
        var changes = rc == raw.SQLITE_DONE ? SqliteBind.Changes(_dbHandle) : 0;
        Reset();
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        return changes;
    }

    /// <summary>The <c>rowid</c> (for <c>rated_usage</c>, the <c>seq</c>) of the last row this statement's connection inserted.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    /// <summary>Steps a query: true with a row to read (<see cref="ColumnText"/>), false once done.</summary>
    public bool Step()
    {
        var rc = SqliteBind.Step(_handle);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc),
        };
    }

    /// <summary>The text of <paramref name="column"/> of the current row.</summary>
    public string ColumnText(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The bytes of <paramref name="column"/> of the current row (a copy; empty for NULL or no bytes).</summary>
    public byte[] ColumnBlob(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>The integer of <paramref name="column"/> of the current row.</summary>
    public long ColumnInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Resets a query for new values.</summary>
    public void Reset()
    {
        // sqlite3_reset repeats the last step's error, which Execute and Step have already thrown; clearing cannot fail.
        _ = SqliteBind.Reset(_handle);
        _ = SqliteBind.ClearBindings(_handle);

        // No value refers to the buffer any more.
        _used = 0;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
