using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using QiSdk.Records;

namespace QiSdk.Firely.Tests.Records;

/// <summary>
/// Mutation test: seeded byte and structure mutations of real fixture files (bounded in count and time), each read by
/// our reader and parsed by Firely. No resource may be kept by one and dropped by the other without a problem: when
/// Firely keeps a patient or event our reader lacks, our reader must have reported a problem about that resource or
/// its document; when our reader keeps one Firely lacks, Firely must have complained.
/// </summary>
public sealed class ReaderMutationTests
{
    private const int Mutations = 2000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Test]
    public async System.Threading.Tasks.Task No_mutated_resource_is_kept_by_one_reader_and_silently_dropped_by_the_other()
    {
        var files = Directory.GetFiles(TestPaths.Fixtures, "*.json", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length < 150_000 && !f.EndsWith("oracle-results.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.That(files, Has.Length.GreaterThan(20));
        var random = new Random(20261129);
        var silent = new List<string>();
        var clock = Stopwatch.StartNew();
        int done = 0;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        while (done < Mutations && clock.Elapsed < Budget)
        {
            string file = files[random.Next(files.Length)];
            var (kind, text) = Mutate(File.ReadAllText(file), random);
            string category = kind.Split(" at ")[0].Split(" of ")[0];
            kinds[category] = kinds.GetValueOrDefault(category) + 1;
            done++;
            string where = $"{Path.GetFileName(file)} after {kind}";

            var ours = await new FhirRecordReader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "mutant.json", FhirInputFormat.Json);
            var (resource, issues) = FirelyParse.Parse(text);
            var theirs = resource is null ? null : new FirelyPatientRecordSource([resource], "mutant.json").Read();
            var ourKeys = Keys(ours);
            var theirKeys = theirs is null ? [] : Keys(theirs);

            foreach (var key in theirKeys.Except(ourKeys))
            {
                // A problem about that resource, or about its document: malformed or truncated JSON loses the rest of the
                // document after the error (reported once, at the error), as docs/reading-fhir.md says.
                bool reported = ours.Problems.Any(p => p.ResourceId is null || key.EndsWith("/" + p.ResourceId, StringComparison.Ordinal)
                    || p.Code is ReaderErrors.MalformedJson or ReaderErrors.TruncatedJson);
                if (!reported)
                {
                    silent.Add($"{where}: Firely keeps {key}; our reader drops it without a problem");
                }
            }

            foreach (var key in ourKeys.Except(theirKeys))
            {
                bool reported = issues.Count > 0 || (theirs?.Problems.Length ?? 0) > 0;
                if (!reported)
                {
                    silent.Add($"{where}: our reader keeps {key}; Firely drops it without a complaint");
                }
            }
        }

        TestContext.Out.WriteLine($"{done} mutations in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", kinds.Select(kv => kv.Key + " " + kv.Value))}");
        Assert.Multiple(() =>
        {
            Assert.That(done, Is.GreaterThanOrEqualTo(100), "too few mutations ran within the time budget to mean anything");
            Assert.That(silent, Is.Empty, string.Join("\n", silent.Take(20)));
        });
    }

    private static HashSet<string> Keys(FhirReadResult result)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in result.Patients)
        {
            keys.Add("Patient/" + p.Id);
            foreach (var e in p.Events)
            {
                keys.Add($"{e.Kind}/{e.Id}");
            }
        }

        return keys;
    }

    private static (string Kind, string Text) Mutate(string json, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                int at = random.Next(bytes.Length);
                byte was = bytes[at];
                bytes[at] = (byte)random.Next(32, 127);
                return ($"byte change at {at} of '{(char)was}' to '{(char)bytes[at]}'", Encoding.UTF8.GetString(bytes));
            }

            case 1:
                return ("truncation", json[..random.Next(json.Length)]);
            default:
            {
                var root = JsonNode.Parse(json)!;
                var nodes = new List<JsonNode>();
                Collect(root, nodes);
                var target = nodes[random.Next(nodes.Count)];
                if (target.Parent is null)
                {
                    return ("none", json);
                }

                int choice = random.Next(4);
                JsonNode? replacement = choice switch
                {
                    0 => null,
                    1 => JsonValue.Create(42),
                    2 => JsonValue.Create(new[] { "2024-13-45", "", "Patient/", "x", "2019-02-30T10:00:00Z" }[random.Next(5)]),
                    _ => new JsonObject(),
                };
                string kind;
                if (choice == 0)
                {
                    kind = "removal of " + target.GetPath();
                    if (target.Parent is JsonObject parentObject)
                    {
                        parentObject.Remove(target.GetPropertyName());
                    }
                    else if (target.Parent is JsonArray parentArray)
                    {
                        parentArray.Remove(target);
                    }
                }
                else
                {
                    kind = "new value at " + target.GetPath();
                    target.ReplaceWith(replacement);
                }

                return (kind.Length > 60 ? kind[..60] : kind, root.ToJsonString());
            }
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }
}
