namespace NMcs.Provisioning.Text;

/// <summary>
/// How a text dialect logs in and where its replies end. The pool reads a reply line by line and asks the framing
/// after each line whether the reply is complete, needs more lines, or is not a reply of this dialect at all.
/// </summary>
internal interface ITextFraming
{
    /// <summary>A short name for messages ("CAI", "MML").</summary>
    string Dialect { get; }

    /// <summary>The login command, with its terminating <c>;</c>.</summary>
    string LoginCommand(string user, string password);

    /// <summary>Classifies the reply read so far after its latest line was appended.</summary>
    /// <param name="lines">The reply's lines so far (without line breaks); never empty.</param>
    ReplyProgress Inspect(IReadOnlyList<string> lines);

    /// <summary>The result code of a complete reply, or null when the reply carries none.</summary>
    int? ResultCode(IReadOnlyList<string> lines);
}
