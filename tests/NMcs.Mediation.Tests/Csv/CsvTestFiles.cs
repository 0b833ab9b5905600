using System.Text;
using NMcs.Mediation.Csv;

namespace NMcs.Mediation.Tests.Csv;

/// <summary>Mappings and helpers shared by the CSV tests.</summary>
internal static class CsvTestFiles
{
    public const string Key = "NMcs:Mediation:Csv:Sources:0";

    /// <summary>An SMSC that writes a header and ISO 8601 times with offset.</summary>
    public static CsvSourceMapping Smsc() => new()
    {
        Name = "smsc-fra1",
        FilePatterns = ["smsc-*.csv"],
        SimKind = "msisdn",
        Service = "SMS",
        Unit = "MSG",
        Columns = new CsvColumnMapping
        {
            RecordId = "{switch}-{seq}",
            Sim = "a_number",
            Timestamp = "submit_time",
            Quantity = "parts",
            Destination = "b_number",
        },
    };

    public const string SmscHeader = "switch,seq,a_number,b_number,submit_time,parts";

    public static List<CsvRowResult> Parse(CsvSourceMapping mapping, string text, long skipRows = 0, string fileName = "smsc-1.csv") =>
        [.. CsvUsageParser.Create(mapping, Key).Parse(fileName, new MemoryStream(Encoding.UTF8.GetBytes(text)), skipRows)];

    public static MediatedUsage Usage(CsvRowResult result) =>
        result.Usage ?? throw new Xunit.Sdk.XunitException($"row {result.Row} was rejected: {result.Reject}");

    public static SourceReject Reject(CsvRowResult result) =>
        result.Reject ?? throw new Xunit.Sdk.XunitException($"row {result.Row} was accepted: {result.Usage}");
}
