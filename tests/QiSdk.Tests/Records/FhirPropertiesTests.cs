using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

public sealed class FhirPropertiesTests
{
    [Test]
    public void Every_known_property_name_is_recognised()
    {
        foreach (var property in Enum.GetValues<FhirProperty>().Where(p => p != FhirProperty.Unknown))
        {
            string name = char.ToLowerInvariant(property.ToString()[0]) + property.ToString()[1..];
            Assert.That(FhirProperties.Identify(Encoding.UTF8.GetBytes(name)), Is.EqualTo(property), name);
        }
    }

    [TestCase("")]
    [TestCase("cod")]
    [TestCase("codes")]
    [TestCase("Code")]
    [TestCase("cade")]
    [TestCase("tyxe")]
    [TestCase("resourceTypo")]
    [TestCase("meta")]
    [TestCase("encounters")]
    [TestCase("evens")]
    [TestCase("dare")]
    public void Other_names_are_unknown(string name)
    {
        Assert.That(FhirProperties.Identify(Encoding.UTF8.GetBytes(name)), Is.EqualTo(FhirProperty.Unknown));
    }

    [Test]
    public void Property_set_remembers_every_property_once_and_no_other()
    {
        // Every value the enum can name, across both 64-bit halves: the first Add of each is new, the second a repeat,
        // and adding one never marks another (checked against an independent set).
        var all = Enum.GetValues<FhirProperty>();
        Assert.That(all.Max(p => (int)p), Is.GreaterThan(64), "the set's second half is exercised");
        var set = default(FhirPropertySet);
        var added = new HashSet<FhirProperty>();
        foreach (var property in all.Reverse().Concat(all))
        {
            Assert.That(set.Add(property), Is.EqualTo(added.Add(property)), property.ToString());
            foreach (var other in all)
            {
                var probe = set;
                Assert.That(probe.Add(other), Is.EqualTo(!added.Contains(other)), $"{property} then {other}");
            }
        }
    }
}
