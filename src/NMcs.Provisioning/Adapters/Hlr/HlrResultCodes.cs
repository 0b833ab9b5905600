namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>The HLR result codes shared by the CAI and MML dialects (tools/NMcs.Simulators/README.md).</summary>
internal static class HlrResultCodes
{
    /// <summary>Operation succeeded.</summary>
    public const int Success = 0;

    /// <summary>The subscriber does not exist.</summary>
    public const int UnknownSubscriber = 3001;

    /// <summary>The session is not logged in: the command did not run, and the connection is not usable.</summary>
    public const int NotLoggedIn = 1003;

    /// <summary>What a code means, for operators.</summary>
    public static string Describe(int code) => code switch
    {
        0 => "Operation succeeded",
        1001 => "Syntax error",
        1002 => "Invalid user name or password",
        1003 => "Not logged in",
        1004 => "Invalid parameter value",
        1005 => "Unknown command",
        3001 => "Subscriber does not exist",
        3002 => "MSISDN already exists",
        3003 => "IMSI already exists",
        _ => "Operation failed",
    };
}
