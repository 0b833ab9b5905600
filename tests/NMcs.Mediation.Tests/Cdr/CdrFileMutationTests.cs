using System.Diagnostics;
using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

/// <summary>
/// 10,000 random mutations of a valid file (fixed seed). Half mutate the raw file (flip, overwrite, insert, delete);
/// half mutate one CDR body and rewrite the file with correct lengths, so the BER decoder gets the damage rather than
/// the framing check.
/// </summary>
public class CdrFileMutationTests
{
    private const int Mutations = 10_000;

    [Fact]
    public void Random_mutations_never_throw_and_every_cdr_is_decoded_or_rejected()
    {
        var decoder = new CdrFileDecoder(new CdrDecoderOptions(PlmnId.Parse("262-01")));
        var valid = CdrSamples.File();
        var bodies = CdrFileReader.Read(valid).Frames.Select(f => valid.AsSpan(f.Offset, f.Length).ToArray()).ToArray();
        var random = new Random(32_297);
        int filesRejected = 0, cdrsRejected = 0, cdrsAccepted = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Mutations; i++)
        {
            var file = i % 2 == 0 ? MutateFile(valid, random) : MutateOneCdr(bodies, random);

            var result = decoder.Decode($"m{i}.dat", file);

            if (result.FileRejected)
            {
                var reject = Assert.Single(result.Rejects);
                Assert.Equal(0, reject.Source.Position);
                AssertExplained(reject);
                filesRejected++;
                continue;
            }

            Assert.Equal(result.CdrCount, result.Cdrs.Count + result.Rejects.Count);
            Assert.Equal(result.Rejects.Count, result.Rejects.Select(r => r.Source.Position).Distinct().Count());
            foreach (var reject in result.Rejects)
            {
                Assert.InRange(reject.Source.Position, 1, result.CdrCount);
                AssertExplained(reject);
            }

            Assert.All(result.Usage, u => Assert.True(u.Quantity >= 0));
            cdrsRejected += result.Rejects.Count;
            cdrsAccepted += result.Cdrs.Count;
        }

        clock.Stop();
        Assert.True(filesRejected > 0 && cdrsRejected > 0 && cdrsAccepted > 0, $"{filesRejected} / {cdrsRejected} / {cdrsAccepted}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    private static void AssertExplained(SourceReject reject)
    {
        Assert.False(string.IsNullOrWhiteSpace(reject.Field));
        Assert.False(string.IsNullOrWhiteSpace(reject.Reason));
    }

    private static byte[] MutateFile(byte[] valid, Random random)
    {
        var octets = new List<byte>(valid);
        var operations = random.Next(1, 4);
        for (var n = 0; n < operations; n++)
        {
            Mutate(octets, random);
        }

        return [.. octets];
    }

    private static byte[] MutateOneCdr(byte[][] bodies, Random random)
    {
        var mutated = bodies.Select(b => (ReadOnlyMemory<byte>)b).ToArray();
        var target = random.Next(bodies.Length);
        var body = new List<byte>(bodies[target]);
        var operations = random.Next(1, 4);
        for (var n = 0; n < operations; n++)
        {
            Mutate(body, random);
        }

        mutated[target] = body.ToArray();
        return CdrFileWriter.Write(CdrSamples.FileHeader(), mutated);
    }

    private static void Mutate(List<byte> octets, Random random)
    {
        var position = octets.Count == 0 ? 0 : random.Next(octets.Count);
        switch (random.Next(4))
        {
            case 0 when octets.Count > 0:
                octets[position] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when octets.Count > 0:
                octets[position] = (byte)random.Next(256);
                break;
            case 2:
                octets.Insert(position, (byte)random.Next(256));
                break;
            default:
                if (octets.Count > 0)
                {
                    octets.RemoveAt(position);
                }

                break;
        }
    }
}
