namespace NMcs.Provisioning.Contracts;

/// <summary>What a command does to the subscriber record on a network element.</summary>
public enum SubscriberAction
{
    /// <summary>Create the subscriber (MSISDN is the key on every element).</summary>
    Create = 1,

    /// <summary>Change the fields given (IMSI for a SIM swap, profile, barring, APN, static IP).</summary>
    Modify = 2,

    /// <summary>Delete the subscriber.</summary>
    Delete = 3,

    /// <summary>Read the subscriber (reconciliation, and checking the outcome of a command whose reply was lost).</summary>
    Get = 4,
}
