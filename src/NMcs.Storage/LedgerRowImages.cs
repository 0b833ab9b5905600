using System.Text;

namespace NMcs.Storage;

/// <summary>
/// The text values of a batch of ledger rows, encoded as the insert binds them (UTF-8; decimals and times as
/// <see cref="DbValues"/> writes them) by the thread that appends them, before they are queued: the store's one writer,
/// which every append waits for, then only binds each value where it lies (<see cref="NativeStatement.Encoded"/>)
/// instead of formatting and encoding 23 values per row itself. A batch's rows are encoded in chunks of
/// <see cref="RowsPerChunk"/>, so no buffer reaches the large object heap however many rows an append carries (one
/// buffer for the ~1,600 rows of a partition's share of a 50,000-record batch was 800 KB, and every such allocation
/// counts toward a full collection).
/// </summary>
internal sealed class LedgerRowImages
{
    /// <summary>Text columns per row, in the order of the insert's parameters (all but product_version and duration_seconds).</summary>
    public const int Columns = 23;

    // The insert's parameter of each text column, in the order Of encodes them (UsageLedger.InsertSql: ?10 is
    // product_version and ?22 duration_seconds, bound from the row).
    private static readonly int[] Parameters = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25];

    /// <summary>Rows per chunk: about 64 KB of values and 24 KB of spans at 512 bytes a row, both under 85,000 bytes.</summary>
    public const int RowsPerChunk = 128;

    private byte[] _buffer;
    private int _used;

    private LedgerRowImages(int rows)
    {
        // About 450 bytes per row at the fleet shape; the buffer grows if a chunk needs more. Neither array is
        // zeroed first: Of writes every span of every row, and only the bytes up to the last span are ever read (a
        // 64 KB buffer cleared per 128 rows was about 500 bytes of memset per record).
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(1_024, rows * 512));
        Spans = GC.AllocateUninitializedArray<int>(rows * Columns * 2);
        Rows = rows;
    }

    /// <summary>The number of rows in this chunk.</summary>
    public int Rows { get; }

    /// <summary>The encoded values, one after another.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Per row and text column: the value's offset in <see cref="Buffer"/> and its length (-1 for NULL).</summary>
    public int[] Spans { get; }

    /// <summary>Binds the text values of the chunk's row <paramref name="row"/> to <paramref name="insert"/>; <see cref="Buffer"/> must be pinned.</summary>
    public void Bind(NativeStatement insert, int row)
    {
        var at = row * Columns * 2;
        foreach (var parameter in Parameters)
        {
            insert.Encoded(parameter, _buffer, Spans[at], Spans[at + 1]);
            at += 2;
        }
    }

    /// <summary>Encodes the text values of <paramref name="rows"/>, <see cref="RowsPerChunk"/> rows to a chunk, in order.</summary>
    public static LedgerRowImages[] Of(IReadOnlyList<RatedUsageRow> rows)
    {
        var chunks = new LedgerRowImages[(rows.Count + RowsPerChunk - 1) / RowsPerChunk];
        for (var c = 0; c < chunks.Length; c++)
        {
            var first = c * RowsPerChunk;
            chunks[c] = Of(rows, first, Math.Min(RowsPerChunk, rows.Count - first));
        }

        return chunks;
    }

    private static LedgerRowImages Of(IReadOnlyList<RatedUsageRow> rows, int first, int count)
    {
        var images = new LedgerRowImages(count);
        var at = 0;
        for (var r = first; r < first + count; r++)
        {
            var row = rows[r];
            images.Text(ref at, row.RecordId);
            images.Text(ref at, row.Iccid);
            images.Text(ref at, row.AccountId);
            images.Text(ref at, row.Period);
            images.Text(ref at, row.Service);
            images.Decimal(ref at, row.Quantity);
            images.Text(ref at, row.Unit);
            images.Time(ref at, row.OccurredAt);
            images.Text(ref at, row.ProductId);
            images.Text(ref at, row.RateUnit);
            images.Decimal(ref at, row.Units);
            images.Decimal(ref at, row.IncludedUnits);
            images.Decimal(ref at, row.BillableUnits);
            images.Decimal(ref at, row.PricePerUnit);
            images.Decimal(ref at, row.Amount);
            images.Decimal(ref at, row.RoundedAmount);
            images.Text(ref at, row.Currency);
            images.Text(ref at, row.Steps);
            images.Time(ref at, row.RatedAt);
            images.Text(ref at, row.Counters);
            images.Text(ref at, row.Destination);
            images.Text(ref at, row.VisitedNetwork);
            images.Text(ref at, row.Charges);
        }

        return images;
    }

    private void Text(ref int at, string? value)
    {
        if (value is null)
        {
            Null(ref at);
            return;
        }

        int written;
        while (!Encoding.UTF8.TryGetBytes(value, _buffer.AsSpan(_used), out written))
        {
            Grow(Encoding.UTF8.GetByteCount(value));
        }

        Add(ref at, written);
    }

    private void Decimal(ref int at, decimal value)
    {
        int written;
        while (!DbValues.TryWriteDec(value, _buffer.AsSpan(_used), out written))
        {
            Grow(64);
        }

        Add(ref at, written);
    }

    private void Time(ref int at, DateTimeOffset value)
    {
        int written;
        while (!DbValues.TryWriteTime(value, _buffer.AsSpan(_used), out written))
        {
            Grow(64);
        }

        Add(ref at, written);
    }

    private void Null(ref int at)
    {
        Spans[at++] = 0;
        Spans[at++] = -1;
    }

    private void Add(ref int at, int length)
    {
        Spans[at++] = _used;
        Spans[at++] = length;
        _used += length;
    }

    private void Grow(int needed)
    {
        var larger = GC.AllocateUninitializedArray<byte>(Math.Max(_buffer.Length * 2, _used + needed));
        _buffer.AsSpan(0, _used).CopyTo(larger);
        _buffer = larger;
    }
}
