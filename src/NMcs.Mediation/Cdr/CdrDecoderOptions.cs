namespace NMcs.Mediation.Cdr;

/// <summary>How CDRs are turned into usage.</summary>
/// <param name="HomePlmn">The operator's own network. Usage located in another PLMN is reported as roaming
/// (<see cref="MediatedUsage.VisitedNetwork"/>).</param>
public sealed record CdrDecoderOptions(PlmnId HomePlmn)
{
    /// <summary>Further networks that count as home (equivalent home PLMNs), e.g. a second MNC of the same operator.</summary>
    public IReadOnlyList<PlmnId> EquivalentHomePlmns { get; init; } = [];

    /// <summary>True when <paramref name="plmn"/> is the home PLMN or an equivalent one.</summary>
    public bool IsHome(PlmnId plmn) => plmn == HomePlmn || EquivalentHomePlmns.Contains(plmn);
}
