using NMcs.Storage.Resources;

namespace NMcs.Storage.Tests.Resources;

public sealed class ApnStoreTests
{
    [Theory]
    [InlineData("internet")]
    [InlineData("iot.acme-metering.example")]
    [InlineData("M2M.Operator.DE")]
    [InlineData("a1")]
    public void Valid_network_identifiers_are_accepted_in_lower_case(string name) =>
        Assert.Equal(name.ToLowerInvariant(), ApnName.Validate(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("*", "'*'")]
    [InlineData("-iot.example", "start and end")]
    [InlineData("iot..example", "empty label")]
    [InlineData("iot_meter", "contains '_'")]
    [InlineData("rac1.example", "reserves")]
    [InlineData("sgsn.example", "reserves")]
    [InlineData("iot.mnc001.mcc262.gprs", ".gprs")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbb", "63")]
    public void Invalid_names_are_refused_with_the_rule(string name, string says)
    {
        var refused = Assert.Throws<DomainException>(() => ApnName.Validate(name));

        Assert.Equal(("INVALID_APN", "name"), (refused.Code, refused.Field));
        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_apn_lists_its_customers_and_allowing_more_is_audited_once()
    {
        await using var bed = await ResourceTestBed.CreateAsync();
        await bed.AddCustomerAsync("ACME");
        await bed.AddCustomerAsync("BETA");

        var created = await bed.Apns.CreateAsync("iot.acme.example", ApnType.Private, ["ACME"], "alice");
        var again = await bed.Apns.CreateAsync("iot.acme.example", ApnType.Private, ["ACME"], "alice");
        await bed.Apns.AllowCustomerAsync("iot.acme.example", "BETA", "bob");
        await bed.Apns.AllowCustomerAsync("iot.acme.example", "BETA", "bob");
        var unknown = await Assert.ThrowsAsync<DomainException>(() => bed.Apns.CreateAsync("other.example", ApnType.Public, ["NOPE"], "alice"));

        Assert.Equal((created.Name, created.Type), (again.Name, again.Type));
        Assert.Equal(created.Customers, again.Customers);
        Assert.Equal(["ACME", "BETA"], (await bed.Apns.FindAsync("IOT.acme.example"))!.Customers);
        Assert.Equal(("UNKNOWN_CUSTOMER", "customerIds"), (unknown.Code, unknown.Field));
        Assert.Equal(["iot.acme.example"], (await bed.Apns.ListAsync()).Select(a => a.Name));
        Assert.Equal(["apn.create", "apn.allow_customer"], (await bed.Audit.ListAsync(new AuditQuery("apn"), 10)).Select(r => r.Action));
    }
}
