using System.CommandLine;
using System.Globalization;
using QiSdk.Synthetic;

namespace QiSdk.Cli.Commands;

/// <summary>
/// <c>qi synth --patients N [--seed S] [--out DIR] [--format ndjson|ndjson-gz|bundle] [--reference-date YYYY-MM-DD]
/// [--errors N] [--practice-code CODE] [--bundle-type collection|transaction] [--single-bundle]</c>: writes a synthetic
/// practice as FHIR R4 files (renamed into place when complete) plus its code map beside the folder
/// (<c>DIR-code-map.csv</c>), and prints what it wrote.
/// </summary>
internal static class SynthCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var patients = new Option<int>("--patients", "-n") { Description = "Number of registered patients.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Seed of the deterministic generator (same seed, same bytes).", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (created if missing).", DefaultValueFactory = _ => "synthetic-practice" };
        var format = new Option<string>("--format") { Description = "ndjson (one file per resource type), ndjson-gz, or bundle (one Bundle per patient).", DefaultValueFactory = _ => "ndjson" };
        var referenceDate = new Option<string?>("--reference-date") { Description = "The audit reference date R the history is built around, YYYY-MM-DD (default 2025-03-31)." };
        var errors = new Option<int>("--errors") { Description = "Number of deliberately bad records to add (malformed JSON, missing resourceType, invalid date, unknown patient)." };
        var practiceCode = new Option<string>("--practice-code") { Description = "The practice's ODS-style code.", DefaultValueFactory = _ => "Y99001" };
        var bundleType = new Option<string>("--bundle-type") { Description = "For --format bundle: collection or transaction.", DefaultValueFactory = _ => "collection" };
        var singleBundle = new Option<bool>("--single-bundle") { Description = "For --format bundle: one bundle.json for the whole practice." };

        var command = new Command("synth", "Write a synthetic practice (FHIR R4 NDJSON or Bundles) and its code map.")
        {
            patients, seed, output, format, referenceDate, errors, practiceCode, bundleType, singleBundle,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            SyntheticOutputFormat? fmt = parseResult.GetValue(format) switch
            {
                "ndjson" => SyntheticOutputFormat.Ndjson,
                "ndjson-gz" => SyntheticOutputFormat.NdjsonGzip,
                "bundle" => SyntheticOutputFormat.Bundle,
                _ => null,
            };
            if (fmt is null)
            {
                stderr.WriteLine($"qi synth: --format '{parseResult.GetValue(format)}' is not one of ndjson, ndjson-gz, bundle.");
                return Task.FromResult(ExitCodes.UsageOrInputError);
            }

            SyntheticBundleType? type = parseResult.GetValue(bundleType) switch
            {
                "collection" => SyntheticBundleType.Collection,
                "transaction" => SyntheticBundleType.Transaction,
                _ => null,
            };
            if (type is null)
            {
                stderr.WriteLine($"qi synth: --bundle-type '{parseResult.GetValue(bundleType)}' is not one of collection, transaction.");
                return Task.FromResult(ExitCodes.UsageOrInputError);
            }

            var options = new SyntheticPracticeOptions
            {
                Patients = parseResult.GetValue(patients),
                Seed = parseResult.GetValue(seed),
                Errors = parseResult.GetValue(errors),
                PracticeCode = parseResult.GetValue(practiceCode) ?? string.Empty,
            };
            if (parseResult.GetValue(referenceDate) is { } rd)
            {
                if (!DateOnly.TryParseExact(rd, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var r))
                {
                    stderr.WriteLine($"qi synth: --reference-date '{rd}' is not a date (expected YYYY-MM-DD).");
                    return Task.FromResult(ExitCodes.UsageOrInputError);
                }

                options = options with { ReferenceDate = r };
            }

            string dir = parseResult.GetValue(output) ?? "synthetic-practice";
            try
            {
                var result = SyntheticPractice.Export(
                    options,
                    new SyntheticExportOptions { Directory = dir, Format = fmt.Value, BundleType = type.Value, SingleBundle = parseResult.GetValue(singleBundle) },
                    cancellationToken);
                Print(stdout, options, result);
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine("qi synth: " + ex.Message);
                return Task.FromResult(ExitCodes.UsageOrInputError);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"qi synth: cannot write to '{dir}': {ex.Message}");
                return Task.FromResult(ExitCodes.UsageOrInputError);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("qi synth: cancelled.");
                return Task.FromResult(ExitCodes.Cancelled);
            }
        });

        return command;
    }

    private static void Print(TextWriter output, SyntheticPracticeOptions options, SyntheticExportResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"Synthetic practice {options.PracticeCode}: {result.Patients} patients, seed {options.Seed}, reference date {options.ReferenceDate:yyyy-MM-dd}, written to {result.Directory}"));
        int shown = 0;
        const int MaxListed = 12;
        foreach (var file in result.Files)
        {
            if (shown++ < MaxListed || file.ResourceType is not null || file.Path == result.CodeMapPath)
            {
                string what = file.Path == result.CodeMapPath ? "code map rows" : file.ResourceType is null ? "entries" : "resources";
                output.WriteLine(string.Create(inv, $"  {Path.GetFileName(file.Path),-28} {file.Resources,10:N0} {what,-13} {file.Bytes,14:N0} bytes"));
            }
        }

        if (result.Files.Length > MaxListed + 1 && result.Format == SyntheticOutputFormat.Bundle)
        {
            output.WriteLine(string.Create(inv, $"  ... {result.Files.Length:N0} files in all"));
        }

        output.WriteLine("Resources: " + string.Join(", ", result.ResourceCounts.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value:N0}"))));
        if (!result.InjectedErrors.IsEmpty)
        {
            output.WriteLine(string.Create(inv, $"Injected {result.InjectedErrors.Length} bad records:"));
            foreach (var e in result.InjectedErrors)
            {
                string where = Path.GetFileName(e.File) + (e.Line is { } l ? string.Create(inv, $":line {l}") : string.Empty)
                    + (e.Entry is { } n ? string.Create(inv, $":entry {n}") : string.Empty);
                output.WriteLine($"  {where}  {e.Kind}  {e.Description}");
            }
        }
    }
}
