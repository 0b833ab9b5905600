using NMcs.Host;

var app = await NMcsHost.BuildAsync(args);
await app.RunAsync();
