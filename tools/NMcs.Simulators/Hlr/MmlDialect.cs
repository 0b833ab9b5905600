using System.Text;

namespace NMcs.Simulators.Hlr;

/// <summary>
/// MML-style dialect: <c>VERB:KEY=VALUE,KEY=VALUE;</c> answered by a block ending in <c>---    END</c>.
/// </summary>
/// <param name="operations">Subscriber operations.</param>
/// <param name="credentials">Accepted account.</param>
internal sealed class MmlDialect(HlrOperations operations, HlrCredentials credentials) : IHlrDialect
{
    /// <summary>Last line of every MML reply.</summary>
    public const string EndMarker = "---    END";

    private static readonly string[] Verbs = ["LGI", "LGO", "HGSUI", "HGSUE", "HGSUD", "HGSDP"];

    /// <summary>Whether a verb belongs to this dialect.</summary>
    /// <param name="verb">The text before the first <c>:</c>.</param>
    /// <returns>True for MML verbs.</returns>
    public static bool Speaks(string verb) => Verbs.Contains(verb.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Execute(string command, HlrSession session)
    {
        var colon = command.IndexOf(':', StringComparison.Ordinal);
        var verb = (colon < 0 ? command : command[..colon]).Trim().ToUpperInvariant();
        var body = colon < 0 ? string.Empty : command[(colon + 1)..];
        var map = HlrParameters.Parse(body.Length == 0 ? [] : body.Split(','), '=');
        if (map is null)
        {
            return Block(command, HlrResultCode.SyntaxError);
        }

        if (verb == "LGI")
        {
            if (map.Count != 2 || !map.TryGetValue("OPNAME", out var user) || !map.TryGetValue("PWD", out var password))
            {
                return Block(command, HlrResultCode.SyntaxError);
            }

            session.LoggedIn = credentials.Accepts(user, password);
            return Block(command, session.LoggedIn ? HlrResultCode.Success : HlrResultCode.BadCredentials);
        }

        if (!session.LoggedIn)
        {
            return Block(command, HlrResultCode.NotLoggedIn);
        }

        switch (verb)
        {
            case "LGO":
                session.LoggedIn = false;
                return Block(command, map.Count == 0 ? HlrResultCode.Success : HlrResultCode.SyntaxError);
            case "HGSUI":
                return Block(command, operations.Create(map, defaultProfile: 0));
            case "HGSUE":
                return Block(command, operations.Modify(map));
            case "HGSUD":
                return Block(command, operations.Delete(map));
            default:
                var code = operations.Get(map, out var s);
                return s is null
                    ? Block(command, code)
                    : Block(
                        command,
                        HlrResultCode.Success,
                        $"MSISDN = {s.Msisdn}",
                        $"IMSI = {s.Imsi}",
                        $"PROFILE = {s.Profile}",
                        $"STATUS = {HlrValues.Format(s.Status)}");
        }
    }

    /// <inheritdoc />
    public string Reject(string command, int code) => Block(command, code);

    private static string Block(string command, int code, params string[] fields)
    {
        var reply = new StringBuilder()
            .Append("+++    NMCS-HLR\r\n")
            .Append("%%").Append(command).Append(";%%\r\n")
            .Append("RETCODE = ").Append(code).Append("  ").Append(HlrResultCode.Describe(code)).Append("\r\n");
        foreach (var field in fields)
        {
            reply.Append(field).Append("\r\n");
        }

        return reply.Append(EndMarker).ToString();
    }
}
