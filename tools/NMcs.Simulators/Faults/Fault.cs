namespace NMcs.Simulators.Faults;

/// <summary>
/// A fault applied either to the next <see cref="Count"/> requests or, when <see cref="Probability"/> is set, to each
/// request with that probability drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>. Shared by the HLR,
/// HSS and TCP element simulators; the error code is text so each protocol can use its own codes.
/// </summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="Count">How many following requests it hits; ignored when a probability is given.</param>
/// <param name="Probability">Chance per request in (0, 1], or null for count mode.</param>
/// <param name="Seed">Seed of the random source in probability mode (and of garbage bytes).</param>
/// <param name="DelayMilliseconds">Delay for <see cref="FaultKind.Delay"/>.</param>
/// <param name="ErrorCode">Code for <see cref="FaultKind.Error"/> in the simulator's protocol, or null for its default.</param>
internal sealed record Fault(
    FaultKind Kind,
    int Count = 1,
    double? Probability = null,
    int Seed = 0,
    int DelayMilliseconds = 0,
    string? ErrorCode = null);
