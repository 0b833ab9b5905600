namespace NMcs.Abstractions.Contracts;

/// <summary>What an order plans a SIM's network steps from: the SIM and its network settings, read in one call.</summary>
/// <param name="Info">The SIM.</param>
/// <param name="Provisioning">Its network settings, test quota use and swap links.</param>
[GenerateSerializer, Immutable, Alias("nmcs.SimOrderView")]
public sealed record SimOrderView(
    [property: Id(0)] SimInfo Info,
    [property: Id(1)] SimProvisioningInfo Provisioning);
