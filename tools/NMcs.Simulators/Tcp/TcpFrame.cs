using System.Buffers.Binary;

namespace NMcs.Simulators.Tcp;

/// <summary>A frame on the TCP element's port: a 4-byte big-endian payload length, then the payload.</summary>
internal static class TcpFrame
{
    /// <summary>Largest payload accepted: 64 KiB.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>Reads the 4-byte length of the next frame.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The length (unchecked), or null when the peer closed the connection before a frame began.</returns>
    public static async Task<long?> ReadLengthAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new EndOfStreamException("connection closed inside a frame header");
        }

        return BinaryPrimitives.ReadUInt32BigEndian(header);
    }

    /// <summary>Writes one frame.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task completing when the frame is flushed.</returns>
    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsMemory(4));
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
