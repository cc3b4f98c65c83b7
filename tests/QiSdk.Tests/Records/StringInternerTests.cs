using System.Text;
using System.Text.Json;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

public sealed class StringInternerTests
{
    private static string InternJson(StringInterner interner, string jsonString)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(jsonString));
        reader.Read();
        return interner.Intern(ref reader);
    }

    [Test]
    public void Escaped_and_unescaped_forms_of_one_value_share_one_instance()
    {
        var interner = new StringInterner();

        string plain = InternJson(interner, "\"xé-code\"");
        string escaped = InternJson(interner, "\"x\\u00e9-\\u0063ode\"");

        Assert.That(plain, Is.EqualTo("xé-code"));
        Assert.That(ReferenceEquals(plain, escaped), Is.True);
    }

    [Test]
    public void Many_distinct_values_survive_growth_and_stay_distinct()
    {
        var interner = new StringInterner();
        var first = Enumerable.Range(0, 5000).Select(i => InternJson(interner, $"\"http://example.org/code/{i}/same-tail\"")).ToList();
        var second = Enumerable.Range(0, 5000).Select(i => InternJson(interner, $"\"http://example.org/code/{i}/same-tail\"")).ToList();

        Assert.That(first.Distinct().Count(), Is.EqualTo(5000));
        Assert.That(first.Zip(second).All(p => ReferenceEquals(p.First, p.Second)), Is.True);
        Assert.That(first[1234], Is.EqualTo("http://example.org/code/1234/same-tail"));
    }

    [Test]
    public void Values_that_share_length_head_and_tail_are_told_apart()
    {
        var interner = new StringInterner();

        string a = InternJson(interner, "\"abcdefgh-XXXXXXX-Y-ijklmnop\"");
        string b = InternJson(interner, "\"abcdefgh-XXXXXXX-Z-ijklmnop\"");

        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(InternJson(interner, "\"abcdefgh-XXXXXXX-Z-ijklmnop\""), Is.SameAs(b));
    }

    [Test]
    public void Long_values_are_interned_too()
    {
        var interner = new StringInterner();
        string text = new('d', 1000);

        string first = InternJson(interner, $"\"{text}\"");
        string second = InternJson(interner, $"\"{text}\"");

        Assert.That(second, Is.SameAs(first));
    }
}
