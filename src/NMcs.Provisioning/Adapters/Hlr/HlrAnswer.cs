using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>A parsed HLR reply.</summary>
/// <param name="Code">The result code.</param>
/// <param name="Text">What the code means.</param>
/// <param name="Subscriber">The record, on a successful read.</param>
internal sealed record HlrAnswer(int Code, string Text, NeSubscriber? Subscriber);
