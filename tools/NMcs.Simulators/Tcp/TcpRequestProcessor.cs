using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Tcp;

/// <summary>
/// Executes one request payload (<c>ID</c>, <c>OP</c> and the operation's fields) after letting the fault injector
/// have its say, and formats the reply payload (<c>ID</c>, <c>CODE</c>, <c>TEXT</c>, fields).
/// </summary>
/// <param name="table">Subscriber table.</param>
/// <param name="user">Accepted user name.</param>
/// <param name="password">Accepted password.</param>
/// <param name="faults">Fault injector.</param>
internal sealed class TcpRequestProcessor(TcpSubscriberTable table, string user, string password, FaultInjector faults)
{
    private const string Id = "ID";
    private const string Op = "OP";
    private const string Msisdn = "MSISDN";
    private const string Imsi = "IMSI";
    private const string Apn = "APN";
    private const string Ip = "IP";
    private const string Barred = "BARRED";

    /// <summary>Executes one request.</summary>
    /// <param name="payload">The request frame's payload.</param>
    /// <param name="session">State of the connection.</param>
    /// <param name="cancellationToken">Stops a delay fault.</param>
    /// <returns>The reply payload, or null when the connection must be closed without one.</returns>
    public async Task<byte[]?> ExecuteAsync(byte[] payload, TcpSession session, CancellationToken cancellationToken)
    {
        var fields = TcpMessage.Parse(payload);
        if (fields is null)
        {
            return Reply(null, TcpResultCode.SyntaxError, "payload is not UTF-8 KEY=VALUE lines with distinct keys");
        }

        var id = fields.GetValueOrDefault(Id);
        var op = fields.GetValueOrDefault(Op)?.ToUpperInvariant();
        if (id is not { Length: > 0 } || op is null)
        {
            return Reply(id, TcpResultCode.SyntaxError, "ID and OP are required");
        }

        if (op == "FAULT")
        {
            return ArmFault(id, fields);
        }

        var fault = faults.Next();
        switch (fault?.Kind)
        {
            case FaultKind.Drop:
                return null;
            case FaultKind.LoseReply:
                Execute(id, op, fields, session);
                return null;
            case FaultKind.Garbage:
                return faults.Garbage();
            case FaultKind.Error:
                return Reply(id, int.TryParse(fault.ErrorCode, CultureInfo.InvariantCulture, out var code) ? code : TcpResultCode.UnknownSubscriber, "injected fault");
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMilliseconds, cancellationToken);
                break;
            default:
                break;
        }

        return Execute(id, op, fields, session);
    }

    /// <summary>The reply to a frame whose length is over the limit (sent before the connection is closed).</summary>
    /// <param name="length">The announced length.</param>
    /// <returns>The reply payload, without ID since the request was not read.</returns>
    public static byte[] Oversize(long length) =>
        Reply(null, TcpResultCode.FrameTooLarge, $"frame of {length} bytes is over the {TcpFrame.MaxPayloadBytes}-byte limit; closing");

    private byte[] Execute(string id, string op, Dictionary<string, string> fields, TcpSession session)
    {
        if (op == "LOGIN")
        {
            if (fields.Count != 4 || !fields.TryGetValue("USER", out var u) || !fields.TryGetValue("PASSWORD", out var p))
            {
                return Reply(id, TcpResultCode.SyntaxError, "LOGIN takes USER and PASSWORD");
            }

            session.LoggedIn = string.Equals(u, user, StringComparison.Ordinal) && string.Equals(p, password, StringComparison.Ordinal);
            return Reply(id, session.LoggedIn ? TcpResultCode.Success : TcpResultCode.BadCredentials);
        }

        if (op is not ("CREATE" or "MODIFY" or "DELETE" or "GET"))
        {
            return Reply(id, TcpResultCode.UnknownOperation, $"OP {op} is unknown; use LOGIN, CREATE, MODIFY, DELETE, GET, FAULT");
        }

        if (!session.LoggedIn)
        {
            return Reply(id, TcpResultCode.NotLoggedIn, "send OP=LOGIN first");
        }

        var allowed = op switch
        {
            "CREATE" or "MODIFY" => new[] { Id, Op, Msisdn, Imsi, Apn, Ip, Barred },
            _ => [Id, Op, Msisdn],
        };
        var unknown = fields.Keys.FirstOrDefault(k => !allowed.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            return Reply(id, TcpResultCode.SyntaxError, $"field {unknown} is not allowed in {op}");
        }

        if (!fields.TryGetValue(Msisdn, out var msisdn))
        {
            return Reply(id, TcpResultCode.SyntaxError, "MSISDN is required");
        }

        if (!IsDigits(msisdn, 5, 15))
        {
            return Reply(id, TcpResultCode.InvalidValue, "MSISDN must be 5-15 digits");
        }

        var imsi = fields.GetValueOrDefault(Imsi);
        var apn = fields.GetValueOrDefault(Apn);
        var ipText = fields.GetValueOrDefault(Ip);
        var barredText = fields.GetValueOrDefault(Barred);
        string? ip = null;
        bool? barred = null;
        if (imsi is not null && !IsDigits(imsi, 6, 15))
        {
            return Reply(id, TcpResultCode.InvalidValue, "IMSI must be 6-15 digits");
        }

        if (apn is not null && !IsApn(apn))
        {
            return Reply(id, TcpResultCode.InvalidValue, "APN must be 1-100 letters, digits, '.' or '-'");
        }

        if (ipText is { Length: > 0 } && !TryIp(ipText, out ip))
        {
            return Reply(id, TcpResultCode.InvalidValue, $"IP {ipText} is not an IPv4 or IPv6 address");
        }

        if (barredText is not null)
        {
            if (barredText is not ("true" or "false"))
            {
                return Reply(id, TcpResultCode.InvalidValue, "BARRED must be true or false");
            }

            barred = barredText == "true";
        }

        switch (op)
        {
            case "CREATE":
                if (imsi is null || apn is null)
                {
                    return Reply(id, TcpResultCode.SyntaxError, "CREATE needs IMSI and APN");
                }

                if (ipText is { Length: 0 })
                {
                    return Reply(id, TcpResultCode.InvalidValue, "IP must not be empty on CREATE; leave it out for a dynamic address");
                }

                return Reply(id, table.Create(new TcpSubscriber(msisdn, imsi, apn, ip, barred ?? false)));
            case "MODIFY":
                if (imsi is null && apn is null && ipText is null && barred is null)
                {
                    return Reply(id, TcpResultCode.SyntaxError, "MODIFY needs at least one of IMSI, APN, IP, BARRED");
                }

                return Reply(id, table.Modify(msisdn, imsi, apn, ipText is null ? null : ip ?? string.Empty, barred));
            case "DELETE":
                return Reply(id, table.Delete(msisdn));
            default:
                var s = table.Find(msisdn);
                if (s is null)
                {
                    return Reply(id, TcpResultCode.UnknownSubscriber);
                }

                return Reply(
                    id,
                    TcpResultCode.Success,
                    null,
                    new(Msisdn, s.Msisdn),
                    new(Imsi, s.Imsi),
                    new(Apn, s.Apn),
                    new(Ip, s.Ip ?? string.Empty),
                    new(Barred, s.Barred ? "true" : "false"));
        }
    }

    private byte[] ArmFault(string id, Dictionary<string, string> fields)
    {
        var settings = fields.Where(f => f.Key is not (Id or Op)).ToDictionary(StringComparer.OrdinalIgnoreCase);
        if (!FaultSettings.TryParse(settings, c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _), out var fault, out var error))
        {
            return Reply(id, TcpResultCode.InvalidValue, error);
        }

        if (fault is null)
        {
            faults.Clear();
        }
        else
        {
            faults.Inject(fault);
        }

        return Reply(id, TcpResultCode.Success);
    }

    private static byte[] Reply(string? id, int code, string? text = null, params KeyValuePair<string, string>[] fields)
    {
        var reply = new List<KeyValuePair<string, string>>();
        if (id is not null)
        {
            reply.Add(new(Id, id));
        }

        reply.Add(new("CODE", code.ToString(CultureInfo.InvariantCulture)));
        reply.Add(new("TEXT", text ?? TcpResultCode.Describe(code)));
        reply.AddRange(fields);
        return TcpMessage.Format(reply);
    }

    private static bool TryIp(string text, out string? canonical)
    {
        canonical = null;
        if (!IPAddress.TryParse(text, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && (!text.Contains(':', StringComparison.Ordinal) || address.ScopeId != 0)))
        {
            return false;
        }

        canonical = address.ToString();
        return true;
    }

    private static bool IsApn(string value) =>
        value.Length is >= 1 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static bool IsDigits(string value, int min, int max) =>
        value.Length >= min && value.Length <= max && value.All(char.IsAsciiDigit);
}
