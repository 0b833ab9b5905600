using NMcs.Storage.Resources;

namespace NMcs.Api.Resources;

/// <summary>The customers a pool or APN is dedicated to after an assignment.</summary>
/// <param name="Kind">What was assigned.</param>
/// <param name="Name">Its name.</param>
/// <param name="CustomerIds">A pool's customer (none: shared), or every customer allowed on an APN.</param>
public sealed record ResourceAssignment(ResourceKind Kind, string Name, IReadOnlyList<string> CustomerIds);
