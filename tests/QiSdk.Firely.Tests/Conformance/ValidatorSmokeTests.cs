namespace QiSdk.Firely.Tests.Conformance;

/// <summary>The oracle itself can fail: it refuses what R4 forbids.</summary>
public sealed class ValidatorSmokeTests
{
    [Test]
    public void An_id_over_64_characters_is_an_error()
    {
        string json = $$"""{"resourceType":"Patient","id":"{{new string('a', 65)}}"}""";
        Assert.That(R4Validator.Errors(json, "test"), Is.Not.Empty);
    }

    [Test]
    public void A_measure_report_without_its_required_fields_is_an_error()
    {
        Assert.That(R4Validator.Errors("""{"resourceType":"MeasureReport","id":"x"}""", "test"), Is.Not.Empty);
    }

    [Test]
    public void An_undefined_extension_is_reported()
    {
        string json = """{"resourceType":"Patient","id":"p","extension":[{"url":"https://qisdk.org/fhir/StructureDefinition/no-such-thing","valueString":"x"}]}""";
        var issues = R4Validator.Issues(json, "test");
        TestContext.Out.WriteLine(string.Join("\n", issues));
        Assert.That(issues.Select(i => i.Text), Has.Some.Contains("no-such-thing"));
    }
}
