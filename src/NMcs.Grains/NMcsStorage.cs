namespace NMcs.Grains;

/// <summary>Names of the grain storage providers.</summary>
public static class NMcsStorage
{
    /// <summary>The relational grain storage holding every N-MCS grain's state.</summary>
    public const string Name = "nmcs";
}
