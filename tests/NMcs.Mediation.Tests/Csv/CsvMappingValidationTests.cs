using NMcs.Mediation.Csv;
using static NMcs.Mediation.Tests.Csv.CsvTestFiles;

namespace NMcs.Mediation.Tests.Csv;

public class CsvMappingValidationTests
{
    private static IReadOnlyList<CsvMappingError> Errors(Action<CsvSourceMapping> change)
    {
        var mapping = Smsc();
        change(mapping);
        return CsvUsageParser.Validate(mapping, Key);
    }

    private static CsvMappingError Single(Action<CsvSourceMapping> change) => Assert.Single(Errors(change));

    [Fact]
    public void A_valid_mapping_has_no_errors() => Assert.Empty(Errors(_ => { }));

    [Fact]
    public void An_empty_mapping_names_every_missing_key()
    {
        var errors = CsvUsageParser.Validate(new CsvSourceMapping(), Key);

        Assert.Equal(
            [
                $"{Key}:Name",
                $"{Key}:FilePatterns",
                $"{Key}:SimKind",
                $"{Key}:Columns:RecordId",
                $"{Key}:Columns:Sim",
                $"{Key}:Columns:Timestamp",
                $"{Key}:Columns:Quantity",
                $"{Key}:Columns:Service",
                $"{Key}:Columns:Unit",
            ],
            errors.Select(e => e.Key));
        Assert.Equal(
            "NMcs:Mediation:Csv:Sources:0:Columns:Timestamp: is missing; give the column with the start of the usage, e.g. submit_time or 4.",
            errors[5].ToString());
    }

    [Fact]
    public void A_header_name_in_a_headerless_source()
    {
        var error = Single(m =>
        {
            m.HasHeader = false;
            m.Columns = new CsvColumnMapping { RecordId = "{0}-{1}", Sim = "2", Timestamp = "submit_time", Quantity = "5" };
        });

        Assert.Equal($"{Key}:Columns:Timestamp", error.Key);
        Assert.Equal("'submit_time' names a header column, but HasHeader is false; give the column's 0-based index instead, e.g. 3, or set HasHeader to true.", error.Message);
    }

    [Fact]
    public void An_exact_format_without_offset_needs_a_time_zone()
    {
        var error = Single(m => m.TimestampFormat = "yyyyMMddHHmmss");

        Assert.Equal($"{Key}:TimeZone", error.Key);
        Assert.Contains("TimestampFormat 'yyyyMMddHHmmss' has no offset specifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exact_format_with_offset_needs_none() =>
        Assert.Empty(Errors(m => m.TimestampFormat = "yyyyMMddHHmmsszzz"));

    [Theory]
    [InlineData("hhmmss")] // no date
    [InlineData("yyyyMMddhhmmss")] // 12-hour clock without AM/PM loses the afternoon
    [InlineData("%")] // not a format .NET accepts
    public void A_format_that_cannot_read_a_time(string format)
    {
        var error = Single(m =>
        {
            m.TimestampFormat = format;
            m.TimeZone = "UTC";
        });

        Assert.Equal($"{Key}:TimestampFormat", error.Key);
        Assert.StartsWith($"'{format}' is not iso8601, unix or a .NET exact format", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("UTC")]
    [InlineData("+05:30")]
    [InlineData("-03:00")]
    public void Time_zones_by_id_or_offset(string zone) => Assert.Empty(Errors(m => m.TimeZone = zone));

    [Theory]
    [InlineData("CET+1")]
    [InlineData("Europe/Berlinn")]
    [InlineData("+5")]
    public void An_unknown_time_zone(string zone)
    {
        var error = Single(m => m.TimeZone = zone);

        Assert.Equal($"{Key}:TimeZone", error.Key);
        Assert.Equal($"'{zone}' is not a time zone; use an IANA id such as Europe/Berlin, UTC, or a fixed offset such as +02:00.", error.Message);
    }

    [Fact]
    public void An_unsupported_delimiter()
    {
        var error = Single(m => m.Delimiter = ":");

        Assert.Equal($"{Key}:Delimiter", error.Key);
        Assert.Equal("':' is not a supported delimiter; use \",\", \";\", \"|\" or \"\\t\" (tab).", error.Message);
    }

    [Fact]
    public void A_service_both_constant_and_column()
    {
        var error = Single(m => m.Columns.Service = "svc");

        Assert.Equal($"{Key}:Service", error.Key);
        Assert.StartsWith($"and {Key}:Columns:Service are both set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_neither_constant_nor_column()
    {
        var error = Single(m => m.Unit = null);

        Assert.Equal($"{Key}:Columns:Unit", error.Key);
        Assert.Equal($"is missing; name the column that holds the unit, or set {Key}:Unit to one value for every row, e.g. MSG.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1024)]
    public void A_multiplier_that_is_not_positive(int multiplier)
    {
        var error = Single(m => m.Multiplier = multiplier);

        Assert.Equal($"{Key}:Multiplier", error.Key);
        Assert.Contains("must be greater than 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{switch-{seq}", "opens a '{' that is never closed")]
    [InlineData("{switch}-{}", "has an empty {}")]
    [InlineData("{switch}}", "has a '}' without an opening '{'")]
    [InlineData("{{fixed}}", "names no column, so every row would get the same id")]
    public void A_record_id_template_that_does_not_work(string template, string problem)
    {
        var error = Single(m => m.Columns.RecordId = template);

        Assert.Equal($"{Key}:Columns:RecordId", error.Key);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_single_keys()
    {
        Assert.Equal($"{Key}:Name", Single(m => m.Name = "smsc fra1").Key);
        Assert.Equal($"{Key}:FilePatterns:1", Single(m => m.FilePatterns = ["smsc-*.csv", "in/smsc-*.csv"]).Key);
        Assert.Equal($"{Key}:SimKind", Single(m => m.SimKind = "eid").Key);
        Assert.Equal($"{Key}:DecimalSeparator", Single(m => m.DecimalSeparator = "'").Key);
        Assert.Equal($"{Key}:Service", Single(m => m.Service = "SMS-MO").Key);
        Assert.Equal($"{Key}:Unit", Single(m => m.Unit = "k W h").Key);
        Assert.Equal($"{Key}:Columns:Sim", Single(m => m.Columns.Sim = "100000").Key);
    }

    [Fact]
    public void Create_throws_one_error_listing_every_problem()
    {
        var mapping = Smsc();
        mapping.SimKind = "eid";
        mapping.Columns.Quantity = null;

        var error = Assert.Throws<DomainException>(() => CsvUsageParser.Create(mapping, Key));

        Assert.Equal(("INVALID_CSV_MAPPING", $"{Key}:SimKind"), (error.Code, error.Field));
        Assert.Contains($"{Key}:SimKind: 'eid' is not a SIM identifier; use iccid, imsi or msisdn.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Key}:Columns:Quantity: is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_are_validated_with_their_index_and_names_must_differ()
    {
        var second = Smsc();
        second.Columns.Timestamp = null;
        var options = new CsvMediationOptions { Sources = [Smsc(), second] };

        var errors = CsvSources.Validate(options);

        Assert.Equal(["NMcs:Mediation:Csv:Sources:1:Columns:Timestamp", "NMcs:Mediation:Csv:Sources:1:Name"], errors.Select(e => e.Key));
        Assert.Contains("'smsc-fra1' is already the name of NMcs:Mediation:Csv:Sources:0", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("INVALID_CSV_MAPPING", Assert.Throws<DomainException>(() => CsvSources.Create(options)).Code);
    }
}
