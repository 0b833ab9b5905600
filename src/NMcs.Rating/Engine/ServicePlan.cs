namespace NMcs.Rating.Engine;

/// <summary>What a product sells of one service: its charges (percentage charges excluded) and whether time bands matter.</summary>
/// <param name="Charges">The service's usage charges other than percentage charges.</param>
/// <param name="BandsMatter">
/// True when a charge or allowance of the service is restricted to a time band. When none is, the band cannot change
/// the price, so records of the service are neither split nor given a band.
/// </param>
internal sealed record ServicePlan(ChargePlan[] Charges, bool BandsMatter)
{
    /// <summary>The most specific charge for <paramref name="band"/> and <paramref name="zone"/>, or null.</summary>
    public ChargePlan? ChargeFor(string? band, string? zone)
    {
        ChargePlan? best = null;
        var bestScore = -1;
        foreach (var candidate in Charges)
        {
            var charge = candidate.Charge;
            if ((charge.Zone is not null && charge.Zone != zone) || (charge.TimeBand is not null && charge.TimeBand != band))
            {
                continue;
            }

            var score = (charge.Zone is null ? 0 : 2) + (charge.TimeBand is null ? 0 : 1);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }
}
