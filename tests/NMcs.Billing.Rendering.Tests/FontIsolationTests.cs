using System.Diagnostics;

namespace NMcs.Billing.Rendering.Tests;

/// <summary>
/// Renders in a child process where no system font is reachable: PDFsharp's font settings start empty, fontconfig
/// is pointed nowhere and, where the kernel allows an unprivileged mount namespace, /usr/share/fonts is hidden
/// behind an empty tmpfs. The PDF must still carry the embedded DejaVu faces.
/// </summary>
public sealed class FontIsolationTests
{
    [Fact]
    public void Pdf_renders_without_system_fonts_through_the_embedded_resolver()
    {
        var output = Path.Combine(Path.GetTempPath(), $"nmcs-font-probe-{Guid.NewGuid():N}.pdf");
        try
        {
            var hidden = CanHideSystemFonts();
            var (exitCode, stdout, stderr) = RunProbe(output, hidden);

            Assert.True(exitCode == 0, $"probe failed ({exitCode}): {stdout}{stderr}");
            Assert.Contains("resolvers-empty-before=True", stdout, StringComparison.Ordinal);
            Assert.Contains("slot=FallbackFontResolver", stdout, StringComparison.Ordinal);
            Assert.Contains("fallback=InvoiceFontResolver", stdout, StringComparison.Ordinal);
            if (hidden)
            {
                Assert.Contains("system-font-entries=0", stdout, StringComparison.Ordinal);
            }

            var inspection = PdfInspection.Read(File.ReadAllBytes(output));
            Assert.All(inspection.Fonts, f => Assert.True(f.Embedded && f.BaseFont.Contains("DejaVu Sans", StringComparison.Ordinal), f.BaseFont));
            Assert.Contains("INV-2025-000042", inspection.AllText);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static bool CanHideSystemFonts()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/unshare") || !Directory.Exists("/usr/share/fonts"))
        {
            return false;
        }

        var check = Start("/usr/bin/unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs none /usr/share/fonts"]);
        check.WaitForExit(30_000);
        return check.HasExited && check.ExitCode == 0;
    }

    private static (int ExitCode, string Stdout, string Stderr) RunProbe(string output, bool hideSystemFonts)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var assembly = typeof(FontIsolationTests).Assembly.Location;
        string[] probe = [dotnet, assembly, "render-probe", output];
        var process = hideSystemFonts
            ? Start("/usr/bin/unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs none /usr/share/fonts && exec \"$@\"", "probe", .. probe])
            : Start(probe[0], probe[1..]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "probe did not finish in 120 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Process Start(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FONTCONFIG_FILE"] = "/dev/null";
        info.Environment["FONTCONFIG_PATH"] = "/nonexistent";
        info.Environment["XDG_DATA_DIRS"] = "/nonexistent";
        info.Environment["XDG_DATA_HOME"] = "/nonexistent";
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }
}
