using System.Net.Sockets;
using System.Text;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Text;

/// <summary>
/// One TCP session to a text-speaking element: sends a command, reads one framed reply. Not thread-safe; the pool
/// hands it to one command at a time.
/// </summary>
internal sealed class TextConnection : IDisposable
{
    // A reply longer than this is not a reply of the dialects we speak.
    private const int MaxReplyLines = 64;
    private const int MaxReportedChars = 80;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private TextConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
    }

    /// <summary>
    /// False when the idle connection has something to read: the element closed it, or sent text nobody asked for.
    /// Either way it is out of step and must not carry a command.
    /// </summary>
    public bool IsIdleAndOpen
    {
        get
        {
            try
            {
                return _socket.Connected && !_socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Connects to the element.</summary>
    public static async Task<TextConnection> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return new TextConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="command"/> (ending with <c>;</c>) and reads its reply.</summary>
    /// <exception cref="NeTransportException">The element closed the connection or answered garbage.</exception>
    public async Task<TextReply> SendAsync(string command, ITextFraming framing, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(command + "\r\n"), cancellationToken);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken)
                ?? throw new NeTransportException($"the element closed the connection before a complete {framing.Dialect} reply");
            if (line.Length == 0 && lines.Count == 0)
            {
                continue;
            }

            lines.Add(line);
            switch (framing.Inspect(lines))
            {
                case ReplyProgress.Complete:
                    return new TextReply(command, lines);
                case ReplyProgress.Invalid:
                    throw new NeTransportException($"unparseable {framing.Dialect} reply '{Shorten(string.Join(" | ", lines))}'");
                default:
                    if (lines.Count >= MaxReplyLines)
                    {
                        throw new NeTransportException($"{framing.Dialect} reply longer than {MaxReplyLines} lines");
                    }

                    break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    /// <summary>Cuts text for a one-line message.</summary>
    public static string Shorten(string text) => text.Length <= MaxReportedChars ? text : text[..MaxReportedChars] + "…";
}
