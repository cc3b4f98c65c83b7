using System.Collections.Immutable;
using QiSdk.Indicators;

namespace QiSdk.Tests.Indicators;

/// <summary>The <c>hostCodeSets</c> declaration: what it allows (a missing declared set), and what it still refuses.</summary>
public sealed class HostCodeSetFormatTests
{
    private static string Definition(string hostCodeSets, string usedSet = "HOST_SET", string inline = "") => $$$"""
        {
          "url": "https://example.org/Measure/host-set-test", "id": "host-set-test", "version": "1.0.0", "title": "t",
          "kind": "process", "improvement": "increase",
          {{{inline}}}
          "hostCodeSets": {{{hostCodeSets}}},
          "rules": [
            {"name": "d", "select": ["initial-population", "denominator"], "continue": true},
            {"name": "n", "when": {"exists": {"codeSets": ["{{{usedSet}}}"]}}, "select": ["numerator"]}
          ]
        }
        """;

    private static ImmutableArray<DefinitionError> Errors(string json)
    {
        IndicatorDefinitionJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), "test.json", _ => false, out _, out var errors);
        return errors;
    }

    [Test]
    public void A_declared_host_set_missing_from_the_catalogue_is_not_an_unknown_code_set() =>
        Assert.That(Errors(Definition("""[{"name": "HOST_SET", "description": "what and why"}]""")), Is.Empty);

    [Test]
    public void An_undeclared_missing_set_is_still_QI3010() =>
        Assert.That(Errors(Definition("""[{"name": "HOST_SET", "description": "what and why"}]""", usedSet: "OTHER_SET")).Select(e => e.Code),
            Is.EqualTo(new[] { QiErrorCodes.Indicators.UnknownCodeSet }));

    [Test]
    public void A_host_set_without_a_description_is_QI3004() =>
        Assert.That(Errors(Definition("""[{"name": "HOST_SET", "description": ""}]""")).Select(e => (e.Code, e.JsonPath)),
            Does.Contain((QiErrorCodes.Indicators.Missing, "$.hostCodeSets[0].description")));

    [Test]
    public void A_name_both_inline_and_host_supplied_is_QI3008() =>
        Assert.That(Errors(Definition("""[{"name": "HOST_SET", "description": "d"}]""", inline: """ "codeSets": [{"name": "HOST_SET", "codes": [{"system": "http://loinc.org", "code": "4548-4"}]}], """)).Select(e => e.Code),
            Does.Contain(QiErrorCodes.Indicators.Duplicate));

    [Test]
    public void The_declaration_survives_write_and_read()
    {
        var d = IndicatorDefinitionJson.Parse(Definition("""[{"name": "HOST_SET", "description": "what and why"}]"""));

        var again = IndicatorDefinitionJson.Parse(IndicatorDefinitionJson.Write(d));

        Assert.That(again.HostCodeSets, Is.EqualTo(new[] { new HostCodeSet("HOST_SET", "what and why") }));
    }
}

/// <summary>Publishing the catalogue as FHIR (<c>qi indicators --fhir</c>) with and without a host-supplied set.</summary>
public sealed class HostCodeSetPublishTests
{
    [Test]
    public void An_unsupplied_host_set_gets_no_ValueSet_and_does_not_stop_publishing()
    {
        var resources = QiSdk.Reports.FhirCatalogueWriter.Publish(IndicatorCatalogue.BuiltIn().Definitions, QiSdk.Codes.BuiltInCodeSets.Load());

        Assert.That(resources.Any(r => r.ResourceType == "Measure" && r.Url.EndsWith("/qof-chol003-cvd-statin", StringComparison.Ordinal)), Is.True);
        Assert.That(resources.Any(r => r.ResourceType == "ValueSet" && r.Url.EndsWith("/NONSTATIN_LLT_DMD", StringComparison.Ordinal)), Is.False);
        Assert.That(resources.Any(r => r.ResourceType == "ValueSet" && r.Url.EndsWith("/STATINTOL_COD", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void A_supplied_host_set_is_published_like_any_catalogue_set()
    {
        // TEST-ONLY fictitious local code.
        var supplied = QiSdk.Codes.CodeSet.Create("NONSTATIN_LLT_DMD", [new QiSdk.Codes.CodeSetMember("http://example.org/test-local-drugs", "TEST-ONLY-EZETIMIBE-10MG")]);

        var resources = QiSdk.Reports.FhirCatalogueWriter.Publish(IndicatorCatalogue.BuiltIn().Definitions, [.. QiSdk.Codes.BuiltInCodeSets.Load(), supplied]);

        Assert.That(resources.Any(r => r.ResourceType == "ValueSet" && r.Url.EndsWith("/NONSTATIN_LLT_DMD", StringComparison.Ordinal)), Is.True);
    }
}
