using QiSdk.Records;
using SharpFuzz;

// Coverage-guided fuzzing of the FHIR reader (README.md in this folder). The first byte of each input picks the format
// (JSON, NDJSON, gzip NDJSON) and strict or lenient mode; the rest is the file. Lenient reads must never throw; strict
// reads may throw only FhirReadException. Anything else escapes and is reported by the fuzzer as a crash.
string engine = args.Length > 0 ? args[0] : "libfuzzer";
if (engine == "afl")
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        QiSdk.Fuzz.Target.Read(copy.ToArray());
    });
}
else
{
    Fuzzer.LibFuzzer.Run(span => QiSdk.Fuzz.Target.Read(span.ToArray()));
}

namespace QiSdk.Fuzz
{
    /// <summary>The fuzz target: one read of one input.</summary>
    internal static class Target
    {
        public static void Read(byte[] input)
        {
            if (input.Length == 0)
            {
                return;
            }

            byte selector = input[0];
            var format = (selector & 3) switch
            {
                0 => FhirInputFormat.Json,
                1 => FhirInputFormat.Ndjson,
                _ => FhirInputFormat.NdjsonGzip,
            };
            bool strict = (selector & 4) != 0;
            var options = new FhirReaderOptions { Strict = strict, ValidateSkippedResources = true, MaxLineBytes = 1 << 20, MaxDocumentBytes = 16 << 20 };
            using var stream = new MemoryStream(input, 1, input.Length - 1, writable: false);
            try
            {
                new FhirRecordReader(options).ReadAsync(stream, "fuzz", format).GetAwaiter().GetResult();
            }
            catch (FhirReadException) when (strict)
            {
                // Strict mode stops at the first problem: expected.
            }
        }
    }
}
