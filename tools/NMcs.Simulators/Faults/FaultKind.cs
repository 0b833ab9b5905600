namespace NMcs.Simulators.Faults;

/// <summary>What an injected fault does to one request (an HLR command, an SPML request, a TCP frame).</summary>
internal enum FaultKind
{
    /// <summary>Close the connection without executing the request or replying.</summary>
    Drop,

    /// <summary>Execute the request, then close the connection without replying: the reply is lost.</summary>
    LoseReply,

    /// <summary>Wait, then execute and reply normally.</summary>
    Delay,

    /// <summary>Reply random bytes in the place of the answer; the request is not executed.</summary>
    Garbage,

    /// <summary>Reply a failure with a given error code; the request is not executed.</summary>
    Error,
}
