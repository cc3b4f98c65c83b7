using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QiSdk.Codes;
using QiSdk.Feedback;
using QiSdk.Hosting;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Records;
using QiSdk.Synthetic;

namespace QiSdk.Tests.Embedding;

/// <summary>
/// The one composition root as the DI service (<c>AddQiSdk</c>) uses it: inline code sets, start-up validation with retry,
/// the worklist, released-once disclosures, the typed released view and the data directory.
/// </summary>
public sealed class QualityPipelineHostTests
{
    private static readonly MeasurementPeriod Period = new(new DateOnly(2025, 3, 31));

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Former_difference_2_the_host_terminology_holds_the_indicators_inline_code_sets()
    {
        // Before: only qi demo and qi codes added the inline sets, so coverage built from the DI service's terminology
        // counted inline-set codes (e.g. LOINC HbA1c) as unmapped.
        var services = new ServiceCollection().AddQiSdk(o => o.DataDirectory = _dir);
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var expected = audit.Catalogue.Definitions
            .SelectMany(d => d.CodeSets.Select(s => $"inline:{d.Id}:{s.Name}"))
            .ToArray();
        Assume.That(expected, Is.Not.Empty, "the built-in catalogue has inline code sets");

        Assert.That(expected.Where(name => !audit.Terminology.TryGetCodeSetIndex(name, out _)), Is.Empty);
    }

    [Test]
    public void A_definition_with_an_unknown_code_set_stops_the_host_at_start_up_and_a_fixed_file_is_picked_up_on_retry()
    {
        string definition = Path.Combine(_dir, "custom.json");
        string good = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "CustomAudit", "diabetes-hba1c-recorded-12m.json"));
        File.WriteAllText(definition, good.Replace("IFCCHBAM_COD", "NO_SUCH_COD", StringComparison.Ordinal));
        var services = new ServiceCollection().AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.IndicatorFiles.Add(definition);
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<QiSdkOptions>>().Value);
        File.WriteAllText(definition, good);
        var audit = provider.GetRequiredService<QualityAuditService>();

        Assert.That(ex!.Message, Does.Contain(QiErrorCodes.Indicators.UnknownCodeSet).And.Contain("NO_SUCH_COD"));
        Assert.That(audit.Catalogue.TryGet("diabetes-hba1c-recorded-12m", out _), Is.True, "the failed set-up was not remembered");
    }

    [Test]
    public async Task The_worklist_lists_denominator_patients_not_in_the_numerator_with_the_numerator_rule_and_its_evidence()
    {
        var patients = SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 400, Seed = 7 });
        var services = new ServiceCollection().AddQiSdk(o => o.DataDirectory = _dir);
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(patients));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        const string id = "qof-dm020-hba1c-58";

        var run = await audit.RunAsync(new AuditRunOptions { Period = Period, IndicatorIds = [id], IncludeExplanations = true });
        var worklist = run.Worklist(id);

        // Independent of the worklist code: membership from the patient-level results.
        var expected = run.Results.Single().Patients
            .Where(p => p.Populations.HasFlag(PopulationMembership.Denominator)
                && (p.Populations & (PopulationMembership.Numerator | PopulationMembership.DenominatorExclusion | PopulationMembership.DenominatorException)) == 0)
            .Select(p => p.PatientId);
        var rule = audit.Catalogue.Get(id).Rules.Single(r => r.Populations.Contains(MeasurePopulation.Numerator));
        Assume.That(expected, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(worklist.Select(w => w.PatientId), Is.EquivalentTo(expected));
            Assert.That(worklist.Select(w => w.Reason).Distinct(), Is.EqualTo(new[] { "not met: " + rule.Description }));
            Assert.That(worklist.Any(w => !w.Evidence.IsDefaultOrEmpty), Is.True, "patients with a reading above the target show it");
        });
    }

    [Test]
    public async Task Without_explanations_the_worklist_says_how_to_get_them()
    {
        var services = new ServiceCollection().AddQiSdk(o => o.DataDirectory = _dir);
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 200, Seed = 7 })));
        using var provider = services.BuildServiceProvider();
        var run = await provider.GetRequiredService<QualityAuditService>().RunAsync(Period, ["qof-dm020-hba1c-58"]);

        var ex = Assert.Throws<InvalidOperationException>(() => run.Worklist("qof-dm020-hba1c-58"));

        Assert.That(ex!.Message, Does.Contain("IncludeExplanations"));
    }

    [Test]
    public async Task A_run_is_released_once_unless_a_repeat_is_asked_for_and_a_filter_releases_only_the_named_indicators()
    {
        var services = new ServiceCollection().AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.PracticeCode = "Y99001"; // a release needs the practice identity (issue 11)
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 400, Seed = 7 })));
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(_dir, "out")));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(Period, ["qof-dm020-hba1c-58", "qof-hyp008-bp-140-90"]);

        var first = await audit.DiscloseAsync(run, new AuditDisclosureOptions { IndicatorIds = ["qof-hyp008-bp-140-90"] });
        var again = Assert.ThrowsAsync<InvalidOperationException>(() => audit.DiscloseAsync(run));
        var repeat = await audit.DiscloseAsync(run, new AuditDisclosureOptions { AllowRepeat = true });

        Assert.Multiple(() =>
        {
            Assert.That(first.Released, Is.True, first.Outcome.RefusalReason);
            Assert.That(first.Outcome.Cells.Select(c => c.IndicatorId).Distinct(), Is.EqualTo(new[] { "qof-hyp008-bp-140-90" }));
            Assert.That(again!.Message, Does.Contain("AllowRepeat"));
            Assert.That(repeat.Outcome.Cells.Select(c => c.IndicatorId).Distinct(), Is.EquivalentTo(new[] { "qof-dm020-hba1c-58", "qof-hyp008-bp-140-90" }));
            Assert.That(File.Exists(Path.Combine(_dir, "qi-audit.log")), Is.True, "the audit log defaults to the data directory");
        });
    }

    [Test]
    public async Task The_typed_view_of_a_release_has_null_for_withheld_counts_and_flags_rounded_ones_as_the_policies_decided()
    {
        var services = new ServiceCollection().AddQiSdk(o =>
        {
            o.DataDirectory = _dir;
            o.PracticeCode = "Y99001";
        });
        services.AddSingleton<IPatientRecordSource>(new InMemoryPatientRecordSource(SyntheticPractice.GenerateAll(new SyntheticPracticeOptions { Patients = 400, Seed = 7 })));
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression(SuppressionProfile.Nhs));
        services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(_dir, "out")));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = await audit.RunAsync(Period, ["qof-dm020-hba1c-58", "pincer-am-amiodarone-no-tft", "qof-hyp008-bp-140-90"]);

        var release = await audit.DiscloseAsync(run);
        var view = release.ReadReleased();

        // Independent of the JSON: the policies' own per-cell decisions.
        var totals = release.Outcome.Cells.Where(c => c.Column == "total").ToList();
        Assume.That(totals.Any(c => c.State == CellState.Withheld) && totals.Any(c => c.ReleasedValue is { } v && v != c.OriginalValue), "the practice has both small and rounded counts");
        Assert.That(view, Is.Not.Null);
        var released = view!.Indicators.ToDictionary(i => i.IndicatorId, StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var cell in totals.Where(c => released.ContainsKey(c.IndicatorId)))
            {
                var typed = released[cell.IndicatorId].Counts.GetType().GetProperty(cell.Population.ToString())!.GetValue(released[cell.IndicatorId].Counts) as ReleasedCount?;
                Assert.That(typed!.Value.Value, Is.EqualTo(cell.ReleasedValue), $"{cell.IndicatorId} {cell.Population}");
                if (cell.ReleasedValue is { } value)
                {
                    // A value that differs from the true count must say so, and every flagged range holds the true count.
                    Assert.That(typed.Value.IsRounded || value == cell.OriginalValue, Is.True, $"{cell.IndicatorId} {cell.Population} altered but not flagged as rounded");
                    Assert.That(cell.OriginalValue, Is.InRange(typed.Value.Low, typed.Value.High), $"{cell.IndicatorId} {cell.Population} true count within the flagged range");
                }
            }

            Assert.That(view.SourceName, Is.EqualTo(release.Outcome.ReleaseId));
        });
    }

    [Test]
    public void Without_a_data_directory_or_audit_log_path_a_disclosure_says_what_to_set_and_nothing_is_written_to_the_working_directory()
    {
        var services = new ServiceCollection().AddQiSdk();
        services.AddSingleton(DisclosurePolicies.SmallNumberSuppression());
        services.AddSingleton<IDisclosureSink>(new FileDisclosureSink(Path.Combine(_dir, "out")));
        using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<QualityAuditService>();
        var run = new AuditRun { Period = Period, Patients = 0, Results = [], Problems = [] };

        var ex = Assert.ThrowsAsync<InvalidOperationException>(() => audit.DiscloseAsync(run));

        Assert.That(ex!.Message, Does.Contain("DataDirectory").And.Contain("is not set"));
        Assert.That(File.Exists(Path.Combine(Environment.CurrentDirectory, "qi-audit.log")), Is.False);
    }

}
