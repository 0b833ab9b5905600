using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning.Tests;

public sealed class ContractTests
{
    [Fact]
    public void Password_from_the_environment_wins_over_the_configured_one()
    {
        var name = "NMCS_TEST_NE_PWD_" + Guid.NewGuid().ToString("N");
        var options = new NetworkElementOptions { Password = "from-config", PasswordEnv = name };
        Assert.Equal("from-config", options.ResolvePassword());
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-env", options.ResolvePassword());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_fan_out_result_names_its_first_failed_step()
    {
        var ok = new NeReply("hlr-1", NeOutcome.Succeeded, 0, "ok");
        var bad = new NeReply("pgw-1", NeOutcome.Rejected, 3001, "no such subscriber");
        var result = new FanOutResult(FanOutStatus.Failed, [ok, bad], []);
        Assert.Same(bad, result.FailedStep);
    }
}
