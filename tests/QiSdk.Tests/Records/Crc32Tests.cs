using System.IO.Compression;
using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// The reader's CRC-32 against independent oracles: the published check value of the algorithm and the trailers that
/// the platform's zlib (GZipStream) writes for the same bytes.
/// </summary>
public sealed class Crc32Tests
{
    [Test]
    public void Check_value_of_123456789_is_cbf43926()
    {
        var crc = new Crc32();
        crc.Append(Encoding.ASCII.GetBytes("123456789"));
        Assert.That(crc.GetCurrentHashAsUInt32(), Is.EqualTo(0xCBF43926u));
        Assert.That(new Crc32().GetCurrentHashAsUInt32(), Is.Zero, "the CRC-32 of no bytes is 0");
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(9)]
    [TestCase(4093)]
    [TestCase(100_003)]
    public void Matches_the_trailer_zlib_writes_whatever_the_length_and_the_chunking(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var gz = new MemoryStream();
        using (var writer = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            writer.Write(data);
        }

        uint expected = BitConverter.ToUInt32(gz.ToArray().AsSpan((int)gz.Length - 8, 4));
        var whole = new Crc32();
        whole.Append(data);
        var chunked = new Crc32();
        for (int at = 0; at < length; at += 13)
        {
            chunked.Append(data.AsSpan(at, Math.Min(13, length - at)));
        }

        Assert.That((whole.GetCurrentHashAsUInt32(), chunked.GetCurrentHashAsUInt32()), Is.EqualTo((expected, expected)));
        whole.Reset();
        whole.Append(Encoding.ASCII.GetBytes("123456789"));
        Assert.That(whole.GetCurrentHashAsUInt32(), Is.EqualTo(0xCBF43926u), "Reset starts again from an empty input");
    }
}
