namespace NMcs.Provisioning.Contracts;

/// <summary>The answer to one command on one network element.</summary>
/// <param name="ElementId">The element that was asked.</param>
/// <param name="Outcome">Executed, rejected, or unknown.</param>
/// <param name="Code">The element's result code (0 on success), or null when there was no answer.</param>
/// <param name="Message">A one-line description for operators: the element's text, or what went wrong on the way.</param>
/// <param name="Subscriber">The record, for <see cref="SubscriberAction.Get"/> on success.</param>
/// <param name="Attempts">How many times the command was sent (1 when the first attempt answered).</param>
public sealed record NeReply(string ElementId, NeOutcome Outcome, int? Code, string Message, NeSubscriber? Subscriber = null, int Attempts = 1)
{
    /// <summary>True when the element executed the command.</summary>
    public bool Succeeded => Outcome == NeOutcome.Succeeded;

    /// <summary>
    /// True when the element refused because it holds no record for the MSISDN (its "no such subscriber" code, which
    /// the adapter knows). Only this proves a record absent: a refusal for any other reason (a system error, a busy
    /// element) says nothing about the record.
    /// </summary>
    public bool NoSuchSubscriber { get; init; }
}
