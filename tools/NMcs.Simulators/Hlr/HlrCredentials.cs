namespace NMcs.Simulators.Hlr;

/// <summary>The one operator account the simulator accepts.</summary>
/// <param name="User">User name.</param>
/// <param name="Password">Password.</param>
internal sealed record HlrCredentials(string User, string Password)
{
    /// <summary>Whether the given pair matches, compared ordinally.</summary>
    /// <param name="user">Offered user name.</param>
    /// <param name="password">Offered password.</param>
    /// <returns>True on a match.</returns>
    public bool Accepts(string user, string password) =>
        string.Equals(user, User, StringComparison.Ordinal) && string.Equals(password, Password, StringComparison.Ordinal);
}
