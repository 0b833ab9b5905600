namespace NMcs.Cli.Scenarios;

/// <summary>A scenario file that cannot be run as written.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ScenarioException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
