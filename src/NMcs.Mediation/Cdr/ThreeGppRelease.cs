namespace NMcs.Mediation.Cdr;

/// <summary>
/// The 3-bit release identifiers of TS 32.297 headers: 0 = R99, 1..6 = Rel-4..Rel-9, 7 = Rel-10 or later with the
/// release given by an extension octet (release - 10). Releases are numbered as 3GPP does, R99 as 99.
/// </summary>
internal static class ThreeGppRelease
{
    public const int R99 = 99;

    public static int FromIdentifier(int identifier, int extension) => identifier switch
    {
        0 => R99,
        7 => 10 + extension,
        _ => identifier + 3,
    };

    public static (int Identifier, int? Extension) ToIdentifier(int release) => release switch
    {
        R99 => (0, null),
        >= 4 and <= 9 => (release - 3, null),
        >= 10 and <= 10 + byte.MaxValue => (7, release - 10),
        _ => throw new ArgumentOutOfRangeException(nameof(release), release, "3GPP release must be 99 (R99) or 4..265"),
    };
}
