using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Synthetic;

/// <summary>Generate -> write -> read with the FHIR reader gives back exactly the in-memory practice.</summary>
public sealed class SyntheticRoundTripTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void CreateFolder() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string Canonical(PatientRecord p) =>
        SyntheticPracticeTests.Fingerprint(p with { Events = [.. p.Events.OrderBy(e => e.Id, StringComparer.Ordinal)] });

    [TestCase(SyntheticOutputFormat.Ndjson, false)]
    [TestCase(SyntheticOutputFormat.NdjsonGzip, false)]
    [TestCase(SyntheticOutputFormat.Bundle, false)]
    [TestCase(SyntheticOutputFormat.Bundle, true)]
    public async Task Reading_the_written_practice_gives_the_generated_patients_and_events(SyntheticOutputFormat format, bool single)
    {
        var options = new SyntheticPracticeOptions { Patients = 400, Seed = 21 };
        SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir, Format = format, SingleBundle = single, WriteCodeMap = false });
        var expected = SyntheticPractice.Generate(options).ToDictionary(p => p.Id);

        var log = new DataQualityLog();
        var result = await new FhirRecordReader(new FhirReaderOptions { Strict = true }).ReadAsync(_dir, log);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(result.Patients.Select(p => p.Id), Is.EquivalentTo(expected.Keys));
            Assert.That(result.Patients.Sum(p => p.Events.Length), Is.EqualTo(expected.Values.Sum(p => p.Events.Length)));
            foreach (var read in result.Patients)
            {
                Assert.That(Canonical(read), Is.EqualTo(Canonical(expected[read.Id])), read.Id);
            }
        });
    }

    [Test]
    public async Task The_reader_reports_every_injected_error_where_the_generator_says_it_is()
    {
        var options = new SyntheticPracticeOptions { Patients = 300, Seed = 8, Errors = 8 };
        var export = SyntheticPractice.Export(options, new SyntheticExportOptions { Directory = _dir, WriteCodeMap = false });

        var result = await new FhirRecordReader().ReadAsync(_dir, new DataQualityLog());

        Assert.Multiple(() =>
        {
            Assert.That(result.Patients, Has.Length.EqualTo(300));
            foreach (var error in export.InjectedErrors)
            {
                string expectedCode = error.Kind switch
                {
                    InjectedErrorKind.MalformedJson => "QI1004",
                    InjectedErrorKind.MissingResourceType => "QI1005",
                    InjectedErrorKind.InvalidDate => "QI1007",
                    _ => "QI1010",
                };
                var match = result.Problems.Where(p => p.Line == error.Line && p.File is { } f && Path.GetFullPath(f) == error.File).ToArray();
                Assert.That(match.Select(p => p.Code), Has.Some.EqualTo(expectedCode).Or.Some.EqualTo("QI1003"), error.ToString());
            }
        });
    }
}
