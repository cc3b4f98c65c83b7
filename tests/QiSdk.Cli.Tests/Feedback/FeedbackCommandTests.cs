using System.Text.Json;
using QiSdk.Feedback;

namespace QiSdk.Tests.Feedback;

/// <summary>qi compare, qi trend and qi report on practices made with qi synth and released with qi disclose.</summary>
public sealed class FeedbackCommandTests
{
    [Test]
    public void Compare_writes_comparison_json_in_the_documented_shape_from_released_disclosures()
    {
        var cluster = FeedbackCluster.Get();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cluster.Compare, "comparison.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("period").GetProperty("end").GetString(), Is.EqualTo("2025-03-31"));
        Assert.That(root.GetProperty("practices").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(FeedbackCluster.Practices.Select(p => p.Code)));
        Assert.That(File.Exists(Path.Combine(cluster.Compare, "report.html")));

        // Recompute every practice row independently from the disclosure files (plain JSON, not the typed reader).
        var released = new Dictionary<(string Practice, string Indicator), (int? Num, int? Den)>();
        foreach (string file in cluster.Disclosures)
        {
            using var d = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var entry in d.RootElement.GetProperty("entry").EnumerateArray())
            {
                var r = entry.GetProperty("resource");
                string id = r.GetProperty("measure").GetString()!.Split('/')[^1];
                var counts = r.GetProperty("group")[0].GetProperty("population").EnumerateArray().ToDictionary(
                    p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!,
                    p => p.TryGetProperty("count", out var c) ? c.GetInt32() : (int?)null);
                int? den = counts["denominator"] - counts["denominator-exclusion"] - counts["denominator-exception"];
                released[(r.GetProperty("reporter").GetProperty("display").GetString()!, id)] = (counts["numerator"], den);
            }
        }

        int compared = 0, withheld = 0;
        foreach (var indicator in root.GetProperty("indicators").EnumerateArray())
        {
            string id = indicator.GetProperty("id").GetString()!;
            Assert.That(indicator.GetProperty("improvement").GetString(), Is.AnyOf("increase", "decrease"));
            Assert.That(indicator.GetProperty("title").GetString(), Is.Not.EqualTo(id), "titles, not only ids");
            int sumNum = 0, sumDen = 0;
            foreach (var row in indicator.GetProperty("practices").EnumerateArray())
            {
                var (num, den) = released[(row.GetProperty("practice").GetString()!, id)];
                string signal = row.GetProperty("signal").GetString()!;
                if (num is null || den is null)
                {
                    Assert.That(signal, Is.EqualTo("withheld"));
                    Assert.That(row.GetProperty("rate").ValueKind, Is.EqualTo(JsonValueKind.Null));
                    withheld++;
                    continue;
                }

                Assert.That(signal, Is.AnyOf("better", "worse", "as-expected"));
                Assert.That(row.GetProperty("numerator").GetInt32(), Is.EqualTo(num));
                Assert.That(row.GetProperty("denominator").GetInt32(), Is.EqualTo(den));
                sumNum += num.Value;
                sumDen += den.Value;
                if (den > 0)
                {
                    double rate = row.GetProperty("rate").GetDouble();
                    Assert.That(rate, Is.EqualTo((double)num / den.Value).Within(1e-6));
                    Assert.That(rate, Is.InRange(0, 1));
                    var ci = row.GetProperty("ci95");
                    Assert.That(ci[0].GetDouble(), Is.LessThanOrEqualTo(rate));
                    Assert.That(ci[1].GetDouble(), Is.GreaterThanOrEqualTo(rate));
                    Assert.That(row.GetProperty("freshness").GetProperty("known").GetBoolean(), Is.True, "evaluate writes freshness and disclose carries it");
                    compared++;
                }
            }

            var c = indicator.GetProperty("cluster");
            Assert.That(c.GetProperty("numerator").GetInt32(), Is.EqualTo(sumNum), id);
            Assert.That(c.GetProperty("denominator").GetInt32(), Is.EqualTo(sumDen), id);
        }

        Assert.That(compared, Is.GreaterThan(8), "several indicators are released for several practices");
        Assert.That(withheld, Is.GreaterThan(0), "small numbers are withheld under the NHS profile");
        Assert.That(root.GetProperty("pairs").GetArrayLength(), Is.EqualTo(2));
        Assert.That(root.GetProperty("strengths").EnumerateObject().Select(p => p.Name), Is.EqualTo(FeedbackCluster.Practices.Select(p => p.Code)));
    }

    [Test]
    public void Compare_for_one_practice_writes_peers_as_letters_only()
    {
        var cluster = FeedbackCluster.Get();
        string json = File.ReadAllText(Path.Combine(cluster.CompareFor, "comparison.json"));
        string html = File.ReadAllText(Path.Combine(cluster.CompareFor, "report.html"));
        var letters = PeerLetters.Assign(FeedbackCluster.Practices.Select(p => p.Code));
        foreach (var (code, _, _) in FeedbackCluster.Practices.Where(p => p.Code != "A81003"))
        {
            Assert.That(json, Does.Not.Contain(code));
            Assert.That(html, Does.Not.Contain(code));
            Assert.That(json, Does.Contain("Practice " + letters[code]));
        }

        Assert.That(json, Does.Contain("\"for\": \"A81003\""));
    }

    [Test]
    public void Trend_writes_every_date_with_median_limits_and_signals()
    {
        var cluster = FeedbackCluster.Get();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cluster.Trend, "trend.json")));
        var dates = json.RootElement.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.That(dates, Has.Count.EqualTo(12));
        Assert.That(dates[0], Is.EqualTo("2024-04-30"));
        Assert.That(dates[^1], Is.EqualTo("2025-03-31"));
        Assert.That(File.Exists(Path.Combine(cluster.Trend, "trend.html")));
        foreach (var indicator in json.RootElement.GetProperty("indicators").EnumerateArray())
        {
            var points = indicator.GetProperty("points").EnumerateArray().ToList();
            Assert.That(points, Has.Count.EqualTo(12));
            var rates = points.Where(p => p.GetProperty("rate").ValueKind == JsonValueKind.Number).Select(p => p.GetProperty("rate").GetDouble()).Order().ToList();
            if (rates.Count > 0)
            {
                double median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
                Assert.That(indicator.GetProperty("median").GetDouble(), Is.EqualTo(median).Within(1e-6));
            }

            foreach (var p in points.Where(p => p.GetProperty("rate").ValueKind == JsonValueKind.Number))
            {
                var pc = p.GetProperty("pChart");
                double rate = p.GetProperty("rate").GetDouble(), lo = pc.GetProperty("lower").GetDouble(), hi = pc.GetProperty("upper").GetDouble();
                Assert.That(pc.GetProperty("specialCause").GetBoolean(), Is.EqualTo(rate < lo - 1e-6 || rate > hi + 1e-6));
            }
        }

        Assert.That(FeedbackCluster.Get().Output["trend"], Does.Contain("patients read once"));
    }

    [Test]
    public void Report_writes_a_self_check_with_counts_to_review_and_no_patient_identifiers()
    {
        var cluster = FeedbackCluster.Get();
        string html = File.ReadAllText(Path.Combine(cluster.Report, "report.html"));
        Assert.That(html, Does.Contain("Practice self-check").And.Contain("Patients to review").And.Contain("Data freshness").And.Contain("map to nothing"));

        // No patient id from the records appears in the report.
        string patients = Path.Combine(cluster.Root, "records", FeedbackCluster.Practices[0].Code, "Patient.ndjson");
        foreach (string line in File.ReadLines(patients).Take(200))
        {
            using var p = JsonDocument.Parse(line);
            Assert.That(html, Does.Not.Contain("\"" + p.RootElement.GetProperty("id").GetString() + "\""));
            Assert.That(html, Does.Not.Contain(">" + p.RootElement.GetProperty("id").GetString() + "<"));
        }
    }

    [Test]
    public void Compare_refuses_differing_periods_and_missing_files_with_located_messages()
    {
        var cluster = FeedbackCluster.Get();
        string dir = TestPaths.NewTempFolder();
        string records = Path.Combine(cluster.Root, "records", "A81002");
        Assert.That(FeedbackCluster.Run("evaluate", "--records", records, "--indicators", "dq-bp-recorded-45-5y", "--period-end", "2024-12-31", "--practice", "A81009", "--out", Path.Combine(dir, "A81009")).Exit, Is.EqualTo(0));
        Assert.That(FeedbackCluster.Run("disclose", "--policy", "small-number-suppression", "--results", Path.Combine(dir, "A81009"), "--out", Path.Combine(dir, "rel"), "--audit-log", Path.Combine(dir, "a.log")).Exit, Is.EqualTo(0));
        var (exit, _, error) = FeedbackCluster.Run(["compare", "--disclosures", cluster.Disclosures[0], Path.Combine(dir, "rel", "disclosure.json"), "--out", Path.Combine(dir, "cmp")]);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("QI5103").And.Contain("dq-bp-recorded-45-5y").And.Contain("A81009 ending 2024-12-31"));

        var missing = FeedbackCluster.Run("compare", "--disclosures", Path.Combine(dir, "nope.json"));
        Assert.That(missing.Exit, Is.EqualTo(2));
        Assert.That(missing.Err, Does.Contain("nope.json"));
    }

    [Test]
    public void Cluster_only_compare_reads_cluster_aggregate_releases_against_a_reference_and_names_no_practice()
    {
        var cluster = FeedbackCluster.Get();
        string dir = TestPaths.NewTempFolder();
        string[] results = [.. FeedbackCluster.Practices.Select(p => Path.Combine(cluster.Root, "results", p.Code))];
        var register = FeedbackCluster.Run("cluster", "register", "--cluster-id", "PCN-EAST", "--practices", string.Join(',', FeedbackCluster.Practices.Select(p => p.Code)),
            "--audit-log", Path.Combine(dir, "a.log"));
        Assert.That(register.Exit, Is.EqualTo(0), register.Err);
        var (exit, output, error) = FeedbackCluster.Run(["disclose", "--policy", "cluster-aggregate", "small-number-suppression", "--results", .. results,
            "--cluster-id", "PCN-EAST", "--out", Path.Combine(dir, "rel"), "--audit-log", Path.Combine(dir, "a.log")]);
        Assert.That(exit, Is.EqualTo(0), error + output);
        var run = FeedbackCluster.Run("compare", "--disclosures", Path.Combine(dir, "rel", "disclosure.json"), "--cluster-only",
            "--reference", "dq-bp-recorded-45-5y=0.9:national 2024/25", "--out", Path.Combine(dir, "cmp"));
        Assert.That(run.Exit, Is.EqualTo(0), run.Err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cmp", "comparison.json")));
        Assert.That(json.RootElement.GetProperty("mode").GetString(), Is.EqualTo("cluster-only"));
        Assert.That(json.RootElement.GetProperty("practices").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "PCN-EAST" }));
        var bp = json.RootElement.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "dq-bp-recorded-45-5y");
        Assert.That(bp.TryGetProperty("practices", out _), Is.False, "no per-practice rows");
        var reference = bp.GetProperty("references").EnumerateArray().Single();
        Assert.That(reference.GetProperty("label").GetString(), Is.EqualTo("national 2024/25"));
        double rate = bp.GetProperty("cluster").GetProperty("rate").GetDouble();
        string expected = rate > reference.GetProperty("funnel").GetProperty("upper95").GetDouble() ? "better"
            : rate < reference.GetProperty("funnel").GetProperty("lower95").GetDouble() ? "worse" : "as-expected";
        Assert.That(reference.GetProperty("signal").GetString(), Is.EqualTo(expected));
        string html = File.ReadAllText(Path.Combine(dir, "cmp", "report.html"));
        foreach (var (code, _, _) in FeedbackCluster.Practices)
        {
            Assert.That(html, Does.Not.Contain(code));
        }

        var bad = FeedbackCluster.Run("compare", "--disclosures", Path.Combine(dir, "rel", "disclosure.json"), "--cluster-only", "--reference", "x=1.5");
        Assert.That(bad.Exit, Is.EqualTo(2));
        Assert.That(bad.Err, Does.Contain("--reference 'x=1.5'"));
    }
}
