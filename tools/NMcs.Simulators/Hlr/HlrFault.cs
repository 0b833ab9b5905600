namespace NMcs.Simulators.Hlr;

/// <summary>
/// A fault applied either to the next <see cref="Count"/> commands or, when <see cref="Probability"/> is set,
/// to each command with that probability drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>.
/// </summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="Count">How many following commands it hits; ignored when a probability is given.</param>
/// <param name="Probability">Chance per command in (0, 1], or null for count mode.</param>
/// <param name="Seed">Seed of the random source in probability mode (and of garbage text).</param>
/// <param name="DelayMilliseconds">Delay for <see cref="HlrFaultKind.Delay"/>.</param>
/// <param name="ErrorCode">Code for <see cref="HlrFaultKind.Error"/>.</param>
internal sealed record HlrFault(
    HlrFaultKind Kind,
    int Count = 1,
    double? Probability = null,
    int Seed = 0,
    int DelayMilliseconds = 0,
    int ErrorCode = 0);
