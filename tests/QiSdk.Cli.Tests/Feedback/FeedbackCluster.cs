using System.CommandLine;
using QiSdk.Cli;

namespace QiSdk.Tests.Feedback;

/// <summary>
/// A cluster made end to end with the qi tool, once per test run: four synthetic practices of different sizes and seeds,
/// each evaluated and released with 'qi disclose' (NHS small-number suppression; the results folder is named after the
/// practice, which becomes the reporter), then 'qi compare' (full and one practice's copy), 'qi trend' and 'qi report'.
/// </summary>
internal static class FeedbackCluster
{
    public static readonly (string Code, int Patients, int Seed)[] Practices = [("A81001", 2000, 11), ("A81002", 1200, 12), ("A81003", 3000, 13), ("A81004", 2500, 14)];

    private static readonly Lazy<Built> Instance = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Built Get() => Instance.Value;

    public sealed record Built(string Root, string Compare, string CompareFor, string Trend, string Report, string[] Disclosures, Dictionary<string, string> Output);

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = QiCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static Built Build()
    {
        string root = TestPaths.NewTempFolder();
        var outputs = new Dictionary<string, string>();
        void Ok(string step, params string[] args)
        {
            var (exit, output, error) = Run(args);
            Assert.That(exit, Is.EqualTo(0), $"{step}: {error}\n{output}");
            outputs[step] = output;
        }

        var disclosures = new List<string>();
        foreach (var (code, patients, seed) in Practices)
        {
            string records = Path.Combine(root, "records", code);
            Ok("synth " + code, "synth", "--patients", patients.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", records);
            string results = Path.Combine(root, "results", code);
            Ok("evaluate " + code, "evaluate", "--records", records, "--code-map", records + "-code-map.csv", "--indicators", "all", "--period-end", "2025-03-31", "--practice", code, "--out", results);
            string released = Path.Combine(root, "released", code);
            Ok("disclose " + code, "disclose", "--policy", "small-number-suppression", "--results", results, "--out", released, "--audit-log", Path.Combine(root, code + "-audit.log"));
            disclosures.Add(Path.Combine(released, "disclosure.json"));
        }

        string compare = Path.Combine(root, "compare");
        Ok("compare", ["compare", "--disclosures", .. disclosures, "--out", compare]);
        string compareFor = Path.Combine(root, "compare-for");
        Ok("compare --for", ["compare", "--disclosures", .. disclosures, "--for", "A81003", "--out", compareFor]);
        string first = Path.Combine(root, "records", Practices[0].Code);
        string trend = Path.Combine(root, "trend");
        Ok("trend", "trend", "--records", first, "--code-map", first + "-code-map.csv", "--indicators", "all", "--from", "2024-04-30", "--to", "2025-03-31", "--out", trend);
        string report = Path.Combine(root, "report");
        Ok("report", "report", "--records", first, "--code-map", first + "-code-map.csv", "--period-end", "2025-03-31", "--practice", Practices[0].Code, "--out", report);
        return new Built(root, compare, compareFor, trend, report, [.. disclosures], outputs);
    }
}
