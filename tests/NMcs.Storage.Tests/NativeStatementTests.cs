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

        // Past what the statement's buffer holds: bound by copy, as UTF-16.
        var longText = string.Concat(Enumerable.Repeat(text + "|", 9_000));
        Assert.Equal(longText, await BindAndReadAsync(statement => statement.Text(1, longText)));
    }

    [Fact]
    public async Task Values_bound_in_place_stay_each_rows_own_across_executions_and_a_full_buffer()
    {
        // Rows of 25 values as the ledger insert binds them, some texts long enough that a row's values fill the
        // statement's buffer and the last ones are bound by copy: every row reads back exactly what it bound, so no
        // value points at bytes a later value or row overwrote.
        await using var connection = await Db.Database.OpenAsync();
        await using (var create = NMcsDatabase.Command(connection, null, "CREATE TABLE bound (r INTEGER, c INTEGER, v TEXT)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var expected = new List<(long Row, long Column, string Value)>();
        using (var insert = NativeStatement.Prepare(connection, "INSERT INTO bound (r, c, v) VALUES (?1, ?2, ?3)"))
        using (var wide = NativeStatement.Prepare(connection, "INSERT INTO bound (r, c, v) SELECT ?1, ?2, ?3 || ?4 || ?5 || ?6"))
        {
            for (var row = 0; row < 40; row++)
            {
                var parts = new[] { $"row {row} é", new string('x', row * 250), string.Empty, 12.50m.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                wide.Int(1, row);
                wide.Int(2, -1);
                wide.Text(3, parts[0]);
                wide.Text(4, parts[1]);
                wide.Text(5, parts[2]);
                wide.Decimal(6, 12.50m);
                Assert.Equal(1, wide.Execute());
                expected.Add((row, -1, string.Concat(parts)));
                for (var column = 0; column < 3; column++)
                {
                    var value = $"{row}:{column}:" + new string((char)('a' + column), 300 * column);
                    insert.Int(1, row);
                    insert.Int(2, column);
                    insert.Text(3, value);
                    Assert.Equal(1, insert.Execute());
                    expected.Add((row, column, value));
                }
            }
        }

        var stored = new List<(long, long, string)>();
        await using (var read = NMcsDatabase.Command(connection, null, "SELECT r, c, v FROM bound ORDER BY rowid"))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }

        Assert.Equal(expected, stored);
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
