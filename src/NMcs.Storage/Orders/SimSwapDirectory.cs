namespace NMcs.Storage.Orders;

/// <summary>
/// The SIM directory's side of a SIM swap: in one transaction the MSISDN leaves the old SIM's row and lands on the new
/// SIM's (registered here when it is new), so lookups by MSISDN find the new SIM and by the old IMSI the old one.
/// A released MSISDN column holds a placeholder (<c>swapped:ICCID</c>), as the column is unique and not null.
/// </summary>
public sealed class SimSwapDirectory(NMcsDatabase database)
{
    /// <summary>
    /// Moves <paramref name="msisdn"/> from <paramref name="oldIccid"/> to <paramref name="newIccid"/> (with
    /// <paramref name="newImsi"/>). Idempotent: a swap already made changes nothing. Returns null when done, or "imsi"
    /// when the IMSI belongs to a third SIM (nothing changed).
    /// </summary>
    public async Task<string?> SwapAsync(string oldIccid, string newIccid, string newImsi, string msisdn, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var imsiOwner = NMcsDatabase.Command(connection, transaction, "SELECT iccid FROM sims WHERE imsi = @imsi", ("@imsi", newImsi)))
        {
            if (await imsiOwner.ExecuteScalarAsync(cancellationToken) is string owner && owner != newIccid)
            {
                return "imsi";
            }
        }

        string? newRowMsisdn;
        await using (var read = NMcsDatabase.Command(connection, transaction, "SELECT msisdn FROM sims WHERE iccid = @iccid", ("@iccid", newIccid)))
        {
            newRowMsisdn = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (newRowMsisdn == msisdn)
        {
            return null;
        }

        await using (var release = NMcsDatabase.Command(
            connection,
            transaction,
            "UPDATE sims SET msisdn = @placeholder WHERE iccid = @iccid AND msisdn = @msisdn",
            ("@placeholder", "swapped:" + oldIccid),
            ("@iccid", oldIccid),
            ("@msisdn", msisdn)))
        {
            await release.ExecuteNonQueryAsync(cancellationToken);
        }

        var sql = newRowMsisdn is null
            ? "INSERT INTO sims (iccid, imsi, msisdn, registered_at) VALUES (@iccid, @imsi, @msisdn, @at)"
            : "UPDATE sims SET msisdn = @msisdn WHERE iccid = @iccid";
        await using (var take = NMcsDatabase.Command(connection, transaction, sql, ("@iccid", newIccid), ("@imsi", newImsi), ("@msisdn", msisdn), ("@at", DbValues.Time(at))))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
