namespace NMcs.Simulators.Hlr;

/// <summary>Routes one command to its dialect, after letting the fault injector have its say.</summary>
internal sealed class HlrCommandProcessor
{
    private readonly HlrFaultInjector _faults;
    private readonly CaiDialect _cai;
    private readonly MmlDialect _mml;

    /// <summary>Creates the processor.</summary>
    /// <param name="table">Subscriber table.</param>
    /// <param name="credentials">Accepted account.</param>
    /// <param name="faults">Fault injector.</param>
    public HlrCommandProcessor(HlrSubscriberTable table, HlrCredentials credentials, HlrFaultInjector faults)
    {
        _faults = faults;
        var operations = new HlrOperations(table);
        _cai = new CaiDialect(operations, credentials);
        _mml = new MmlDialect(operations, credentials);
    }

    /// <summary>Executes one command.</summary>
    /// <param name="command">Command text without <c>;</c> and without line breaks.</param>
    /// <param name="session">State of the connection.</param>
    /// <param name="cancellationToken">Stops a delay fault.</param>
    /// <returns>The reply, or null when the connection must be dropped without one.</returns>
    public async Task<string?> ExecuteAsync(string command, HlrSession session, CancellationToken cancellationToken)
    {
        var colon = command.IndexOf(':', StringComparison.Ordinal);
        var verb = (colon < 0 ? command : command[..colon]).Trim();
        if (string.Equals(verb, HlrFaultCommand.Verb, StringComparison.OrdinalIgnoreCase))
        {
            return HlrFaultCommand.Apply(command, _faults);
        }

        IHlrDialect dialect = MmlDialect.Speaks(verb) ? _mml : _cai;
        var fault = _faults.Next();
        switch (fault?.Kind)
        {
            case HlrFaultKind.Drop:
                return null;
            case HlrFaultKind.LoseReply:
                dialect.Execute(command, session);
                return null;
            case HlrFaultKind.Garbage:
                return _faults.Garbage();
            case HlrFaultKind.Error:
                return dialect.Reject(command, fault.ErrorCode);
            case HlrFaultKind.Delay:
                await Task.Delay(fault.DelayMilliseconds, cancellationToken);
                break;
            default:
                break;
        }

        return dialect.Execute(command, session);
    }
}
