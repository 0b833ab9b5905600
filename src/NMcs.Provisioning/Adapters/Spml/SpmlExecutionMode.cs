namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>How the SPML adapter asks the element to execute a request.</summary>
public enum SpmlExecutionMode
{
    /// <summary>The response carries the result.</summary>
    Synchronous = 1,

    /// <summary>
    /// <c>executionMode="asynchronous"</c>: the element answers <c>pending</c> and the adapter polls
    /// <c>statusRequest</c> until the result is there or the command timeout is reached.
    /// </summary>
    Asynchronous = 2,
}
