using System.Globalization;
using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Text;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>
/// What the CAI and MML adapters share: checks the command, renders it in the dialect, sends it on a pooled
/// connection and turns the answer into an <see cref="NeReply"/>. An HLR holds no APN and no static IP: those fields
/// are ignored, and a modify that changes nothing else succeeds without being sent.
/// </summary>
internal sealed class HlrTextAdapter : IDisposable
{
    private readonly string _elementId;
    private readonly IHlrDialect _dialect;

    public HlrTextAdapter(NetworkElementOptions options, IHlrDialect dialect)
    {
        _elementId = options.Id;
        _dialect = dialect;
        Pool = new TextConnectionPool(options, dialect);
    }

    /// <summary>The element's connections.</summary>
    public TextConnectionPool Pool { get; }

    /// <summary>Sends one command; see <see cref="INetworkElementAdapter.ExecuteAsync"/>.</summary>
    public async Task<NeReply> ExecuteAsync(SubscriberCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Check(command) is { } refusal)
        {
            return new NeReply(_elementId, NeOutcome.Rejected, null, refusal + " (not sent)");
        }

        if (command is { Action: SubscriberAction.Modify, Imsi: null, Profile: null, Barred: null })
        {
            return new NeReply(_elementId, NeOutcome.Succeeded, HlrResultCodes.Success, "nothing an HLR holds changes (APN and static IP are not HLR data); not sent");
        }

        var answer = await Pool.ExecuteAsync(_dialect.Render(command), ParseUsable, cancellationToken);
        var message = string.Create(CultureInfo.InvariantCulture, $"{answer.Code} {answer.Text}");
        if (answer.Code != HlrResultCodes.Success)
        {
            return new NeReply(_elementId, NeOutcome.Rejected, answer.Code, message) { NoSuchSubscriber = answer.Code == HlrResultCodes.UnknownSubscriber };
        }

        if (command.Action == SubscriberAction.Get && answer.Subscriber is null)
        {
            throw new NeTransportException($"{_dialect.Dialect} read reply carries no record");
        }

        return new NeReply(_elementId, NeOutcome.Succeeded, answer.Code, message, command.Action == SubscriberAction.Get ? answer.Subscriber : null);
    }

    /// <inheritdoc />
    public void Dispose() => Pool.Dispose();

    private static string? Check(SubscriberCommand command)
    {
        if (!HlrFields.IsDigits(command.Msisdn))
        {
            return $"msisdn '{command.Msisdn}' must be digits only";
        }

        if (command.Imsi is not null && !HlrFields.IsDigits(command.Imsi))
        {
            return $"imsi '{command.Imsi}' must be digits only";
        }

        return command.Action == SubscriberAction.Create && command.Imsi is null ? "create needs an imsi" : null;
    }

    private HlrAnswer ParseUsable(TextReply reply)
    {
        var answer = _dialect.Parse(reply);

        // The command did not run and the session lost its login: only a fresh connection can help.
        return answer.Code == HlrResultCodes.NotLoggedIn
            ? throw new NeTransportException($"{_dialect.Dialect} session is no longer logged in")
            : answer;
    }
}
