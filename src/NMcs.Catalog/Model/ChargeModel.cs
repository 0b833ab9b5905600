namespace NMcs.Catalog.Model;

/// <summary>How a usage charge turns billable units into an amount.</summary>
public enum ChargeModel
{
    /// <summary>Billable units times <see cref="UsageCharge.Price"/>.</summary>
    PerUnit,

    /// <summary>Each unit priced by the tier the cycle's cumulative quantity is in when the unit is used.</summary>
    Graduated,

    /// <summary>Every unit of the cycle priced by the tier the cycle's total reaches; trued up at cycle end.</summary>
    Volume,

    /// <summary>Whole blocks of <see cref="UsageCharge.BlockSize"/> units at <see cref="UsageCharge.Price"/>; a started block is charged whole.</summary>
    Block,

    /// <summary>A tier's flat fee charged once per cycle when the cumulative quantity enters the tier.</summary>
    FlatPerTier,

    /// <summary><see cref="UsageCharge.Percent"/> percent of the amount of another usage charge for the same record.</summary>
    Percentage,
}
