namespace NMcs.Api.Resources;

/// <summary>The answer to a SIM import: one entry per data row, in file order, and the counts.</summary>
/// <param name="Rows">Per-row answers.</param>
public sealed record SimImportResult(IReadOnlyList<SimImportRow> Rows)
{
    /// <summary>Rows whose SIM was registered and/or assigned.</summary>
    public int Accepted => Rows.Count(r => r.Outcome == SimImportOutcome.Accepted);

    /// <summary>Rows already in inventory exactly so.</summary>
    public int Unchanged => Rows.Count(r => r.Outcome == SimImportOutcome.Unchanged);

    /// <summary>Rows refused.</summary>
    public int Refused => Rows.Count(r => r.Outcome == SimImportOutcome.Refused);
}
