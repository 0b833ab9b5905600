using NMcs.Mediation.Csv;

namespace NMcs.Mediation.Collection;

/// <summary>A configured CSV source as a collector file format.</summary>
public sealed class CsvFileFormat(CsvUsageParser parser) : ICdrFileFormat
{
    /// <inheritdoc />
    public string Name => parser.Name;

    /// <inheritdoc />
    public bool Matches(string fileName) => parser.Matches(fileName);

    /// <inheritdoc />
    public IEnumerable<CdrFileItem> Read(string fileName, Stream content, long skip)
    {
        using var rows = parser.Parse(fileName, content, skip).GetEnumerator();
        while (true)
        {
            CsvRowResult row;
            try
            {
                if (!rows.MoveNext())
                {
                    yield break;
                }

                row = rows.Current;
            }
            catch (DomainException e)
            {
                // The header does not fit the source's mapping: no row can be trusted.
                throw new CdrFileRejectedException($"{e.Field}: {e.Message}", e);
            }

            yield return new CdrFileItem(row.Row, row.Usage, row.Reject);
        }
    }
}
