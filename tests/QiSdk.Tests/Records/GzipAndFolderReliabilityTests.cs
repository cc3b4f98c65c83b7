using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>Issue 12, items 2 and 3: gzip framing is verified, and no folder layout makes a read endless, blocked or double.</summary>
public sealed class GzipAndFolderReliabilityTests
{
    private const string Lines = """
        {"resourceType":"Patient","id":"p1"}
        {"resourceType":"Patient","id":"p2"}

        """;

    private static byte[] Gzip(string text, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, level, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static async Task<FhirReadResult> Read(byte[] gz, FhirReaderOptions? options = null)
    {
        using var stream = new MemoryStream(gz);
        return await new FhirRecordReader(options).ReadAsync(stream, "x.ndjson.gz", FhirInputFormat.NdjsonGzip);
    }

    [Test]
    public async Task A_complete_gzip_file_reads_without_problems()
    {
        var result = await Read(Gzip(Lines));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Patients, Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_gzip_file_missing_its_trailer_is_truncated()
    {
        byte[] gz = Gzip(Lines);

        var result = await Read(gz[..^8]);

        var problem = result.Problems.Single();
        Assert.That(problem.Code, Is.EqualTo("QI1004"));
        Assert.That(problem.Message, Does.Contain("trailer"));
        Assert.That(result.Patients, Has.Length.EqualTo(2), "what was complete is kept");
    }

    [Test]
    public async Task A_gzip_file_cut_at_a_flush_point_is_truncated()
    {
        // A sync flush ends a deflate block on a byte boundary: everything up to it decompresses cleanly, and GZipStream
        // reports nothing when the data stops there.
        using var buffer = new MemoryStream();
        var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true);
        gz.Write(Encoding.UTF8.GetBytes(Lines));
        gz.Flush();
        byte[] cut = buffer.ToArray();
        gz.Write(Encoding.UTF8.GetBytes("""{"resourceType":"Patient","id":"p3"}""" + "\n"));
        gz.Dispose();
        Assert.That(buffer.Length, Is.GreaterThan(cut.Length));

        var result = await Read(cut);

        Assert.That(result.Problems.Single().Code, Is.EqualTo("QI1004"));
        Assert.That(result.Patients, Has.Length.EqualTo(2));
        Assert.That(await Read(buffer.ToArray()), Has.Property("Problems").Empty);
    }

    [Test]
    public async Task A_wrong_crc_is_reported_as_a_crc_mismatch()
    {
        byte[] gz = Gzip(Lines);
        gz[^8] ^= 0xFF;

        var problem = (await Read(gz)).Problems.Single();

        Assert.That(problem.Code, Is.EqualTo("QI1002"));
        Assert.That(problem.Message, Does.Contain("CRC-32 mismatch"));
    }

    [Test]
    public async Task A_wrong_length_is_corrupt()
    {
        byte[] gz = Gzip(Lines);
        gz[^1] ^= 0x01;

        var problem = (await Read(gz)).Problems.Single();

        Assert.That(problem.Code, Is.EqualTo("QI1002"));
        Assert.That(problem.Message, Does.Contain("trailer does not match"));
    }

    [Test]
    public async Task Concatenated_members_are_all_read()
    {
        byte[] gz = [.. Gzip("""{"resourceType":"Patient","id":"a"}""" + "\n"), .. Gzip("""{"resourceType":"Patient","id":"b"}""" + "\n", CompressionLevel.NoCompression), .. Gzip("""{"resourceType":"Patient","id":"c"}""")];

        var result = await Read(gz);

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Patients.Select(p => p.Id), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task Optional_header_fields_are_parsed_and_the_header_crc_checked()
    {
        byte[] plain = Gzip(Lines);
        // Rebuild the header with FEXTRA, FNAME, FCOMMENT and FHCRC (RFC 1952 2.3.1), as other gzip writers produce.
        var header = new List<byte> { 0x1F, 0x8B, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3 };
        header.AddRange(new byte[] { 3, 0, (byte)'a', (byte)'b', (byte)'c' });
        header.AddRange(Encoding.Latin1.GetBytes("export.ndjson\0a comment\0"));
        uint crc = CrcByZlib(header.ToArray());
        header.Add(unchecked((byte)crc));
        header.Add(unchecked((byte)(crc >> 8)));
        byte[] withFields = [.. header, .. plain[10..]];

        var result = await Read(withFields);
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Patients, Has.Length.EqualTo(2));

        withFields[header.Count - 1] ^= 0xFF;
        Assert.That((await Read(withFields)).Problems.First().Message, Does.Contain("header CRC"));
    }

    [Test]
    public async Task Bytes_after_the_last_member_that_are_not_gzip_are_corrupt()
    {
        var result = await Read([.. Gzip(Lines), .. "garbage"u8.ToArray()]);

        Assert.That(result.Problems.Single().Message, Does.Contain("trailing garbage"));
        Assert.That(result.Patients, Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_gzip_bomb_is_stopped_by_the_ratio_guard_long_before_it_is_inflated()
    {
        byte[] bomb = new byte[40 << 20];
        byte[] gz;
        using (var buffer = new MemoryStream())
        {
            using (var z = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                z.Write(bomb);
            }

            gz = buffer.ToArray();
        }

        var result = await Read(gz, new FhirReaderOptions { MaxLineBytes = 64 << 20 });

        var problem = result.Problems.First();
        Assert.That(problem.Code, Is.EqualTo("QI1002"));
        Assert.That(problem.Message, Does.Contain("decompression bomb"));
    }

    [Test]
    public async Task Folder_links_are_not_followed_so_loops_end_and_every_file_counts_once()
    {
        string root = TestPaths.NewTempFolder();
        string a = Directory.CreateDirectory(Path.Combine(root, "a")).FullName;
        string b = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
        File.WriteAllText(Path.Combine(a, "p.ndjson"), """{"resourceType":"Patient","id":"p1"}""");
        File.WriteAllText(Path.Combine(b, "q.ndjson"), """{"resourceType":"Patient","id":"p2"}""");
        Directory.CreateSymbolicLink(Path.Combine(a, "to-b"), b);
        Directory.CreateSymbolicLink(Path.Combine(b, "to-a"), a);
        Directory.CreateSymbolicLink(Path.Combine(a, "self"), a);
        File.CreateSymbolicLink(Path.Combine(root, "p-again.ndjson"), Path.Combine(a, "p.ndjson"));

        var result = await new FhirRecordReader().ReadAsync([root, root, Path.Combine(a, "p.ndjson")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients.Select(p => p.Id), Is.EquivalentTo(new[] { "p1", "p2" }));
            Assert.That(result.Inputs, Has.Length.EqualTo(2), "each file read once");
            Assert.That(result.Problems.Count(p => p.Code == "QI1019"), Is.EqualTo(3), "three folder links, each reported once");
            Assert.That(result.Problems.Where(p => p.Code == "QI1013"), Is.Empty, "no patient read twice");
            Assert.That(result.Problems.Count(p => p.Code == "QI1020"), Is.EqualTo(3), "the link to p, the folder given twice, the file given again");
        });
    }

    [Test]
    public async Task A_fifo_in_a_folder_is_skipped_with_a_problem_and_never_blocks()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("FIFOs are a Unix file type.");
        }

        string root = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(root, "a.ndjson"), """{"resourceType":"Patient","id":"p1"}""");
        File.WriteAllText(Path.Combine(root, "empty.ndjson"), string.Empty);
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(root, "pipe.ndjson")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.That(mkfifo.ExitCode, Is.Zero);
        }

        var read = new FhirRecordReader().ReadAsync(root);
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.That(finished, Is.SameAs(read), "the read must not block on the FIFO");
        var result = await read;
        var problem = result.Problems.Single(p => p.Code == "QI1021");
        Assert.That(problem.File, Does.EndWith("pipe.ndjson"));
        Assert.That(result.Inputs, Has.Length.EqualTo(2), "the empty regular file is still read");
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_sub_folder_is_a_problem_and_the_rest_is_read()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root")
        {
            // Root reads every folder whatever its mode, so there is nothing to provoke here.
            Assert.Ignore("Needs a non-root Unix user: root ignores folder permissions.");
        }

        string root = TestPaths.NewTempFolder();
        File.WriteAllText(Path.Combine(root, "a.ndjson"), """{"resourceType":"Patient","id":"p1"}""");
        string locked = Directory.CreateDirectory(Path.Combine(root, "locked")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var result = await new FhirRecordReader().ReadAsync(root);

            Assert.That(result.Patients, Has.Length.EqualTo(1));
            Assert.That(result.Problems.Single(p => p.Code == "QI1002").File, Is.EqualTo(locked));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>CRC-32 from an independent implementation: the trailer the platform's zlib writes for the same bytes.</summary>
    private static uint CrcByZlib(byte[] data)
    {
        using var gz = new MemoryStream();
        using (var writer = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            writer.Write(data);
        }

        return BitConverter.ToUInt32(gz.ToArray().AsSpan((int)gz.Length - 8, 4));
    }
}
