using System.CommandLine;
using System.Globalization;
using QiSdk.Feedback;
using QiSdk.Reports;
using QiSdk.Reports.Html;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi compare --disclosures FILE... [--headline ID...] [--cluster-only] [--reference ID=RATE[:LABEL]...] [--for CODE]
/// [--stale-months N] [--out DIR]</c>: compares released disclosures of several practices and writes
/// <c>DIR/comparison.json</c> and <c>DIR/report.html</c>. Exit 0 written; 2 unusable arguments or input; 130 cancelled.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var disclosures = FeedbackFiles.Multi("--disclosures", "(required) disclosure.json files from 'qi disclose' (one or more per practice).", "FILE");
        var headline = FeedbackFiles.Multi("--headline", "Headline indicators for peer-review pairing (default: the four released by the most practices).", "ID");
        var clusterOnly = new Option<bool>("--cluster-only") { Description = "Cluster-level results only: the cluster against its own history and --reference rates; no practice rows, pairs or strengths." };
        var references = FeedbackFiles.Multi("--reference", "Cluster-only: a reference rate, ID=RATE[:LABEL] with RATE a fraction 0..1 (e.g. qof-dm020-hba1c-58=0.72:national).", "ID=RATE");
        var forPractice = new Option<string>("--for") { Description = "Write one practice's copy: it is named, its peers are shown as stable letters.", HelpName = "CODE" };
        var staleMonths = new Option<int>("--stale-months") { Description = "Flag practices whose latest event is older than this many months before the reference date (default 3).", DefaultValueFactory = _ => 3 };
        var outDir = FeedbackFiles.Out();
        var command = new Command("compare", "Compare practices from their released disclosures: rates with 95% intervals, exact binomial funnel limits, better/worse/as-expected, freshness, strengths, peer-review pairs; writes comparison.json and report.html.")
        {
            disclosures, headline, clusterOnly, references, forPractice, staleMonths, outDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int Fail(string message)
            {
                error.WriteLine("qi compare: " + message);
                return ExitCodes.UsageOrInputError;
            }

            string[] files = parse.GetValue(disclosures) ?? [];
            if (files.Length == 0)
            {
                return Fail("--disclosures needs at least one disclosure.json (the output of 'qi disclose').");
            }

            var refs = new List<ReferenceRate>();
            foreach (string text in parse.GetValue(references) ?? [])
            {
                if (!TryReference(text, out var reference))
                {
                    return Fail($"--reference '{text}' must be ID=RATE or ID=RATE:LABEL with RATE a fraction in 0..1 (e.g. qof-dm020-hba1c-58=0.72:national).");
                }

                refs.Add(reference);
            }

            try
            {
                var read = new List<ReleasedDisclosure>();
                foreach (string file in files)
                {
                    if (!File.Exists(file))
                    {
                        return Fail($"'{file}' does not exist.");
                    }

                    read.Add(ReleasedResults.ReadFile(file));
                }

                var comparison = ClusterComparer.Compare(read, new ComparisonOptions
                {
                    Headline = [.. parse.GetValue(headline) ?? []],
                    ClusterOnly = parse.GetValue(clusterOnly),
                    ReferenceRates = [.. refs],
                    StaleAfterMonths = parse.GetValue(staleMonths),
                }, ct);
                if (parse.GetValue(forPractice) is { } me)
                {
                    if (comparison.ClusterOnly)
                    {
                        return Fail("--for and --cluster-only cannot be combined: cluster-only results name no practice.");
                    }

                    comparison = ClusterComparer.ForPractice(comparison, me);
                }

                string dir = parse.GetValue(outDir) ?? ".";
                string json = FeedbackFiles.Write(dir, "comparison.json", s => FeedbackJson.WriteComparison(s, comparison));
                string html = FeedbackFiles.WriteText(dir, "report.html", HtmlReports.Comparison(comparison));
                foreach (var i in comparison.Indicators)
                {
                    string counts = comparison.ClusterOnly
                        ? $"{i.History.Length} period(s)"
                        : string.Join(" ", i.Practices.Select(p => $"{p.Practice}:{FeedbackJson.SignalName(p.Signal)}"));
                    await output.WriteLineAsync($"{i.IndicatorId,-56} cluster {(i.Cluster.Rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "withheld"),7}  {counts}").ConfigureAwait(false);
                }

                foreach (var pair in comparison.Pairs)
                {
                    await output.WriteLineAsync($"pair {string.Join(" + ", pair.Practices)}: {pair.Reason}").ConfigureAwait(false);
                }

                foreach (string note in comparison.Notes)
                {
                    await output.WriteLineAsync("note: " + note).ConfigureAwait(false);
                }

                if (!comparison.StalePractices.IsEmpty)
                {
                    await output.WriteLineAsync($"stale data: {string.Join(", ", comparison.StalePractices)}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"Wrote {json} and {html}.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (ReportFormatException ex)
            {
                return Fail(ex.Message);
            }
            catch (FeedbackException ex)
            {
                return Fail(ex.Message);
            }
            catch (IOException ex)
            {
                return Fail(ex.Message);
            }
            catch (UnauthorizedAccessException ex)
            {
                return Fail(ex.Message);
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("qi compare: cancelled.").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }

    private static bool TryReference(string text, out ReferenceRate reference)
    {
        reference = null!;
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return false;
        }

        string id = text[..eq], rest = text[(eq + 1)..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string rateText = colon < 0 ? rest : rest[..colon];
        string label = colon < 0 ? "reference" : rest[(colon + 1)..];
        if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate >= 0 && rate <= 1) || label.Length == 0)
        {
            return false;
        }

        reference = new ReferenceRate(id, rate, label);
        return true;
    }
}
