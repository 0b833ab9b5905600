using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace NMcs.Storage;

/// <summary>
/// A statement prepared directly on SQLite's native connection, for the few per-row hot paths (the usage ledger's
/// insert): parameters are bound by position (<c>?1</c>, <c>?2</c>, …) and values formatted into stack buffers, where
/// ADO.NET looks every parameter up by name and allocates a string per value on every execution. It runs inside
/// whatever transaction the connection has open.
/// </summary>
internal sealed class NativeStatement : IAsyncDisposable, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private NativeStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
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
    /// UTF-16 (a measurable share of the ledger insert); long text goes as UTF-16. The buffer is not zeroed first
    /// (only the bytes the encoder writes are passed on): zeroing it was a few per cent of the writer's time.
    /// </summary>
    [SkipLocalsInit]
    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
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

    // Characters of text encoded on the stack (at most 3 bytes of UTF-8 each).
    private const int MaxStackChars = 512;

    public void Int(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Real(int index, double? value) =>
        Check(value is double number ? raw.sqlite3_bind_double(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds the decimal as invariant text, exactly as <see cref="DbValues.Dec(decimal)"/> writes it.</summary>
    [SkipLocalsInit]
    public void Decimal(int index, decimal value)
    {
        Span<byte> text = stackalloc byte[64];
        if (!value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a decimal did not fit its buffer.");
        }

        Check(raw.sqlite3_bind_text(_statement, index, text[..written]));
    }

    /// <summary>Binds the time as UTC text, exactly as <see cref="DbValues.Time(DateTimeOffset)"/> writes it.</summary>
    [SkipLocalsInit]
    public void Time(int index, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[64];
        if (!DbValues.TryWriteTime(value, text, out var written))
        {
            throw new InvalidOperationException("a time did not fit its buffer.");
        }

        Check(raw.sqlite3_bind_text(_statement, index, text[..written]));
    }

    /// <summary>Runs the statement with the values bound, resets it for the next row, and returns the rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        var changes = rc == raw.SQLITE_DONE ? raw.sqlite3_changes(_db) : 0;
        Reset();
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        return changes;
    }

    /// <summary>Steps a query: true with a row to read (<see cref="ColumnText"/>), false once done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
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
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
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
