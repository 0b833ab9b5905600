namespace NMcs.Mediation.Csv;

/// <summary>
/// What one data row of a CSV file became: either <see cref="Usage"/> or <see cref="Reject"/> is set.
/// </summary>
/// <param name="Row">
/// 1-based number of the data row (header and blank lines not counted; a row may span several physical lines). A
/// collector that has handed on every result up to row N resumes the file with <c>skipRows: N</c>.
/// </param>
/// <param name="Usage">The usage record, when the row was good.</param>
/// <param name="Reject">Why the row was not turned into usage, when it was bad.</param>
public sealed record CsvRowResult(long Row, MediatedUsage? Usage, SourceReject? Reject);
