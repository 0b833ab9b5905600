using System.Globalization;
using System.Text;
using NMcs.Simulators.Faults;

namespace NMcs.Simulators.Hlr;

/// <summary>Routes one command to its dialect, after letting the fault injector have its say.</summary>
internal sealed class HlrCommandProcessor
{
    private readonly FaultInjector _faults;
    private readonly CaiDialect _cai;
    private readonly MmlDialect _mml;

    /// <summary>Creates the processor.</summary>
    /// <param name="table">Subscriber table.</param>
    /// <param name="credentials">Accepted account.</param>
    /// <param name="faults">Fault injector.</param>
    public HlrCommandProcessor(HlrSubscriberTable table, HlrCredentials credentials, FaultInjector faults)
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
            case FaultKind.Drop:
                return null;
            case FaultKind.LoseReply:
                dialect.Execute(command, session);
                return null;
            case FaultKind.Garbage:
                return Encoding.ASCII.GetString(_faults.Garbage());
            case FaultKind.Error:
                // In-process faults may leave the code out: the FAULT command's default applies.
                return dialect.Reject(
                    command,
                    int.TryParse(fault.ErrorCode, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : HlrResultCode.UnknownSubscriber);
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMilliseconds, cancellationToken);
                break;
            default:
                break;
        }

        return dialect.Execute(command, session);
    }
}
