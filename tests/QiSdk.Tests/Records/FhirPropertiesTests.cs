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
}
