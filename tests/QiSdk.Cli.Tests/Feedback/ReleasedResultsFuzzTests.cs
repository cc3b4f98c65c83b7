using System.Text;
using System.Text.Json.Nodes;
using QiSdk.Feedback;
using QiSdk.Reports;

namespace QiSdk.Tests.Feedback;

/// <summary>
/// Damaged disclosures never take the host down: every mutation of real disclosure files (made by qi disclose from
/// synthetic practices) either reads and compares, or fails with a located ReportFormatException / FeedbackException.
/// </summary>
public sealed class ReleasedResultsFuzzTests
{
    [Test]
    public void Byte_level_damage_gives_only_located_report_errors()
    {
        byte[] original = File.ReadAllBytes(FeedbackCluster.Get().Disclosures[0]);
        var random = new Random(1129);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            switch (trial % 3)
            {
                case 0:
                    Array.Resize(ref bytes, random.Next(bytes.Length));
                    break;
                case 1:
                    for (int k = 0; k < 5; k++)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    }

                    break;
                default:
                    byte[] junk = Encoding.UTF8.GetBytes("\"count\": -1e99, \"x\"");
                    Array.Copy(junk, 0, bytes, random.Next(bytes.Length - junk.Length), junk.Length);
                    break;
            }

            ReadAndCompare(bytes, $"trial {trial}");
        }
    }

    [Test]
    public void Structural_damage_gives_only_located_errors()
    {
        string original = File.ReadAllText(FeedbackCluster.Get().Disclosures[1]);
        var random = new Random(2911);
        JsonNode?[] replacements = [null, 0, -5, 2.5, "text", true, new JsonArray(), new JsonObject(), new JsonArray(1, "a"), new JsonObject { ["value"] = "x" }];
        for (int trial = 0; trial < 300; trial++)
        {
            var root = JsonNode.Parse(original)!;
            var nodes = new List<(JsonNode Parent, object Key)>();
            Collect(root, nodes);
            for (int k = 0; k < 1 + (trial % 3); k++)
            {
                var (parent, key) = nodes[random.Next(nodes.Count)];
                var value = replacements[random.Next(replacements.Length)]?.DeepClone();
                try
                {
                    if (key is string name)
                    {
                        parent[name] = value;
                    }
                    else
                    {
                        parent[(int)key] = value;
                    }
                }
                catch (InvalidOperationException)
                {
                    // The node was detached by an earlier replacement in this trial.
                }
            }

            ReadAndCompare(Encoding.UTF8.GetBytes(root.ToJsonString()), $"trial {trial}");
        }
    }

    private static void ReadAndCompare(byte[] bytes, string what)
    {
        try
        {
            var disclosure = ReleasedResults.Read(new MemoryStream(bytes), "damaged.json");
            var second = ReleasedResults.ReadFile(FeedbackCluster.Get().Disclosures[2]);
            var comparison = ClusterComparer.Compare([disclosure, second]);
            using var sink = new MemoryStream();
            FeedbackJson.WriteComparison(sink, comparison);
            _ = QiSdk.Reports.Html.HtmlReports.Comparison(comparison);
        }
        catch (ReportFormatException ex)
        {
            Assert.That(ex.File, Is.EqualTo("damaged.json"), what);
            Assert.That(ex.Code, Does.StartWith("QI5"), what);
        }
        catch (FeedbackException ex)
        {
            Assert.That(ex.Code, Does.StartWith("QI51"), what);
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> into)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                into.Add((obj, name));
                if (child is not null)
                {
                    Collect(child, into);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                into.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, into);
                }
            }
        }
    }
}
