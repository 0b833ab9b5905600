namespace NMcs.Api.Ingestion;

/// <summary>A push request refused as a whole: nothing of it is recorded.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Reason">Metric label: unauthorized, forbidden, too_large, busy, bad_request, unsupported.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record IngestRefusal(int Status, string Reason, string Message);
