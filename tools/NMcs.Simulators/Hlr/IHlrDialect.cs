namespace NMcs.Simulators.Hlr;

/// <summary>One command language spoken on the HLR port.</summary>
internal interface IHlrDialect
{
    /// <summary>Executes one command (without its terminating <c>;</c>) and formats the reply.</summary>
    /// <param name="command">The command text.</param>
    /// <param name="session">State of the connection.</param>
    /// <returns>The reply, without a trailing line break.</returns>
    string Execute(string command, HlrSession session);

    /// <summary>Formats a failure reply with the given code without executing anything.</summary>
    /// <param name="command">The command text.</param>
    /// <param name="code">The result code.</param>
    /// <returns>The reply, without a trailing line break.</returns>
    string Reject(string command, int code);
}
