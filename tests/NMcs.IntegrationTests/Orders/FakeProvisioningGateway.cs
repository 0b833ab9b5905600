using System.Collections.Concurrent;
using NMcs.Provisioning;
using NMcs.Provisioning.Contracts;

namespace NMcs.IntegrationTests.Orders;

/// <summary>
/// A gateway double: two subscriber elements (hlr-1, hss-1) and one PGW (pgw-1), each an in-memory subscriber table
/// that behaves like an HLR (create refused when the MSISDN exists, delete when it does not). <see cref="Reject"/>
/// makes chosen commands fail; <see cref="StepDelay"/> slows every command down.
/// </summary>
public sealed class FakeProvisioningGateway : IProvisioningGateway
{
    public static readonly FakeProvisioningGateway Instance = new();

    private readonly ConcurrentDictionary<(string Element, string Msisdn), NeSubscriber> _records = new();

    private FakeProvisioningGateway()
    {
        Elements =
        [
            Element("hlr-1", "hlr"),
            Element("hss-1", "hss"),
            Element("pgw-1", "pgw"),
        ];
    }

    /// <summary>Commands refused by the element (element id, command) → true.</summary>
    public Func<string, SubscriberCommand, bool> Reject { get; set; } = (_, _) => false;

    /// <summary>Time each command takes.</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Every command run, in order (reads included).</summary>
    public ConcurrentQueue<(string Element, SubscriberCommand Command)> Log { get; } = new();

    public IReadOnlyList<NetworkElementOptions> Elements { get; }

    public NeSubscriber? Record(string element, string msisdn) => _records.TryGetValue((element, msisdn), out var r) ? r : null;

    public IReadOnlyList<string> ElementsWithRole(string role) => Elements.Where(e => e.Roles.Contains(role)).Select(e => e.Id).ToList();

    public async Task<NeReply> ExecuteAsync(string elementId, SubscriberCommand command, CancellationToken cancellationToken = default)
    {
        if (StepDelay > TimeSpan.Zero)
        {
            await Task.Delay(StepDelay, cancellationToken);
        }

        Log.Enqueue((elementId, command));
        if (command.Action != SubscriberAction.Get && Reject(elementId, command))
        {
            return new NeReply(elementId, NeOutcome.Rejected, 99, "refused by test");
        }

        var key = (elementId, command.Msisdn);
        switch (command.Action)
        {
            case SubscriberAction.Create:
                return _records.TryAdd(key, new NeSubscriber(command.Msisdn, command.Imsi, command.Profile, command.Barred ?? false, command.Apn, command.StaticIp))
                    ? Ok(elementId)
                    : new NeReply(elementId, NeOutcome.Rejected, 3, "subscriber exists");
            case SubscriberAction.Delete:
                return _records.TryRemove(key, out _) ? Ok(elementId) : new NeReply(elementId, NeOutcome.Rejected, 4, "no such subscriber") { NoSuchSubscriber = true };
            case SubscriberAction.Get:
                return _records.TryGetValue(key, out var found) ? Ok(elementId) with { Subscriber = found } : new NeReply(elementId, NeOutcome.Rejected, 4, "no such subscriber") { NoSuchSubscriber = true };
            default:
                // Like a real element: a modify needs the record.
                if (!_records.TryGetValue(key, out var current))
                {
                    return new NeReply(elementId, NeOutcome.Rejected, 4, "no such subscriber") { NoSuchSubscriber = true };
                }

                _records[key] = current with
                {
                    Imsi = command.Imsi ?? current.Imsi,
                    Profile = command.Profile ?? current.Profile,
                    Barred = command.Barred ?? current.Barred,
                    Apn = command.Apn is null ? current.Apn : command.Apn.Length == 0 ? null : command.Apn,
                    StaticIp = command.StaticIp is null ? current.StaticIp : command.StaticIp.Length == 0 ? null : command.StaticIp,
                };
                return Ok(elementId);
        }
    }

    public async Task<FanOutResult> FanOutAsync(IReadOnlyList<ProvisioningStep> steps, CancellationToken cancellationToken = default)
    {
        var replies = new List<NeReply>();
        var compensations = new List<NeReply>();
        for (var i = 0; i < steps.Count; i++)
        {
            var reply = await ExecuteAsync(steps[i].ElementId, steps[i].Command, cancellationToken);
            replies.Add(reply);
            if (reply.Succeeded)
            {
                continue;
            }

            for (var j = i - 1; j >= 0; j--)
            {
                if (steps[j].Compensation is { } undo)
                {
                    compensations.Add(await ExecuteAsync(steps[j].ElementId, undo, cancellationToken));
                }
            }

            return new FanOutResult(compensations.All(c => c.Succeeded) ? FanOutStatus.Failed : FanOutStatus.Partial, replies, compensations);
        }

        return new FanOutResult(FanOutStatus.Completed, replies, compensations);
    }

    private static NeReply Ok(string elementId) => new(elementId, NeOutcome.Succeeded, 0, "ok");

    private static NetworkElementOptions Element(string id, string role)
    {
        var options = new NetworkElementOptions { Id = id };
        options.Roles.Add(role);
        return options;
    }
}
