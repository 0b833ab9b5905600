using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning;

/// <summary>What the gateway knows about one command across its attempts.</summary>
internal sealed class CommandAttempts(NetworkElement element, SubscriberCommand command, bool mayHaveRun)
{
    /// <summary>The element the command is for.</summary>
    public NetworkElement Element { get; } = element;

    /// <summary>The command.</summary>
    public SubscriberCommand Command { get; } = command;

    /// <summary>Attempts sent so far.</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// True when the command (or, for a compensation, what it undoes) may already have run: an earlier attempt got no
    /// usable answer. A rejection is then checked with a read before it is believed.
    /// </summary>
    public bool MayHaveRun { get; set; } = mayHaveRun;

    /// <summary>The last transport error, for the operator message.</summary>
    public string? LastError { get; set; }
}
