using System.Text;
using QiSdk.Cli;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>
/// <c>qi evaluate</c> and CHOL003's host-supplied drug list (<c>NONSTATIN_LLT_DMD</c>): without it the run says on stderr that
/// the non-statin route is inactive and how to supply it; with it (<c>--value-set</c>, QiSdk code-set JSON) the route counts.
/// The drug set is TEST-ONLY: fictitious local codes in <c>http://example.org/test-local-drugs</c>, never shipped.
/// </summary>
public sealed class Chol003HostDrugListTests
{
    // PAD (PAD_COD 399957001), statin not tolerated (STATINTOL_COD 413174003), a fictitious test-only ezetimibe code prescribed 2025-02-01.
    private const string Practice = """
        {"resourceType":"Patient","id":"p1","gender":"male","birthDate":"1950-01-01"}
        {"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"399957001"}]},"onsetDateTime":"2020-01-01"}
        {"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://snomed.info/sct","code":"413174003"}]},"onsetDateTime":"2022-01-01"}
        {"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"medicationCodeableConcept":{"coding":[{"system":"http://example.org/test-local-drugs","code":"TEST-ONLY-EZETIMIBE-10MG"}]},"authoredOn":"2025-02-01"}

        """;

    private const string TestOnlyDrugSet = """
        {"format": "qisdk-codesets/1", "codeSets": [{"name": "NONSTATIN_LLT_DMD", "title": "TEST-ONLY fictitious local drug codes", "system": "http://example.org/test-local-drugs", "codes": ["TEST-ONLY-EZETIMIBE-10MG"]}]}
        """;

    private static async Task<(int Exit, string Out, string Err)> Qi(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await QiCli.RunAsync(QiCommand.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Row(string output) => output.Split('\n').Single(l => l.StartsWith("qof-chol003-cvd-statin", StringComparison.Ordinal));

    [Test]
    public async Task Without_the_drug_list_the_route_is_inactive_and_stderr_says_how_to_supply_it_with_it_the_route_counts()
    {
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(dir, "p.ndjson");
        File.WriteAllText(records, Practice, Encoding.UTF8);
        string drugs = Path.Combine(dir, "test-only-drugs.json");
        File.WriteAllText(drugs, TestOnlyDrugSet, Encoding.UTF8);

        var without = await Qi("evaluate", "--records", records, "--indicators", "qof-chol003-cvd-statin", "--period-end", "2025-03-31", "--out", Path.Combine(dir, "o1"));
        var with = await Qi("evaluate", "--records", records, "--indicators", "qof-chol003-cvd-statin", "--period-end", "2025-03-31", "--value-set", drugs, "--out", Path.Combine(dir, "o2"));

        Assert.That(without.Exit, Is.EqualTo(0), without.Err);
        Assert.That(with.Exit, Is.EqualTo(0), with.Err);
        Assert.That(without.Err, Does.Contain("warning").And.Contain("QI3203").And.Contain("NONSTATIN_LLT_DMD").And.Contain("--value-set"));
        Assert.That(Row(without.Out).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..6], Is.EqualTo(new[] { "1", "1", "0", "0", "0" }), "initial, denom, excl, excep, numer");
        Assert.That(with.Err, Does.Not.Contain("QI3203"));
        Assert.That(Row(with.Out).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..6], Is.EqualTo(new[] { "1", "1", "0", "0", "1" }));
    }
}
