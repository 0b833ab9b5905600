namespace NMcs.Catalog.Model;

/// <summary>A day kind a time window applies on. A holiday replaces its weekday: only windows listing <see cref="Holiday"/> match it.</summary>
public enum BandDay
{
    /// <summary>Monday.</summary>
    Monday,

    /// <summary>Tuesday.</summary>
    Tuesday,

    /// <summary>Wednesday.</summary>
    Wednesday,

    /// <summary>Thursday.</summary>
    Thursday,

    /// <summary>Friday.</summary>
    Friday,

    /// <summary>Saturday.</summary>
    Saturday,

    /// <summary>Sunday.</summary>
    Sunday,

    /// <summary>A date of the product's or the account's holiday calendar.</summary>
    Holiday,
}
