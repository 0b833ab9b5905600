namespace NMcs.Api.Resources;

/// <summary>What became of one row of a SIM import.</summary>
public enum SimImportOutcome
{
    /// <summary>The SIM was registered and/or assigned.</summary>
    Accepted,

    /// <summary>The SIM was already registered (and assigned) exactly so; nothing changed.</summary>
    Unchanged,

    /// <summary>The row was refused and nothing changed for it; code, field and message say why.</summary>
    Refused,
}
