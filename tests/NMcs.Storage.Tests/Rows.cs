namespace NMcs.Storage.Tests;

internal static class Rows
{
    public const string SimA = "8944500102198304826";
    public const string SimB = "8944500102198304834";

    public static readonly DateTimeOffset March10 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A rated data record: <paramref name="billableMb"/> MB beyond the allowance at 0.02 EUR/MB, so
    /// amount = billableMb x 0.02.
    /// </summary>
    public static RatedUsageRow Row(
        string recordId,
        string accountId = "ACC-1",
        string iccid = SimA,
        decimal billableMb = 5m,
        DateTimeOffset? occurredAt = null,
        string period = "2026-03")
    {
        var amount = billableMb * 0.02m;
        return new RatedUsageRow(
            recordId,
            iccid,
            accountId,
            period,
            "Data",
            billableMb * 1_048_576m,
            "B",
            occurredAt ?? March10,
            "IOT-1GB",
            1,
            "MB",
            billableMb,
            0m,
            billableMb,
            0.02m,
            amount,
            Math.Round(amount, 2, MidpointRounding.AwayFromZero),
            "EUR",
            $"billable {billableMb} x 0.02 EUR = {amount}",
            (occurredAt ?? March10).AddSeconds(1),
            null);
    }
}
