using System.Collections.Immutable;
using QiSdk.Codes;
using QiSdk.Records;

namespace QiSdk.Tests.Codes;

public sealed class CoverageReportTests
{
    private static ClinicalEvent Event(params Coding[] codes) => new() { Kind = ResourceKind.Condition, Codes = [.. codes] };

    private static PatientRecord Patient(string id, params ClinicalEvent[] events) => new() { Id = id, Events = [.. events] };

    private static readonly Coding Dm = new(CodeSystems.SnomedCt, "73211009", "Diabetes mellitus");
    private static readonly Coding DmRead = new("http://read.info/readv2", "C10..00", "Diabetes mellitus");
    private static readonly Coding LocalDiab = new("https://practice.example/codes", "DIAB1", "Diabetic (local)");
    private static readonly Coding LocalFoo = new("https://practice.example/codes", "FOO", "Foot check (local)");
    private static readonly Coding Asthma = new(CodeSystems.SnomedCt, "195967001", "Asthma");
    private static readonly Coding BadId = new(CodeSystems.SnomedCt, "73211008", "typo");
    private static readonly Coding Ctv3Short = new(CodeSystems.Ctv3, "1434", "H/O: diabetes mellitus");

    private static (Terminology, ImmutableArray<PatientRecord>) Practice()
    {
        var map = CodeMap.Create("local-map", [new CodeMapEntry("https://practice.example/codes", "DIAB1", CodeSystems.ReadV2, "C10..")]);
        var trud = CodeMap.Create("trud", [new CodeMapEntry(CodeSystems.ReadV2, "C10..", CodeSystems.SnomedCt, "73211009")]);
        var sets = new[]
        {
            CodeSet.Create("DM_COD", [new CodeSetMember(CodeSystems.SnomedCt, "73211009")]),
            CodeSet.Create("DM_CTV3", [new CodeSetMember(CodeSystems.Ctv3, "1434.")]),
            CodeSet.Create("EMPTY", [new CodeSetMember(CodeSystems.SnomedCt, "38341003")]),
        };
        var terminology = Terminology.Create(sets, [map, trud]);
        ImmutableArray<PatientRecord> patients =
        [
            Patient("p1", Event(Dm), Event(Asthma), Event(Asthma, Asthma), Event(LocalFoo)),
            Patient("p2", Event(DmRead), Event(Asthma), Event(BadId)),
            Patient("p3", Event(LocalDiab, Dm), Event(LocalFoo), Event(LocalFoo), Event(Ctv3Short)),
            Patient("p4", Event(new Coding("https://other.example", "X", null))),
        ];
        return (terminology, patients);
    }

    [Test]
    public void Unmapped_lists_exactly_the_codes_in_no_code_set_and_no_map_with_record_and_patient_counts_by_patients()
    {
        var (t, patients) = Practice();
        var report = CoverageReport.Create(patients, t);
        Assert.That(report.Unmapped.Select(u => (u.System, u.Code, u.Display, u.Records, u.Patients)), Is.EqualTo(new[]
        {
            (CodeSystems.SnomedCt, "195967001", (string?)"Asthma", 3, 2),
            ("https://practice.example/codes", "FOO", "Foot check (local)", 3, 2),
            (CodeSystems.SnomedCt, "73211008", "typo", 1, 1),
            ("https://other.example", "X", (string?)null, 1, 1),
        }));
        Assert.That((report.Patients, report.Records, report.DistinctCodings), Is.EqualTo((4, 12, 8)));
    }

    [Test]
    public void Unknown_systems_invalid_ids_and_notable_normalisations_are_listed()
    {
        var (t, patients) = Practice();
        var report = CoverageReport.Create(patients, t);
        Assert.Multiple(() =>
        {
            Assert.That(report.UnknownSystems.Select(u => (u.System, u.DistinctCodes, u.Records, u.Patients)), Is.EqualTo(new[]
            {
                ("https://practice.example/codes", 2, 4, 2),
                ("https://other.example", 1, 1, 1),
            }));
            Assert.That(report.InvalidCodes.Select(i => (i.Code, i.Problem)), Is.EqualTo(new[] { ("73211008", CodeProblem.InvalidSnomedId) }));
            Assert.That(report.Normalisations.Select(n => (n.Coding.Code, n.Coding.NormalisedCode, n.Rules)), Is.EquivalentTo(new[]
            {
                ("C10..00", "C10..", NormalisationRules.ReadTermCode),
                ("1434", "1434.", NormalisationRules.Ctv3DotPadding),
            }));
            Assert.That(report.Issues.Select(i => i.Code), Is.EqualTo(new[] { "QI2020", "QI2022", "QI2022" }));
        });
    }

    [Test]
    public void Per_code_set_coverage_names_the_raw_codes_and_maps_that_fed_it()
    {
        var (t, patients) = Practice();
        var dm = CoverageReport.Create(patients, t).CodeSets[0];
        Assert.Multiple(() =>
        {
            Assert.That((dm.Name, dm.Records, dm.Patients), Is.EqualTo(("DM_COD", 3, 3)), "p3's event with both codes counts once");
            Assert.That(dm.Sources.Select(s => (s.Coding.Code, s.Coding.Records, s.Coding.Patients, string.Join(">", s.Path.Select(p => p.Map)))), Is.EqualTo(new[]
            {
                ("73211009", 2, 2, ""),
                ("C10..00", 1, 1, "trud"),
                ("DIAB1", 1, 1, "local-map>trud"),
            }));
            Assert.That(dm.Maps, Is.EqualTo(new[] { "trud", "local-map" }));
        });
    }

    [Test]
    public void Code_sets_nothing_fed_are_reported_with_zero_counts()
    {
        var (t, patients) = Practice();
        var empty = CoverageReport.Create(patients, t).CodeSets.Single(c => c.Name == "EMPTY");
        Assert.That((empty.Records, empty.Patients, empty.Sources.Length), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public void Cancellation_is_honoured()
    {
        var (t, patients) = Practice();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => CoverageReport.Create(patients, t, cts.Token));
    }
}
