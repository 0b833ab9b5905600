namespace NMcs.Provisioning.Tests;

/// <summary>Waits for a condition that another party makes true (an element finishing queued work), with an upper bound so a broken test fails instead of hanging.</summary>
internal static class SpmlEventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
