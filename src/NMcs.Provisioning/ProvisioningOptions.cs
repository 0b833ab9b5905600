namespace NMcs.Provisioning;

/// <summary>The provisioning gateway's configuration: <c>NMcs:Provisioning</c> (see docs/provisioning.md).</summary>
public sealed class ProvisioningOptions
{
    /// <summary>The configuration section the gateway is bound from by default.</summary>
    public const string SectionName = "NMcs:Provisioning";

    /// <summary>The network elements, <c>NMcs:Provisioning:Elements:&lt;n&gt;</c>; none is valid (an empty gateway).</summary>
    public IList<NetworkElementOptions> Elements { get; } = [];

    /// <summary>The configuration path of <see cref="Elements"/>, used to name keys in errors.</summary>
    internal string ElementsPath { get; set; } = SectionName + ":Elements";

    /// <summary>The configuration path of each bound element, in the order of <see cref="Elements"/>.</summary>
    internal List<string> ElementPaths { get; } = [];

    /// <summary>Values that could not be read from configuration, each naming its key.</summary>
    internal List<string> BindingErrors { get; } = [];
}
