namespace NMcs.Provisioning.Text;

/// <summary>A complete, well-framed reply read from a text session.</summary>
/// <param name="Command">The command that was sent, with its <c>;</c>.</param>
/// <param name="Lines">The reply's lines without line breaks.</param>
internal sealed record TextReply(string Command, IReadOnlyList<string> Lines);
