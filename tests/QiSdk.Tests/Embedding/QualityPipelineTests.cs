using QiSdk.Codes;
using QiSdk.Feedback;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The one composition root (core API): code sets and maps given twice, set-up issues, vendor code systems, unknown
/// indicators, code matches and code files from streams. The former differences between the wiring copies are pinned
/// in QiSdk.Cli.Tests (qi evaluate) and QiSdk.Extensions.DependencyInjection.Tests (the host).
/// </summary>
public sealed class QualityPipelineTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A code list whose one member is in a system nobody registered: building the terminology reports QI2011.</summary>
    private string UnregisteredSystemCodeSet()
    {
        string path = Path.Combine(_dir, "vendor-sets.json");
        File.WriteAllText(path, """
            {"format":"qisdk-codesets/1","codeSets":[{"name":"VENDOR_COD","codes":[{"system":"https://emr.example/codes","code":"X1"}]}]}
            """);
        return path;
    }

    [Test]
    public void The_same_code_set_given_twice_is_kept_once_and_two_different_ones_with_one_name_are_refused()
    {
        string setFile = UnregisteredSystemCodeSet();
        string copy = Path.Combine(_dir, "copy.json");
        File.Copy(setFile, copy);
        string other = Path.Combine(_dir, "other.json");
        File.WriteAllText(other, File.ReadAllText(setFile).Replace("\"X1\"", "\"X2\"", StringComparison.Ordinal));

        var pipeline = QualityPipeline.Create(new QualityPipelineOptions { IncludeBuiltInCodeSets = false, IncludeBuiltInIndicators = false, CodeSetFiles = [setFile, copy] });
        var ex = Assert.Throws<TerminologyException>(() => QualityPipeline.Create(new QualityPipelineOptions { IncludeBuiltInCodeSets = false, CodeSetFiles = [setFile, other] }));

        Assert.That(pipeline.Terminology.CodeSets.Count(s => s.Name == "VENDOR_COD"), Is.EqualTo(1));
        Assert.That(ex!.Code, Is.EqualTo(QiErrorCodes.Codes.DuplicateCodeSet));
        Assert.That(ex, Is.InstanceOf<QiSdkException>());
    }

    [Test]
    public void Every_issue_found_in_set_up_reaches_the_callback()
    {
        var seen = new List<DataQualityIssue>();

        var pipeline = QualityPipeline.Create(new QualityPipelineOptions { CodeSetFiles = [UnregisteredSystemCodeSet()] }, seen.Add);

        Assert.That(seen, Is.EqualTo(pipeline.SetupIssues));
        Assert.That(seen.Select(i => i.Code), Does.Contain(QiErrorCodes.Codes.MemberUnknownSystem));
    }

    [Test]
    public void A_registered_vendor_code_system_is_known_and_its_codes_map()
    {
        var vendor = new CodeSystem("https://emr.example/codes", "Example EMR local codes", CodeSystemKind.Local);
        var map = CodeMap.Create("emr", [new CodeMapEntry(vendor.Uri, "DM-T2", CodeSystems.SnomedCt, "44054006")]);
        var without = QualityPipeline.Create(new QualityPipelineOptions { CodeMaps = [map] });
        var with = QualityPipeline.Create(new QualityPipelineOptions { CodeMaps = [map], CodeSystems = [vendor] });

        var before = without.Terminology.Explain(vendor.Uri, "DM-T2");
        var after = with.Terminology.Explain(vendor.Uri, "DM-T2");

        Assert.That(before.IsSystemKnown, Is.False);
        Assert.That(after.IsSystemKnown, Is.True);
        Assert.That(after.System!.Kind, Is.EqualTo(CodeSystemKind.Local));
        Assert.That(after.IsMatched, Is.True, "the local code reaches DM_COD through the map");
    }

    [Test]
    public void An_unknown_indicator_id_is_a_QiSdkException_with_its_code()
    {
        var catalogue = IndicatorCatalogue.BuiltIn();

        var ex = Assert.Throws<IndicatorDefinitionException>(() => catalogue.Get("no-such-indicator"));

        Assert.That(ex!.Code, Is.EqualTo(QiErrorCodes.Indicators.UnknownIndicator));
        Assert.That(ex.Issues.Single().ResourceId, Is.EqualTo("no-such-indicator"));
        Assert.That(IndicatorCatalogue.BuiltIn(), Is.SameAs(catalogue), "the built-in catalogue is parsed once");
    }

    [Test]
    public void A_code_match_prints_as_one_readable_line()
    {
        var vendor = new CodeSystem("https://emr.example/codes", "Example EMR local codes", CodeSystemKind.Local);
        var pipeline = QualityPipeline.Create(new QualityPipelineOptions
        {
            CodeMaps = [CodeMap.Create("emr", [new CodeMapEntry(vendor.Uri, "DM-T2", CodeSystems.SnomedCt, "44054006")])],
            CodeSystems = [vendor],
        });

        string mapped = pipeline.Terminology.Explain(vendor.Uri, "DM-T2").ToString();
        string unknown = pipeline.Terminology.Explain("https://elsewhere.example", "Z9").ToString();

        Assert.That(mapped, Does.StartWith("https://emr.example/codes|DM-T2 -> Example EMR local codes").And.Contain("44054006").And.Contain("DM_COD").And.Not.Contain("ImmutableArray"));
        Assert.That(unknown, Is.EqualTo("https://elsewhere.example|Z9: unknown system, in no code set"));
    }

    [Test]
    public void Code_files_read_from_streams_give_what_the_same_files_give_by_path()
    {
        string map = Path.Combine(_dir, "emr.csv");
        File.WriteAllText(map, "source_system,source_code,target_system,target_code\nhttps://emr.example/codes,DM-T2,http://snomed.info/sct,44054006\nhttps://emr.example/codes,,http://snomed.info/sct,1\n");
        string sets = UnregisteredSystemCodeSet();
        var pathLog = new DataQualityLog();
        var streamLog = new DataQualityLog();

        var byPath = CodeFiles.LoadCodeMap(map, pathLog);
        using var mapStream = File.OpenRead(map);
        var byStream = CodeFiles.ReadCodeMap(mapStream, map, streamLog);
        using var setStream = File.OpenRead(sets);

        Assert.That(byStream.Entries, Is.EqualTo(byPath.Entries));
        Assert.That(byStream.Name, Is.EqualTo(byPath.Name));
        Assert.That(streamLog.Snapshot().Select(i => i.ToString()), Is.EqualTo(pathLog.Snapshot().Select(i => i.ToString())), "the bad row is reported with the same file and line");
        Assert.That(CodeFiles.ReadCodeSets(setStream, sets).Single().Members, Is.EqualTo(CodeFiles.LoadCodeSets(sets).Single().Members));
    }
}
