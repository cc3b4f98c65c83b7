using QiSdk.Codes;
using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Indicators.Criteria;
using static QiSdk.Tests.Indicators.PatientFactory;

namespace QiSdk.Tests.Codes;

/// <summary>Code sets named by a canonical url and also by an alias (an eCQM ValueSet's computable name).</summary>
public sealed class CodeSetAliasTests
{
    private const string DiabetesUrl = "http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.103.12.1001";

    private static CodeSet Diabetes => CodeSet.Create(DiabetesUrl, [new CodeSetMember(CodeSystems.SnomedCt, "44054006")]).WithAliases(["Diabetes"]);

    [Test]
    public void An_alias_resolves_to_the_same_index_as_the_name()
    {
        var t = Terminology.Create([CodeSet.Create("HYP", [new CodeSetMember(CodeSystems.SnomedCt, "38341003")]), Diabetes]);
        Assert.That(t.TryGetCodeSetIndex(DiabetesUrl, out int byUrl), Is.True);
        Assert.That(t.TryGetCodeSetIndex("Diabetes", out int byName), Is.True);
        Assert.That(byName, Is.EqualTo(byUrl).And.EqualTo(1));
        Assert.That(t.CodeSetNames, Is.EqualTo(new[] { "HYP", DiabetesUrl }), "the alias is not a second set");
    }

    [Test]
    public void A_name_wins_over_another_sets_alias_so_existing_definitions_keep_their_meaning()
    {
        var builtIn = CodeSet.Create("Diabetes", [new CodeSetMember(CodeSystems.SnomedCt, "73211009")]);
        var t = Terminology.Create([builtIn, Diabetes]);
        Assert.That(t.TryGetCodeSetIndex("Diabetes", out int i) && i == 0, Is.True);
        Assert.That(t.DescribeAmbiguousName("Diabetes"), Is.Null);
    }

    [Test]
    public void An_alias_two_sets_carry_resolves_to_neither_and_is_described_with_both_names()
    {
        var other = CodeSet.Create("https://example.org/ValueSet/diabetes", [new CodeSetMember(CodeSystems.SnomedCt, "73211009")], null, "local.json").WithAliases(["Diabetes"]);
        var t = Terminology.Create([Diabetes, other]);
        Assert.That(t.TryGetCodeSetIndex("Diabetes", out _), Is.False);
        Assert.That(t.DescribeAmbiguousName("Diabetes"), Does.Contain(DiabetesUrl).And.Contain("https://example.org/ValueSet/diabetes").And.Contain("local.json"));

        var definition = Definition(Exists(Events("Diabetes")));
        var ex = Assert.Throws<IndicatorDefinitionException>(() => new IndicatorEngine(t).Compile([definition], new MeasurementPeriod(new DateOnly(2025, 3, 31))));
        Assert.That(ex!.Errors.Select(e => e.Code), Is.EqualTo(new[] { QiErrorCodes.Indicators.AmbiguousCodeSet }));
        Assert.That(ex.Errors[0].JsonPath, Does.StartWith("$.rules[1]"));
    }

    [Test]
    public void One_definition_naming_a_set_both_ways_matches_it_under_both_names()
    {
        var t = Terminology.Create([Diabetes]);
        var definition = Definition(All(Exists(Events("Diabetes")), Exists(Events(DiabetesUrl))));
        var set = new IndicatorEngine(t).Compile([definition], new MeasurementPeriod(new DateOnly(2025, 3, 31)));
        var withDiabetes = Patient("1950-01-01", AdministrativeGender.Female, Condition("44054006", "2020-01-01"));
        var without = Patient("1950-01-01", AdministrativeGender.Female, Condition("38341003", "2020-01-01"));
        var result = set.Evaluate([withDiabetes with { Id = "a" }, without with { Id = "b" }], new DataQualityLog()).Single();
        Assert.That(result.Summary.Counts.Numerator, Is.EqualTo(1));
        Assert.That(result.Patients.Single(p => p.PatientId == "a").Populations.HasFlag(PopulationMembership.Numerator), Is.True);
    }

    [Test]
    public void Value_set_json_keeps_the_url_as_name_and_the_computable_name_as_alias()
    {
        using var stream = new MemoryStream("""{"resourceType":"ValueSet","id":"x","url":"https://example.org/ValueSet/x","name":"MyCodes","compose":{"include":[{"system":"http://snomed.info/sct","concept":[{"code":"44054006"}]}]}}"""u8.ToArray());
        var set = ValueSetJson.Read(stream, "x.json").Single();
        Assert.That(set.Name, Is.EqualTo("https://example.org/ValueSet/x"));
        Assert.That(set.Aliases, Is.EqualTo(new[] { "MyCodes" }));
    }

    private static IndicatorDefinition Definition(Criterion numerator) =>
        IndicatorBuilder.Create("alias-test", "https://example.org/Measure/alias-test").Title("alias test")
            .Select("denominator", [MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator], continueAfter: true)
            .Select("numerator", [MeasurePopulation.Numerator], numerator)
            .Build();
}
