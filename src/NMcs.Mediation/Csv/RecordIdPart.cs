namespace NMcs.Mediation.Csv;

/// <summary>A piece of a <see cref="RecordIdTemplate"/>: a column when <see cref="Column"/> is set, else literal text.</summary>
/// <param name="Literal">The literal text.</param>
/// <param name="Column">The column whose value goes here.</param>
internal sealed record RecordIdPart(string Literal, ColumnRef? Column);
