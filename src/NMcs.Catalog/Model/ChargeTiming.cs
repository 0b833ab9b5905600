namespace NMcs.Catalog.Model;

/// <summary>Whether a recurring charge is billed at the start or at the end of the period it pays for.</summary>
public enum ChargeTiming
{
    /// <summary>Billed at the start of the period (subscriptions, SIM fees).</summary>
    InAdvance,

    /// <summary>Billed at the end of the period (standing charges of utilities).</summary>
    InArrears,
}
