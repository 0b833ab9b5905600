using System.Globalization;
using System.Text;
using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Text;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>
/// The CAI-style dialect: <c>CREATE:HLRSUB:MSISDN,…:IMSI,…;</c> answered by one line <c>RESP:&lt;code&gt;[:KEY,VALUE…];</c>.
/// </summary>
internal sealed class CaiDialect : IHlrDialect
{
    private const string ReplyPrefix = "RESP:";

    /// <inheritdoc />
    public string Dialect => "CAI";

    /// <inheritdoc />
    public string LoginCommand(string user, string password) => $"LOGIN:{user}:{password};";

    /// <inheritdoc />
    public ReplyProgress Inspect(IReadOnlyList<string> lines)
    {
        var line = lines[0].Trim();
        return line.StartsWith(ReplyPrefix, StringComparison.OrdinalIgnoreCase) && line.EndsWith(';')
            ? ReplyProgress.Complete
            : ReplyProgress.Invalid;
    }

    /// <inheritdoc />
    public int? ResultCode(IReadOnlyList<string> lines) =>
        int.TryParse(Body(lines[0]).Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <inheritdoc />
    public string Render(SubscriberCommand command)
    {
        var text = new StringBuilder();
        switch (command.Action)
        {
            case SubscriberAction.Create:
                text.Append("CREATE:HLRSUB:MSISDN,").Append(command.Msisdn)
                    .Append(":IMSI,").Append(command.Imsi)
                    .Append(":PROFILE,").Append(HlrFields.Number(command.Profile ?? 0));
                if (command.Barred is { } barredOnCreate)
                {
                    text.Append(":STATUS,").Append(HlrFields.Status(barredOnCreate));
                }

                break;
            case SubscriberAction.Modify:
                text.Append("SET:HLRSUB:MSISDN,").Append(command.Msisdn);
                if (command.Imsi is not null)
                {
                    text.Append(":IMSI,").Append(command.Imsi);
                }

                if (command.Profile is { } profile)
                {
                    text.Append(":PROFILE,").Append(HlrFields.Number(profile));
                }

                if (command.Barred is { } barred)
                {
                    text.Append(":STATUS,").Append(HlrFields.Status(barred));
                }

                break;
            case SubscriberAction.Delete:
                text.Append("DELETE:HLRSUB:MSISDN,").Append(command.Msisdn);
                break;
            default:
                text.Append("GET:HLRSUB:MSISDN,").Append(command.Msisdn);
                break;
        }

        return text.Append(';').ToString();
    }

    /// <inheritdoc />
    public HlrAnswer Parse(TextReply reply)
    {
        var parts = Body(reply.Lines[0]).Split(':');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new NeTransportException($"CAI reply '{TextConnection.Shorten(reply.Lines[0])}' has no result code");
        }

        if (code != HlrResultCodes.Success || parts.Length == 1)
        {
            return new HlrAnswer(code, HlrResultCodes.Describe(code), null);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || !fields.TryAdd(part[..comma].Trim(), part[(comma + 1)..].Trim()))
            {
                throw new NeTransportException($"CAI reply field '{TextConnection.Shorten(part)}' is not KEY,VALUE");
            }
        }

        return new HlrAnswer(code, HlrResultCodes.Describe(code), HlrFields.ToSubscriber(fields, Dialect));
    }

    private static string Body(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > ReplyPrefix.Length ? trimmed[ReplyPrefix.Length..^1] : string.Empty;
    }
}
