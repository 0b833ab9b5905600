namespace NMcs.Storage.Tests;

/// <summary>
/// The ledger insert's positional binding (<see cref="NativeStatement"/>) stores exactly the text the ADO.NET path
/// (<see cref="DbValues"/>) writes, so readers parse either the same way and equal values compare equal in SQL.
/// </summary>
public sealed class NativeStatementTests : StoreTest
{
    public static TheoryData<string> Times() =>
    [
        "2026-03-10T08:00:00.0000000+00:00",
        "2026-03-10T08:00:00.1234567+00:00",
        "2026-03-31T23:59:59.9999999-05:00", // another day once in UTC
        "2026-01-01T00:30:00.0000001+02:00", // the year before once in UTC
        "0001-01-01T00:00:00.0000000+00:00",
        "9999-12-31T23:59:59.9999999+00:00",
    ];

    [Theory]
    [MemberData(nameof(Times))]
    public async Task A_time_is_bound_as_the_same_utc_text_the_ado_path_writes(string time)
    {
        var value = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

        var stored = await BindAndReadAsync(statement => statement.Time(1, value));

        Assert.Equal(DbValues.Time(value), stored);
        Assert.Equal(value, DbValues.Time(stored));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("-0.020000")]
    [InlineData("1234567.891")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-0.0000000000000000000000000001")]
    public async Task A_decimal_is_bound_as_the_same_invariant_text_the_ado_path_writes(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var stored = await BindAndReadAsync(statement => statement.Decimal(1, value));

        Assert.Equal(DbValues.Dec(value), stored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACC-1")]
    [InlineData("Zürich → Genève, 東京 and 🚀")] // two- to four-byte UTF-8
    public async Task Text_is_bound_as_it_is_short_or_long(string text)
    {
        Assert.Equal(text, await BindAndReadAsync(statement => statement.Text(1, text)));

        // Past what is encoded on the stack: bound as UTF-16.
        var longText = string.Concat(Enumerable.Repeat(text + "|", 600));
        Assert.Equal(longText, await BindAndReadAsync(statement => statement.Text(1, longText)));
    }

    private async Task<string> BindAndReadAsync(Action<NativeStatement> bind)
    {
        await using var connection = await Db.Database.OpenAsync();
        using var statement = NativeStatement.Prepare(connection, "SELECT ?1");
        bind(statement);
        Assert.True(statement.Step());
        return statement.ColumnText(0);
    }
}
