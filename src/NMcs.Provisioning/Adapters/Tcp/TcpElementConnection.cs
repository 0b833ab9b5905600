using System.Globalization;
using System.Net.Sockets;

namespace NMcs.Provisioning.Adapters.Tcp;

/// <summary>
/// One logged-in connection to a TCP element, used by one command at a time. Every request carries a fresh
/// <c>ID</c>; a reply with another id, an unparseable or oversize reply, or a close throws, and the caller discards
/// the connection.
/// </summary>
internal sealed class TcpElementConnection(TcpClient client) : IDisposable
{
    private readonly NetworkStream _stream = client.GetStream();
    private long _nextId;

    /// <summary>
    /// Whether the connection may be reused: not closed by the element while idle (a readable socket with nothing to
    /// read means the peer closed it, and unsolicited bytes are as bad).
    /// </summary>
    public bool IsUsable
    {
        get
        {
            try
            {
                return client.Connected && !client.Client.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Sends one request and returns the reply fields (with <c>CODE</c> parsed).</summary>
    /// <param name="operation">The OP.</param>
    /// <param name="fields">The other fields.</param>
    /// <param name="cancellationToken">Deadline of the exchange.</param>
    /// <returns>The reply code and fields.</returns>
    public async Task<(int Code, Dictionary<string, string> Fields)> ExchangeAsync(
        string operation,
        IEnumerable<KeyValuePair<string, string>> fields,
        CancellationToken cancellationToken)
    {
        var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
        KeyValuePair<string, string>[] header = [new("ID", id), new("OP", operation)];
        await TcpFrameCodec.WriteAsync(_stream, TcpPayload.Format(header.Concat(fields)), cancellationToken);
        var reply = TcpPayload.Parse(await TcpFrameCodec.ReadAsync(_stream, cancellationToken));
        if (!reply.TryGetValue("ID", out var replyId) || replyId != id)
        {
            throw new InvalidDataException($"reply carries ID {replyId ?? "(none)"} for request {id}");
        }

        if (!reply.TryGetValue("CODE", out var codeText) || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new InvalidDataException("reply has no numeric CODE");
        }

        return (code, reply);
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();
}
