namespace NMcs.Simulators.Hlr;

/// <summary>What an injected fault does to a command.</summary>
internal enum HlrFaultKind
{
    /// <summary>Close the connection without executing the command or replying.</summary>
    Drop,

    /// <summary>Execute the command, then close the connection without replying: the reply is lost.</summary>
    LoseReply,

    /// <summary>Wait, then execute and reply normally.</summary>
    Delay,

    /// <summary>Reply one line of random printable text; the command is not executed.</summary>
    Garbage,

    /// <summary>Reply a given result code; the command is not executed.</summary>
    Error,
}
