using System.Buffers.Binary;

namespace NMcs.Provisioning.Adapters.Tcp;

/// <summary>Frames of the TCP element protocol: a 4-byte big-endian payload length, then the payload (at most 64 KiB).</summary>
internal static class TcpFrameCodec
{
    /// <summary>Largest payload either side sends or accepts.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>Writes one frame.</summary>
    public static async Task WriteAsync(Stream stream, byte[] payload, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes is over the {MaxPayloadBytes}-byte frame limit", nameof(payload));
        }

        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame, 4);
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one frame; throws <see cref="InvalidDataException"/> for an oversize one, <see cref="EndOfStreamException"/> on close.</summary>
    public static async Task<byte[]> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > MaxPayloadBytes)
        {
            throw new InvalidDataException($"reply frame announces {length} bytes, over the {MaxPayloadBytes}-byte limit");
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return payload;
    }
}
