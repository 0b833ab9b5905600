namespace NMcs.Provisioning.Text;

/// <summary>Where a text reply stands after a line was read.</summary>
internal enum ReplyProgress
{
    /// <summary>The reply is complete.</summary>
    Complete = 1,

    /// <summary>More lines belong to the reply.</summary>
    NeedMore = 2,

    /// <summary>The text is not a reply of the dialect (garbage); the connection cannot be trusted.</summary>
    Invalid = 3,
}
