namespace NMcs.Rating.Engine;

/// <summary>What a <see cref="RatingWorkload"/> run rated.</summary>
/// <param name="Records">Records rated.</param>
/// <param name="Parts">Rated parts produced.</param>
/// <param name="Total">Sum of the rounded amounts.</param>
public sealed record RatingWorkloadResult(int Records, int Parts, decimal Total);
