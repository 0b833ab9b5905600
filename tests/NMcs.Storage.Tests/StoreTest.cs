namespace NMcs.Storage.Tests;

/// <summary>
/// A test class on a fresh store file of its own per test (<see cref="TempDatabase"/>), deleted afterwards. Set-up
/// beyond the schema goes into <see cref="OnStoreReadyAsync"/>.
/// </summary>
public abstract class StoreTest : IAsyncLifetime
{
    /// <summary>The test's store.</summary>
    protected TempDatabase Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TempDatabase.CreateAsync();
        await OnStoreReadyAsync();
    }

    public Task DisposeAsync()
    {
        Db.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs once the store exists with its schema, before each test.</summary>
    protected virtual Task OnStoreReadyAsync() => Task.CompletedTask;
}
