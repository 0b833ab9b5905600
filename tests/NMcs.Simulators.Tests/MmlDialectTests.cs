using NMcs.Simulators.Hlr;

namespace NMcs.Simulators.Tests;

public sealed class MmlDialectTests : IAsyncLifetime
{
    private readonly HlrSimulator _hlr = new();

    public Task InitializeAsync() => _hlr.StartAsync();

    public Task DisposeAsync() => _hlr.DisposeAsync().AsTask();

    [Fact]
    public async Task Login_is_required()
    {
        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);

        var reply = await client.SendMmlAsync("HGSUI:MSISDN=491700000001,IMSI=262010000000001;");

        Assert.Contains("RETCODE = 1003  Not logged in", reply);
        Assert.Equal("RETCODE = 1002  Invalid user name or password", (await client.SendMmlAsync("LGI:OPNAME=\"nmcs\",PWD=\"bad\";"))[2]);
    }

    [Fact]
    public async Task Add_display_modify_delete()
    {
        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);
        Assert.Contains("RETCODE = 0  Operation succeeded", await client.SendMmlAsync("LGI:OPNAME=\"nmcs\",PWD=\"nmcs\";"));

        Assert.Equal(
            ["+++    NMCS-HLR", "%%HGSUI:MSISDN=491700000001,IMSI=262010000000001,PROFILE=3;%%", "RETCODE = 0  Operation succeeded", "---    END"],
            await client.SendMmlAsync("HGSUI:MSISDN=491700000001,IMSI=262010000000001,PROFILE=3;"));
        Assert.Contains("RETCODE = 0  Operation succeeded", await client.SendMmlAsync("HGSUE:MSISDN=491700000001,STATUS=BARRED;"));
        Assert.Equal(
            [
                "+++    NMCS-HLR",
                "%%HGSDP:MSISDN=491700000001;%%",
                "RETCODE = 0  Operation succeeded",
                "MSISDN = 491700000001",
                "IMSI = 262010000000001",
                "PROFILE = 3",
                "STATUS = BARRED",
                "---    END",
            ],
            await client.SendMmlAsync("HGSDP:MSISDN=491700000001;"));

        Assert.Contains("RETCODE = 0  Operation succeeded", await client.SendMmlAsync("HGSUD:MSISDN=491700000001;"));
        Assert.Contains("RETCODE = 3001  Subscriber does not exist", await client.SendMmlAsync("HGSDP:MSISDN=491700000001;"));
        Assert.Empty(_hlr.Subscribers);
    }

    [Fact]
    public async Task Dialects_share_the_table_and_the_login()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Contains("RETCODE = 0  Operation succeeded", await client.SendMmlAsync("HGSUI:MSISDN=491700000001,IMSI=262010000000001;"));
        Assert.Equal("RESP:0:MSISDN,491700000001:IMSI,262010000000001:PROFILE,0:STATUS,ACTIVE;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
        Assert.Contains("RETCODE = 3002  MSISDN already exists", await client.SendMmlAsync("HGSUI:MSISDN=491700000001,IMSI=262010000000009;"));
    }

    [Theory]
    [InlineData("HGSUI:MSISDN=491700000001;", "RETCODE = 1001  Syntax error")]
    [InlineData("HGSUI:MSISDN=491700000001,IMSI;", "RETCODE = 1001  Syntax error")]
    [InlineData("HGSUI:MSISDN=49170000000A,IMSI=262010000000001;", "RETCODE = 1004  Invalid parameter value")]
    [InlineData("HGSUE:MSISDN=491700000001,STATUS=BARRED;", "RETCODE = 3001  Subscriber does not exist")]
    public async Task Errors_come_back_as_retcode_lines(string command, string expected)
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Equal(expected, (await client.SendMmlAsync(command))[2]);
        Assert.Empty(_hlr.Subscribers);
    }
}
