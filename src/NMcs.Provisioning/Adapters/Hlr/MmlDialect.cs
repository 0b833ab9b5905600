using System.Globalization;
using System.Text;
using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Text;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>
/// The MML-style dialect: <c>HGSUI:MSISDN=…,IMSI=…;</c> answered by a block that starts with <c>+++</c>, echoes the
/// command between <c>%%</c>, carries <c>RETCODE = &lt;code&gt;  &lt;text&gt;</c> and ends with <c>---    END</c>.
/// </summary>
internal sealed class MmlDialect : IHlrDialect
{
    private const string EndMarker = "---    END";
    private const string RetCode = "RETCODE";

    /// <inheritdoc />
    public string Dialect => "MML";

    /// <inheritdoc />
    public string LoginCommand(string user, string password) => $"LGI:OPNAME=\"{user}\",PWD=\"{password}\";";

    /// <inheritdoc />
    public ReplyProgress Inspect(IReadOnlyList<string> lines)
    {
        if (!lines[0].StartsWith("+++", StringComparison.Ordinal))
        {
            return ReplyProgress.Invalid;
        }

        return lines.Count > 1 && lines[^1].Trim() == EndMarker ? ReplyProgress.Complete : ReplyProgress.NeedMore;
    }

    /// <inheritdoc />
    public int? ResultCode(IReadOnlyList<string> lines) => TryReadCode(lines, out var code, out _, out _) ? code : null;

    /// <inheritdoc />
    public string Render(SubscriberCommand command)
    {
        var text = new StringBuilder();
        switch (command.Action)
        {
            case SubscriberAction.Create:
                text.Append("HGSUI:MSISDN=").Append(command.Msisdn)
                    .Append(",IMSI=").Append(command.Imsi)
                    .Append(",PROFILE=").Append(HlrFields.Number(command.Profile ?? 0));
                if (command.Barred is { } barredOnCreate)
                {
                    text.Append(",STATUS=").Append(HlrFields.Status(barredOnCreate));
                }

                break;
            case SubscriberAction.Modify:
                text.Append("HGSUE:MSISDN=").Append(command.Msisdn);
                if (command.Imsi is not null)
                {
                    text.Append(",IMSI=").Append(command.Imsi);
                }

                if (command.Profile is { } profile)
                {
                    text.Append(",PROFILE=").Append(HlrFields.Number(profile));
                }

                if (command.Barred is { } barred)
                {
                    text.Append(",STATUS=").Append(HlrFields.Status(barred));
                }

                break;
            case SubscriberAction.Delete:
                text.Append("HGSUD:MSISDN=").Append(command.Msisdn);
                break;
            default:
                text.Append("HGSDP:MSISDN=").Append(command.Msisdn);
                break;
        }

        return text.Append(';').ToString();
    }

    /// <inheritdoc />
    public HlrAnswer Parse(TextReply reply)
    {
        // The echo tells us the block answers the command we sent, not a late reply to an earlier one.
        var echo = reply.Lines.FirstOrDefault(l => l.StartsWith("%%", StringComparison.Ordinal));
        if (echo is not null && echo.Trim() != $"%%{reply.Command}%%")
        {
            throw new NeTransportException($"MML reply echoes '{TextConnection.Shorten(echo)}', not the command sent");
        }

        if (!TryReadCode(reply.Lines, out var code, out var text, out var index))
        {
            throw new NeTransportException("MML reply has no RETCODE line");
        }

        if (code != HlrResultCodes.Success)
        {
            return new HlrAnswer(code, text, null);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in reply.Lines.Skip(index + 1).SkipLast(1))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim()))
            {
                throw new NeTransportException($"MML reply line '{TextConnection.Shorten(line)}' is not KEY = VALUE");
            }
        }

        return new HlrAnswer(code, text, fields.Count == 0 ? null : HlrFields.ToSubscriber(fields, Dialect));
    }

    private static bool TryReadCode(IReadOnlyList<string> lines, out int code, out string text, out int index)
    {
        for (index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (!line.StartsWith(RetCode, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = line[RetCode.Length..].TrimStart();
            if (!rest.StartsWith('='))
            {
                break;
            }

            rest = rest[1..].TrimStart();
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            var number = end < 0 ? rest : rest[..end];
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                break;
            }

            text = end < 0 ? HlrResultCodes.Describe(code) : rest[end..].Trim();
            return true;
        }

        code = 0;
        text = string.Empty;
        index = -1;
        return false;
    }
}
