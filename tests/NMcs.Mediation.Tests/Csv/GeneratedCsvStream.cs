using System.Text;

namespace NMcs.Mediation.Tests.Csv;

/// <summary>
/// A read-only stream that writes a CSV file of <c>rows</c> fixed-length rows as it is read, so the file never exists
/// in memory, and counts the bytes handed out.
/// </summary>
internal sealed class GeneratedCsvStream(string header, int rows, Func<int, string> row) : Stream
{
    private readonly byte[] _header = Encoding.UTF8.GetBytes(header + "\n");
    private byte[] _current = [];
    private int _offset;
    private int _next = -1;

    public long BytesRead { get; private set; }

    public int HeaderBytes => _header.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset == _current.Length)
        {
            if (_next >= rows)
            {
                return 0;
            }

            _current = _next < 0 ? _header : Encoding.UTF8.GetBytes(row(_next) + "\n");
            _offset = 0;
            _next++;
        }

        var n = Math.Min(count, _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
