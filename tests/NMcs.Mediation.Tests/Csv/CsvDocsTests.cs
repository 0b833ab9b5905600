using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NMcs.Mediation.Csv;

namespace NMcs.Mediation.Tests.Csv;

/// <summary>The appsettings example and the sample files in docs/mediation.md work as the text says.</summary>
public partial class CsvDocsTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static string Section()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NMcs.sln")))
        {
            dir = dir.Parent;
        }

        var text = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "mediation.md")).ReplaceLineEndings("\n");
        var start = text.IndexOf("\n## CSV CDR files\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/mediation.md has no '## CSV CDR files' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex("```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("`(?<file>[^`\\s]+)`[^\n]*\n\n```csv\n(?<csv>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsvBlock();

    private static CsvSources Sources()
    {
        var json = JsonBlock().Match(Section()).Groups["json"].Value;
        using var document = JsonDocument.Parse(json);
        var options = document.RootElement.GetProperty("NMcs").GetProperty("Mediation").GetProperty("Csv").Deserialize<CsvMediationOptions>(Json)!;
        Assert.Empty(CsvSources.Validate(options));
        return CsvSources.Create(options);
    }

    [Fact]
    public void The_documented_sources_are_valid_and_read_the_documented_files_without_rejects()
    {
        var sources = Sources();
        var files = CsvBlock().Matches(Section());
        Assert.Equal(2, files.Count);

        var usages = new List<MediatedUsage>();
        foreach (Match file in files)
        {
            var source = sources.ForFile(file.Groups["file"].Value);
            Assert.NotNull(source);
            var rows = source.Parse(file.Groups["file"].Value, new MemoryStream(Encoding.UTF8.GetBytes(file.Groups["csv"].Value))).ToList();
            Assert.All(rows, r => Assert.Null(r.Reject));
            usages.AddRange(rows.Select(r => r.Usage!));
        }

        Assert.Equal(4, usages.Count);
        Assert.Equal(
            ("smsc-fra1:fra1-000017", "4915112345678", new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), "SMS", 2m, "MSG"),
            (usages[0].RecordId, usages[0].SimId, usages[0].Timestamp, usages[0].Service, usages[0].Quantity, usages[0].Unit));
        Assert.Equal(
            ("meter-headend:M-7@2026-03-05T11:15:00+01:00", new DateTimeOffset(2026, 3, 5, 10, 15, 0, TimeSpan.Zero), "METER", 12.3455m, "KWH"),
            (usages[2].RecordId, usages[2].Timestamp, usages[2].Service, usages[2].Quantity, usages[2].Unit));
    }
}
