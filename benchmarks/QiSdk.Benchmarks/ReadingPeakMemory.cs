using System.Diagnostics;
using System.Text;
using QiSdk.Records;

namespace QiSdk.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/QiSdk.Benchmarks -- peak-memory 100000</c>: writes the built-in
/// synthetic practice (<see cref="QiSdk.Synthetic.SyntheticPractice"/>) of N patients as a bulk NDJSON export to a temp
/// folder (in a child process, so generating it does not count), reads the folder with <see cref="FhirRecordReader"/>
/// and prints peak working set and GC heap. <c>peak-memory 100000 --synthea</c> instead replicates the Synthea
/// fixtures' kept resource types with rewritten ids (copy k of patient X is X-k, and so are its references), generated
/// while it is read so nothing large touches the disk.
/// </summary>
internal static class ReadingPeakMemory
{
    private static readonly HashSet<string> KeptTypes =
    [
        "Patient", "Condition", "Observation", "MedicationRequest", "MedicationStatement", "Medication", "Procedure",
        "Immunization", "Encounter", "AllergyIntolerance", "EpisodeOfCare",
    ];

    public static int Run(string[] args)
    {
        int patients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        return args.Contains("--synthea") ? RunSynthea(patients) : RunSynthetic(patients);
    }

    /// <summary>Child-process step of <see cref="RunSynthetic"/>: <c>synthetic-export N DIR</c>.</summary>
    public static int Export(string[] args)
    {
        int patients = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        var result = QiSdk.Synthetic.SyntheticPractice.Export(
            new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = patients },
            new QiSdk.Synthetic.SyntheticExportOptions { Directory = args[2], Format = QiSdk.Synthetic.SyntheticOutputFormat.Ndjson, WriteCodeMap = false });
        Console.WriteLine($"exported {result.Patients:N0} patients: {string.Join(", ", result.ResourceCounts.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
        return 0;
    }

    private static int RunSynthetic(int patients)
    {
        string folder = Path.Combine(Path.GetTempPath(), "qisdk-peak-memory-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(ReadingPeakMemory).Assembly.Location);
            }

            foreach (string a in new[] { "synthetic-export", patients.ToString(System.Globalization.CultureInfo.InvariantCulture), folder })
            {
                start.ArgumentList.Add(a);
            }

            using (var child = Process.Start(start)!)
            {
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    Console.Error.WriteLine("synthetic export failed");
                    return 2;
                }
            }

            long bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
            return Measure(() => new FhirRecordReader().ReadAsync(folder).GetAwaiter().GetResult(), () => bytes, "synthetic practice (QiSdk.Synthetic, seed 42), per-type NDJSON in a temp folder");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static int RunSynthea(int patients)
    {
        var templates = ReadingData.Templates(KeptTypes.Contains);
        int templatePatients = templates["Patient"].Count;
        int copies = (patients + templatePatients - 1) / templatePatients;
        long bytes = 0;
        var inputs = templates.Select(kv => FhirInput.FromStreamFactory(kv.Key + ".ndjson", FhirInputFormat.Ndjson, _ =>
        {
            var stream = new ReplicatingStream(kv.Value, copies, n => bytes += n);
            return ValueTask.FromResult<Stream>(stream);
        })).ToList();
        return Measure(() => new FhirRecordReader().ReadAsync(inputs).GetAwaiter().GetResult(), () => bytes, $"{copies} copies of {templatePatients} Synthea patients, generated while read");
    }

    private static int Measure(Func<FhirReadResult> read, Func<long> inputBytes, string what)
    {
        GC.Collect();
        long before = Process.GetCurrentProcess().PeakWorkingSet64;
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = read();
        watch.Stop();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        long peakWorkingSet = process.PeakWorkingSet64;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        long retained = GC.GetTotalMemory(forceFullCollection: true);
        int events = result.Patients.Sum(p => p.Events.Length);
        long bytes = inputBytes();
        cpu = process.TotalProcessorTime - cpu;

        Console.WriteLine($"input                  {what}");
        Console.WriteLine($"patients read          {result.Patients.Length:N0}");
        Console.WriteLine($"events kept            {events:N0}");
        Console.WriteLine($"NDJSON bytes read      {bytes / 1e9:F2} GB");
        Console.WriteLine($"time                   {watch.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU ({bytes / 1e6 / cpu.TotalSeconds:F0} MB per CPU second)");
        Console.WriteLine($"peak working set       {peakWorkingSet / 1e9:F2} GB (before the read: {before / 1e6:F0} MB)");
        Console.WriteLine($"GC heap at peak GC     {info.HeapSizeBytes / 1e9:F2} GB (committed {info.TotalCommittedBytes / 1e9:F2} GB)");
        Console.WriteLine($"retained model         {retained / 1e9:F2} GB = {(double)retained / events:F0} bytes per kept event");
        Console.WriteLine($"problems               {result.Problems.Length} ({string.Join(", ", result.Problems.GroupBy(p => p.Code).Select(g => $"{g.Key} x{g.Count()}"))})");
        GC.KeepAlive(result);
        return 0;
    }

    /// <summary>Streams the template lines <c>copies</c> times, copy k with <c>-k</c> after every id and reference.</summary>
    private sealed class ReplicatingStream(List<string> templates, int copies, Action<int> counted) : Stream
    {
        private readonly byte[][][] _segments = [.. templates.Select(t => t.Split(ReadingData.Slot).Select(Encoding.UTF8.GetBytes).ToArray())];
        private readonly MemoryStream _pending = new();
        private int _copy;
        private int _line;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_pending.Position == _pending.Length && _copy < copies)
            {
                _pending.SetLength(0);
                byte[] suffix = Encoding.UTF8.GetBytes("-" + _copy.ToString(System.Globalization.CultureInfo.InvariantCulture));
                for (int n = 0; n < 64 && _copy < copies; n++)
                {
                    var segments = _segments[_line];
                    for (int i = 0; i < segments.Length; i++)
                    {
                        if (i > 0)
                        {
                            _pending.Write(suffix);
                        }

                        _pending.Write(segments[i]);
                    }

                    _pending.WriteByte((byte)'\n');
                    if (++_line == _segments.Length)
                    {
                        _line = 0;
                        _copy++;
                        suffix = Encoding.UTF8.GetBytes("-" + _copy.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                _pending.Position = 0;
            }

            int read = _pending.Read(buffer);
            counted(read);
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
