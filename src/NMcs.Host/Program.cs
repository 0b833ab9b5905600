using Microsoft.Extensions.Options;
using NMcs.Host;

var app = await NMcsHost.BuildAsync(args);
try
{
    await app.RunAsync();
}
catch (OptionsValidationException e)
{
    // Configuration checked at start (e.g. NMcs:Provisioning:Elements): each failure names its key and the fix.
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine(failure);
    }

    return 1;
}

return 0;
