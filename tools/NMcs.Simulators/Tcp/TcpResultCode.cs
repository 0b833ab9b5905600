namespace NMcs.Simulators.Tcp;

/// <summary>Result codes of the TCP element (the <c>CODE</c> field of a reply); numbered like the HLR's where they mean the same.</summary>
internal static class TcpResultCode
{
    /// <summary>Request executed.</summary>
    public const int Success = 0;

    /// <summary>Payload is not UTF-8 <c>KEY=VALUE</c> lines, or a field is missing, repeated or unknown.</summary>
    public const int SyntaxError = 1001;

    /// <summary>Login refused: wrong user or password.</summary>
    public const int BadCredentials = 1002;

    /// <summary>The operation needs a logged-in connection.</summary>
    public const int NotLoggedIn = 1003;

    /// <summary>A field value is malformed.</summary>
    public const int InvalidValue = 1004;

    /// <summary>The OP is not known.</summary>
    public const int UnknownOperation = 1005;

    /// <summary>The frame is longer than 64 KiB; the connection is closed after this reply.</summary>
    public const int FrameTooLarge = 1006;

    /// <summary>No subscriber with that MSISDN.</summary>
    public const int UnknownSubscriber = 3001;

    /// <summary>A subscriber with that MSISDN already exists.</summary>
    public const int MsisdnExists = 3002;

    /// <summary>The IMSI belongs to another subscriber.</summary>
    public const int ImsiExists = 3003;

    /// <summary>The static IP is already assigned to another subscriber on the same APN.</summary>
    public const int IpInUse = 3004;

    /// <summary>Short English description of a code, sent as <c>TEXT</c>.</summary>
    /// <param name="code">The result code.</param>
    /// <returns>The description; "Operation failed" for codes not listed here.</returns>
    public static string Describe(int code) => code switch
    {
        Success => "OK",
        SyntaxError => "Syntax error",
        BadCredentials => "Invalid user name or password",
        NotLoggedIn => "Not logged in",
        InvalidValue => "Invalid field value",
        UnknownOperation => "Unknown operation",
        FrameTooLarge => "Frame too large",
        UnknownSubscriber => "Subscriber does not exist",
        MsisdnExists => "MSISDN already exists",
        ImsiExists => "IMSI already exists",
        IpInUse => "IP address already assigned on this APN",
        _ => "Operation failed",
    };
}
