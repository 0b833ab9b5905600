using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NMcs.Provisioning.Contracts;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NMcs.Provisioning;

/// <summary>
/// The per-silo provisioning gateway (see <see cref="IProvisioningGateway"/>): one adapter per configured element,
/// made by the factory registered for its protocol, and per element a pipeline of retries with exponential backoff
/// and jitter, a circuit breaker and a per-attempt timeout.
/// </summary>
/// <remarks>
/// Retries are safe because their effect is checked: when an earlier attempt of the same command got no usable
/// answer and a later one is rejected (e.g. "MSISDN already exists" on create, "subscriber does not exist" on
/// delete), the earlier attempt may have run, so the gateway reads the record and reports success when the element
/// already holds what the command asked for. Compensations of a fan-out are checked the same way.
/// </remarks>
public sealed class ProvisioningGateway : IProvisioningGateway, IAsyncDisposable
{
    private readonly Dictionary<string, NetworkElement> _elements = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private bool _disposed;

    /// <summary>Creates the gateway from bound options (the DI constructor; see <see cref="ProvisioningServiceCollectionExtensions"/>).</summary>
    /// <param name="options">The configured elements.</param>
    /// <param name="factories">One adapter factory per protocol.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and the breaker; the system clock when null.</param>
    /// <param name="logger">Where retries, breaker changes and partial fan-outs are logged.</param>
    /// <exception cref="OptionsValidationException">The configuration is invalid; the message names each key.</exception>
    public ProvisioningGateway(
        IOptions<ProvisioningOptions> options,
        IEnumerable<INetworkElementAdapterFactory> factories,
        TimeProvider? timeProvider = null,
        ILogger<ProvisioningGateway>? logger = null)
        : this(Validated(options, factories), factories, timeProvider, logger, validated: true)
    {
    }

    /// <summary>Creates the gateway for a list of elements (tests, tools).</summary>
    /// <param name="elements">The elements.</param>
    /// <param name="factories">One adapter factory per protocol.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and the breaker; the system clock when null.</param>
    /// <param name="logger">Where retries, breaker changes and partial fan-outs are logged.</param>
    /// <exception cref="OptionsValidationException">An element is invalid; the message names each field.</exception>
    public ProvisioningGateway(
        IEnumerable<NetworkElementOptions> elements,
        IEnumerable<INetworkElementAdapterFactory> factories,
        TimeProvider? timeProvider = null,
        ILogger<ProvisioningGateway>? logger = null)
        : this([.. elements], factories, timeProvider, logger, validated: false)
    {
    }

    private ProvisioningGateway(
        IReadOnlyList<NetworkElementOptions> elements,
        IEnumerable<INetworkElementAdapterFactory> factories,
        TimeProvider? timeProvider,
        ILogger<ProvisioningGateway>? logger,
        bool validated)
    {
        ArgumentNullException.ThrowIfNull(factories);
        var byProtocol = new Dictionary<NeProtocol, INetworkElementAdapterFactory>();
        foreach (var factory in factories)
        {
            byProtocol[factory.Protocol] = factory;
        }

        if (!validated)
        {
            var errors = ProvisioningOptionsValidator.Check(elements, byProtocol.Keys.ToHashSet(), "Elements");
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(ProvisioningOptions), errors);
            }
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Elements = elements;
        foreach (var options in elements)
        {
            var adapter = byProtocol[options.Protocol].Create(options);
            _elements[options.Id] = new NetworkElement(options, adapter, _timeProvider, _logger);
            ProvisioningMetrics.CircuitOpen.WithLabels(options.Id).Set(0);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<NetworkElementOptions> Elements { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ElementsWithRole(string role) =>
        [.. Elements.Where(e => e.Roles.Contains(role, StringComparer.OrdinalIgnoreCase)).Select(e => e.Id)];

    /// <inheritdoc />
    public Task<NeReply> ExecuteAsync(string elementId, SubscriberCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunAsync(Find(elementId), command, checkRejection: false, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every element id is checked before the first step runs. Compensations run to the end even when
    /// <paramref name="cancellationToken"/> fires, since stopping half-way would leave the elements disagreeing; a
    /// step cut short by cancellation counts as unknown. A compensation rejected because the element is already in the
    /// state it asks for (e.g. deleting a subscriber that a lost create never made) counts as done.
    /// </remarks>
    public async Task<FanOutResult> FanOutAsync(IReadOnlyList<ProvisioningStep> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var elements = steps.Select(s => Find(s.ElementId)).ToList();
        var replies = new List<NeReply>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            NeReply reply;
            try
            {
                reply = await RunAsync(elements[i], steps[i].Command, checkRejection: false, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                reply = new NeReply(elements[i].Id, NeOutcome.Unknown, null, "cancelled by the caller; the command may have run");
            }

            replies.Add(reply);
            if (!reply.Succeeded)
            {
                return await CompensateAsync(steps, elements, replies);
            }
        }

        return new FanOutResult(FanOutStatus.Completed, replies, []);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var element in _elements.Values)
        {
            await element.Adapter.DisposeAsync();
        }

        _elements.Clear();
    }

    private static List<NetworkElementOptions> Validated(IOptions<ProvisioningOptions> options, IEnumerable<INetworkElementAdapterFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var result = new ProvisioningOptionsValidator(factories).Validate(Options.DefaultName, value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProvisioningOptions), result.Failures);
        }

        return [.. value.Elements];
    }

    private static bool Holds(NeSubscriber? record, SubscriberCommand command) =>
        record is not null
        && record.Msisdn == command.Msisdn
        && (command.Imsi is null || record.Imsi is null || record.Imsi == command.Imsi)
        && (command.Profile is null || record.Profile is null || record.Profile == command.Profile)
        && (command.Barred is null || record.Barred is null || record.Barred == command.Barred)
        && (command.Apn is null || record.Apn is null || record.Apn == command.Apn)
        && (command.StaticIp is null || record.StaticIp is null || record.StaticIp == command.StaticIp);

    private NetworkElement Find(string elementId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return elementId is not null && _elements.TryGetValue(elementId, out var element)
            ? element
            : throw new ArgumentException($"network element '{elementId}' is not configured; configured: {string.Join(", ", _elements.Keys)}", nameof(elementId));
    }

    private async Task<FanOutResult> CompensateAsync(IReadOnlyList<ProvisioningStep> steps, List<NetworkElement> elements, List<NeReply> replies)
    {
        var failed = replies.Count - 1;
        var compensations = new List<NeReply>();
        for (var i = failed; i >= 0; i--)
        {
            // A rejected step did not run; an unknown one may have, so it is undone as well.
            if (i == failed && replies[i].Outcome != NeOutcome.Unknown)
            {
                continue;
            }

            if (steps[i].Compensation is { } compensation)
            {
                compensations.Add(await RunAsync(elements[i], compensation, checkRejection: true, CancellationToken.None));
            }
        }

        var status = compensations.All(c => c.Succeeded) ? FanOutStatus.Failed : FanOutStatus.Partial;
        if (status == FanOutStatus.Partial)
        {
            _logger.LogError(
                "Fan-out partially applied: step {Step} on {Element} ended {Outcome} ({Message}) and {Failures} compensation(s) failed: {Compensations}",
                failed,
                replies[failed].ElementId,
                replies[failed].Outcome,
                replies[failed].Message,
                compensations.Count(c => !c.Succeeded),
                string.Join("; ", compensations.Where(c => !c.Succeeded).Select(c => $"{c.ElementId}: {c.Outcome} {c.Message}")));
        }

        return new FanOutResult(status, replies, compensations);
    }

    private async Task<NeReply> RunAsync(NetworkElement element, SubscriberCommand command, bool checkRejection, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var state = new CommandAttempts(element, command, mayHaveRun: checkRejection);
        NeReply reply;
        try
        {
            reply = await element.Pipeline.ExecuteAsync(static (s, token) => AttemptAsync(s, token), state, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            reply = Unknown(state, ex.RetryAfter is { } after
                ? string.Create(CultureInfo.InvariantCulture, $"circuit open, commands refused for {after.TotalMilliseconds:0} ms more")
                : "circuit open, commands refused");
        }
        catch (TimeoutRejectedException)
        {
            reply = Unknown(state, string.Create(CultureInfo.InvariantCulture, $"no reply within the command timeout ({element.Options.CommandTimeout.TotalMilliseconds:0} ms)"));
        }
        catch (NeTransportException ex)
        {
            reply = Unknown(state, ex.Message);
        }

        ProvisioningMetrics.Commands.WithLabels(element.Id, reply.Outcome.ToString().ToLowerInvariant()).Inc();
        ProvisioningMetrics.CommandDuration.WithLabels(element.Id).Observe(_timeProvider.GetElapsedTime(started).TotalSeconds);
        return reply;
    }

    /// <summary>One attempt, run inside the element's pipeline.</summary>
    private static async ValueTask<NeReply> AttemptAsync(CommandAttempts state, CancellationToken cancellationToken)
    {
        state.Attempts++;
        var adapter = state.Element.Adapter;
        try
        {
            var reply = await adapter.ExecuteAsync(state.Command, cancellationToken);
            if (reply.Outcome == NeOutcome.Unknown)
            {
                // An adapter should throw for this; treat it the same so it is retried and counted by the breaker.
                throw new NeTransportException(reply.Message);
            }

            if (reply.Outcome == NeOutcome.Rejected && state.MayHaveRun && state.Command.Action != SubscriberAction.Get && reply.Code is not null)
            {
                reply = await CheckRejectionAsync(state, reply, cancellationToken);
            }

            return reply with { Attempts = state.Attempts };
        }
        catch (Exception ex) when (ex is NeTransportException or OperationCanceledException)
        {
            state.MayHaveRun = true;
            state.LastError = ex is NeTransportException ? ex.Message : null;
            throw;
        }
    }

    /// <summary>
    /// A rejection after an attempt that may have run: reads the record and turns the rejection into success when the
    /// element already holds what the command asked for (a create or modify that took effect, a delete whose record is
    /// gone — the read is refused as "no such subscriber"; a read refused for another reason proves nothing).
    /// </summary>
    private static async Task<NeReply> CheckRejectionAsync(CommandAttempts state, NeReply rejection, CancellationToken cancellationToken)
    {
        var command = state.Command;
        var read = await state.Element.Adapter.ExecuteAsync(new SubscriberCommand(SubscriberAction.Get, command.Msisdn), cancellationToken);
        var done = command.Action == SubscriberAction.Delete
            ? read.Outcome == NeOutcome.Rejected && read.NoSuchSubscriber
            : read.Succeeded && Holds(read.Subscriber, command);
        return done
            ? new NeReply(
                rejection.ElementId,
                NeOutcome.Succeeded,
                0,
                $"done: answered '{rejection.Message}', but a read shows the element already holds what the command asks for (an attempt whose answer was lost ran, or there was nothing to undo)")
            : rejection;
    }

    private static NeReply Unknown(CommandAttempts state, string why)
    {
        var message = state.Attempts == 0
            ? $"{why}; not sent"
            : string.Create(CultureInfo.InvariantCulture, $"no usable answer after {state.Attempts} attempt(s): {why}");
        if (state.LastError is { } last && !message.Contains(last, StringComparison.Ordinal))
        {
            message += $" (last error: {last})";
        }

        return new NeReply(state.Element.Id, NeOutcome.Unknown, null, message, null, state.Attempts);
    }
}
