namespace NMcs.Storage;

/// <summary>Where a stored reject stands.</summary>
public enum RejectStatus
{
    /// <summary>Refused at ingestion and not reprocessed since.</summary>
    Open = 0,

    /// <summary>Reprocessed and accepted: rated, found already rated (duplicate) or suspended.</summary>
    Reprocessed = 1,

    /// <summary>Reprocessed and refused again; field and reason are those of the last attempt.</summary>
    StillRejected = 2,
}
