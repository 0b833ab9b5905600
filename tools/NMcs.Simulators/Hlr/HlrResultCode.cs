namespace NMcs.Simulators.Hlr;

/// <summary>Result codes shared by both dialects (CAI <c>RESP:n;</c>, MML <c>RETCODE = n</c>).</summary>
internal static class HlrResultCode
{
    /// <summary>Command executed.</summary>
    public const int Success = 0;

    /// <summary>Command could not be parsed, or a required parameter is missing or repeated.</summary>
    public const int SyntaxError = 1001;

    /// <summary>Login refused: wrong user or password.</summary>
    public const int BadCredentials = 1002;

    /// <summary>Command needs a logged-in session.</summary>
    public const int NotLoggedIn = 1003;

    /// <summary>A parameter value is malformed (digits, profile number or status).</summary>
    public const int InvalidValue = 1004;

    /// <summary>Verb or object is not known to the simulator.</summary>
    public const int UnknownCommand = 1005;

    /// <summary>No subscriber with that MSISDN.</summary>
    public const int UnknownSubscriber = 3001;

    /// <summary>A subscriber with that MSISDN already exists.</summary>
    public const int MsisdnExists = 3002;

    /// <summary>The IMSI already belongs to a subscriber.</summary>
    public const int ImsiExists = 3003;

    /// <summary>Short English description of a code, used in MML replies.</summary>
    /// <param name="code">The result code.</param>
    /// <returns>The description; "Operation failed" for codes not listed here.</returns>
    public static string Describe(int code) => code switch
    {
        Success => "Operation succeeded",
        SyntaxError => "Syntax error",
        BadCredentials => "Invalid user name or password",
        NotLoggedIn => "Not logged in",
        InvalidValue => "Invalid parameter value",
        UnknownCommand => "Unknown command",
        UnknownSubscriber => "Subscriber does not exist",
        MsisdnExists => "MSISDN already exists",
        ImsiExists => "IMSI already exists",
        _ => "Operation failed",
    };
}
