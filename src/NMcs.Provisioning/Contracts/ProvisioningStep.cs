namespace NMcs.Provisioning.Contracts;

/// <summary>One step of a fan-out: a command on one element, and the command that undoes it if a later step fails.</summary>
/// <param name="ElementId">The element's id from configuration.</param>
/// <param name="Command">What to do.</param>
/// <param name="Compensation">What undoes it (null when nothing needs undoing, e.g. a read).</param>
public sealed record ProvisioningStep(string ElementId, SubscriberCommand Command, SubscriberCommand? Compensation);
