namespace NMcs.Mediation.Tests.Cdr;

/// <summary>Hex octets written line by line with a comment per TLV; spaces are ignored.</summary>
internal static class Hex
{
    public static byte[] Octets(params string[] lines) =>
        Convert.FromHexString(string.Concat(lines).Replace(" ", string.Empty, StringComparison.Ordinal));
}
