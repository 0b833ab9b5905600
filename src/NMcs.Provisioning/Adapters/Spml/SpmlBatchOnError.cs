namespace NMcs.Provisioning.Adapters.Spml;

/// <summary>What the element does with the rest of a batch after a request fails (SPML <c>onError</c>).</summary>
public enum SpmlBatchOnError
{
    /// <summary>Stop at the first failure; later requests are not run.</summary>
    Exit = 1,

    /// <summary>Run every request whatever happened before.</summary>
    Resume = 2,
}
