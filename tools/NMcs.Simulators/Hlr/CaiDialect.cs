namespace NMcs.Simulators.Hlr;

/// <summary>
/// CAI-style dialect: <c>VERB:OBJECT:KEY,VALUE:KEY,VALUE;</c> answered by <c>RESP:code[:KEY,VALUE...];</c>.
/// </summary>
/// <param name="operations">Subscriber operations.</param>
/// <param name="credentials">Accepted account.</param>
internal sealed class CaiDialect(HlrOperations operations, HlrCredentials credentials) : IHlrDialect
{
    private const string SubscriberObject = "HLRSUB";

    /// <inheritdoc />
    public string Execute(string command, HlrSession session)
    {
        var parts = command.Split(':');
        var verb = parts[0].Trim().ToUpperInvariant();
        switch (verb)
        {
            case "LOGIN":
                if (parts.Length != 3)
                {
                    return Resp(HlrResultCode.SyntaxError);
                }

                session.LoggedIn = credentials.Accepts(parts[1].Trim(), parts[2].Trim());
                return Resp(session.LoggedIn ? HlrResultCode.Success : HlrResultCode.BadCredentials);
            case "LOGOUT":
                if (parts.Length != 1)
                {
                    return Resp(HlrResultCode.SyntaxError);
                }

                if (!session.LoggedIn)
                {
                    return Resp(HlrResultCode.NotLoggedIn);
                }

                session.LoggedIn = false;
                return Resp(HlrResultCode.Success);
            case "CREATE" or "SET" or "GET" or "DELETE":
                return session.LoggedIn ? ExecuteSubscriberCommand(verb, parts) : Resp(HlrResultCode.NotLoggedIn);
            default:
                return Resp(HlrResultCode.UnknownCommand);
        }
    }

    /// <inheritdoc />
    public string Reject(string command, int code) => Resp(code);

    private string ExecuteSubscriberCommand(string verb, string[] parts)
    {
        if (parts.Length < 3)
        {
            return Resp(HlrResultCode.SyntaxError);
        }

        if (!string.Equals(parts[1].Trim(), SubscriberObject, StringComparison.OrdinalIgnoreCase))
        {
            return Resp(HlrResultCode.UnknownCommand);
        }

        var map = HlrParameters.Parse(parts.Skip(2), ',');
        if (map is null)
        {
            return Resp(HlrResultCode.SyntaxError);
        }

        switch (verb)
        {
            case "CREATE":
                return Resp(operations.Create(map, defaultProfile: null));
            case "SET":
                return Resp(operations.Modify(map));
            case "DELETE":
                return Resp(operations.Delete(map));
            default:
                var code = operations.Get(map, out var s);
                return s is null
                    ? Resp(code)
                    : $"RESP:0:MSISDN,{s.Msisdn}:IMSI,{s.Imsi}:PROFILE,{s.Profile}:STATUS,{HlrValues.Format(s.Status)};";
        }
    }

    private static string Resp(int code) => $"RESP:{code};";
}
