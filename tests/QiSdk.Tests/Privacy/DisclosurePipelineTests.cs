using System.Reflection;
using System.Text;
using QiSdk.Indicators;
using QiSdk.Privacy;
using QiSdk.Reports;
using static QiSdk.Tests.Privacy.PrivacyTestData;

namespace QiSdk.Tests.Privacy;

public sealed class DisclosurePipelineTests
{
    [Test]
    public void A_disclosure_cannot_be_constructed_outside_the_pipeline()
    {
        var constructors = typeof(Disclosure).GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        Assert.That(constructors, Is.Empty, "only DisclosurePipeline creates disclosures, so raw results never reach a sink");
        Assert.That(typeof(AuditedDisclosure).GetConstructors(BindingFlags.Public | BindingFlags.Instance), Is.Empty, "only the gate issues audited disclosures");
        Assert.That(typeof(IDisclosureSink).GetMethods().Single().GetParameters()[0].ParameterType, Is.EqualTo(typeof(AuditedDisclosure)),
            "a sink accepts only what the gate issued after the audit entry, never preview bytes or an unaudited disclosure");
    }

    [Test]
    public void Process_only_alone_releases_nothing_because_nothing_protected_the_counts()
    {
        var outcome = Preview([DisclosurePolicies.ProcessOnly()], Summary("p", Counts(100, 80, 40)));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.IsRefused, Is.True);
            Assert.That(outcome.RefusalCode, Is.EqualTo("QI4002"));
            Assert.That(outcome.Cells.All(c => c.ReleasedValue is null), Is.True);
        });
    }

    [Test]
    public void Process_only_withholds_outcome_indicators_and_passes_process_ones_on()
    {
        var outcome = Preview([DisclosurePolicies.ProcessOnly(), DisclosurePolicies.SmallNumberSuppression()],
            Summary("proc", Counts(100, 80, 40), kind: IndicatorKind.Process), Summary("outc", Counts(100, 80, 40), kind: IndicatorKind.Outcome));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Cells.Where(c => c.IndicatorId == "outc").All(c => c.ReleasedValue is null && c.ReasonCode == "QI4053"), Is.True);
            Assert.That(outcome.Cells.Where(c => c.IndicatorId == "proc" && c.OriginalValue > 7).All(c => c.ReleasedValue is not null), Is.True);
            Assert.That(Encoding.UTF8.GetString(outcome.Content!.Value.Span), Does.Not.Contain("outc"));
        });
    }

    [Test]
    public void Local_only_refuses_egress_but_keeps_the_full_detail_for_the_practice()
    {
        var result = new IndicatorResult { Summary = Summary("l", Counts(2, 2, 1)), Patients = [new PatientResult("pat-1", PopulationMembership.Numerator | PopulationMembership.Denominator)] };
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.LocalOnly()]).Prepare(DisclosureRequest.FromResults([result]));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.RefusalCode, Is.EqualTo("QI4001"));
            Assert.That(outcome.Disclosure, Is.Null);
            Assert.That(outcome.LocalDetail.Single().Patients.Single().PatientId, Is.EqualTo("pat-1"));
        });
    }

    [Test]
    public void The_disclosed_bundle_has_no_subject_lists_and_withheld_cells_all_carry_the_same_note()
    {
        var summary = Summary("s", Counts(100, 90, 20), [Stratum("sex", "female", Counts(50, 45, 3)), Stratum("sex", "male", Counts(50, 45, 17))]);
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()], Exact).Prepare(DisclosureRequest.FromSummaries([summary]));
        string json = Encoding.UTF8.GetString(outcome.Disclosure!.Content.Span);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("subjectResults").And.Not.Contain("\"List\""), "no subject lists leave the practice");
            Assert.That(json, Does.Contain("\"type\": \"summary\""));
            Assert.That(json, Does.Not.Contain("QI4050").And.Not.Contain("QI4051").And.Not.Contain("secondary"), "primary and secondary suppressions must look the same");
            Assert.That(json, Does.Contain("withheld by privacy policy"));
            Assert.That(outcome.Disclosure.Strata, Is.EquivalentTo(new[] { "sex=female", "sex=male" }));
        });
    }

    [Test]
    public void Released_counts_read_back_with_the_reports_reader_when_nothing_is_withheld()
    {
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.SmallNumberSuppression()]).Prepare(DisclosureRequest.FromSummaries([Summary("r", Counts(120, 100, 60))]));
        var back = MeasureReportJson.ReadSummaryBundle(new MemoryStream(outcome.Disclosure!.Content.ToArray()), "disclosure.json").Single();
        Assert.That(back.Counts, Is.EqualTo(Counts(120, 100, 60)));
    }

    [Test]
    public void Policies_compose_in_order_cluster_then_suppression_rounds_the_cluster_totals()
    {
        var outcome = MeasureReportDisclosure.CreatePipeline([DisclosurePolicies.ClusterAggregate(), DisclosurePolicies.SmallNumberSuppression()]).Preview(DisclosureRequest.FromSummaries(
        [
            Summary("x", Counts(101, 81, 41), reporter: "P1"),
            Summary("x", Counts(120, 90, 50), reporter: "P2"),
            Summary("x", Counts(90, 70, 30), reporter: "P3"),
        ]));
        Assert.That(outcome.Released("total", MeasurePopulation.Numerator), Is.EqualTo(120));
        Assert.That(outcome.Released("total", MeasurePopulation.InitialPopulation), Is.EqualTo(310), "311 rounded to the nearest 5");
    }
}
