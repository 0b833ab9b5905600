namespace NMcs.Mediation.Cdr;

/// <summary>
/// Names a field for error messages without building a string on the success path: the text is only formatted when
/// a field turns out to be malformed.
/// </summary>
/// <param name="Container">The list the field sits in (e.g. listOfServiceData), or null for a record-level field.</param>
/// <param name="Index">0-based position of the container in its list.</param>
/// <param name="Name">The field's name in TS 32.298.</param>
internal readonly record struct FieldPath(string? Container, int Index, string Name)
{
    public static FieldPath Record(string name) => new(null, 0, name);

    public override string ToString() => Container is null ? Name : $"{Container}[{Index}].{Name}";
}
