namespace NMcs.Mediation.Csv;

/// <summary>One CSV record as the reader split it, before mapping.</summary>
/// <param name="Line">1-based physical line the record starts on.</param>
/// <param name="Fields">The unquoted field values; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Raw">The record's text: its physical lines joined with '\n' (only the first line of a malformed record).</param>
/// <param name="Problem">Why the record is not well-formed CSV, or null.</param>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string Raw, string? Problem);
