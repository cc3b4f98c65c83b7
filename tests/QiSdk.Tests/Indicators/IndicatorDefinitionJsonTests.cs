using QiSdk.Codes.Units;
using QiSdk.Indicators;
using QiSdk.Records;
using static QiSdk.Indicators.Criteria;

namespace QiSdk.Tests.Indicators;

public sealed class IndicatorDefinitionJsonTests
{
    private const string Minimal = """
        {
          "url": "https://example.org/Measure/x-test",
          "id": "x-test",
          "version": "1",
          "title": "Test",
          "kind": "process",
          "improvement": "increase",
          "rules": [ { "name": "all", "select": ["initial-population", "denominator"] } ]
        }
        """;

    [Test]
    public void Builder_and_json_produce_the_same_definition_for_pincer_a()
    {
        var fromJson = IndicatorCatalogue.BuiltIn().Get("pincer-a-nsaid-65-no-gastroprotection");
        var prescribed = new[] { ResourceKind.MedicationRequest, ResourceKind.MedicationStatement };
        var built = IndicatorBuilder.Create(fromJson.Id, fromJson.Url)
            .Version(fromJson.Version).Title(fromJson.Title).Description(fromJson.Description).Process().Decrease()
            .RejectUnless("population-base", PopulationBase())
            .RejectUnless("aged-65-or-over", Age(atLeast: 65))
            .Select("initial-population", [MeasurePopulation.InitialPopulation], continueAfter: true)
            .RejectWhen("gastroprotected", Exists(Events("PINCER_PPI").Within(EventWindow.Months(3)).OfKind(prescribed)), fromJson.Rules[3].Description)
            .Select("denominator", [MeasurePopulation.Denominator], continueAfter: true)
            .Select("nsaid-prescribed", [MeasurePopulation.Numerator], Exists(Events("PINCER_NSAID").Within(EventWindow.Months(3)).OfKind(prescribed)), description: fromJson.Rules[5].Description)
            .Reference(fromJson.References[0]).Reference(fromJson.References[1])
            .Build();

        Assert.That(IndicatorDefinitionJson.Write(built), Is.EqualTo(IndicatorDefinitionJson.Write(fromJson)));
    }

    [Test]
    public void Every_built_in_definition_round_trips_through_json()
    {
        foreach (var d in IndicatorCatalogue.BuiltIn().Definitions)
        {
            string json = IndicatorDefinitionJson.Write(d);
            var again = IndicatorDefinitionJson.Parse(json, d.Id + ".json");
            Assert.That(IndicatorDefinitionJson.Write(again), Is.EqualTo(json), d.Id);
        }
    }

    [Test]
    public void Built_in_file_names_match_their_ids()
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "src", "QiSdk", "Resources", "Indicators");
        var files = Directory.GetFiles(dir, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.That(IndicatorCatalogue.BuiltIn().Definitions.Select(d => d.Id), Is.EqualTo(files));
    }

    [Test]
    public void Minimal_definition_parses()
    {
        var d = IndicatorDefinitionJson.Parse(Minimal);
        Assert.That(d.Rules.Single().Populations, Is.EqualTo(new[] { MeasurePopulation.InitialPopulation, MeasurePopulation.Denominator }));
    }

    [Test]
    public void Every_problem_is_reported_at_once_with_its_json_path()
    {
        const string json = """
            {
              "url": "https://example.org/Measure/other",
              "id": "Bad Id",
              "version": "1",
              "kind": "proces",
              "improvement": "increase",
              "measurements": [ { "name": "hba1c", "codeSets": ["X"], "unit": "mmol/L", "analyte": "hba1c" } ],
              "rules": [
                { "name": "r1", "when": { "age": { "atLeast": 80, "atMost": 70 } }, "reject": true },
                { "name": "r1", "when": { "reading": { "measurement": "hbA1c", "atMost": 58 } }, "select": ["numerator"] },
                { "name": "r3", "when": { "exists": { "codeSets": ["X"], "window": { "month": 12 } } }, "select": ["numerator"] },
                { "name": "r4", "when": { "exists": { "codeSets": [] }, "age": { "atLeast": 1 } }, "select": [] }
              ]
            }
            """;
        var ex = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionJson.Parse(json, "bad.json"))!;
        var found = ex.Errors.Select(e => (e.Code, e.JsonPath)).ToList();
        TestContext.Out.WriteLine(ex.Message);
        Assert.That(found, Does.Contain(("QI3004", "$.title")));
        Assert.That(found, Does.Contain(("QI3005", "$.kind")));
        Assert.That(found, Does.Contain(("QI3002", "$.rules[2].when.exists.window.month")));
        Assert.That(found, Does.Contain(("QI3006", "$.rules[3].when")));
        Assert.That(ex.Errors.All(e => e.File == "bad.json"), Is.True);
    }

    [Test]
    public void Semantic_problems_are_reported_together_with_paths()
    {
        const string json = """
            {
              "url": "https://example.org/Measure/other",
              "id": "Bad Id",
              "version": "1",
              "title": "t",
              "kind": "process",
              "improvement": "increase",
              "measurements": [ { "name": "hba1c", "codeSets": ["X"], "unit": "mmol/L", "analyte": "hba1c" } ],
              "rules": [
                { "name": "r1", "when": { "age": { "atLeast": 80, "atMost": 70 } }, "reject": true },
                { "name": "r1", "when": { "reading": { "measurement": "hbA1c", "atMost": 58 } }, "select": ["numerator"] },
                { "name": "r3", "when": { "exists": { "codeSets": ["NOPE"], "window": { "months": 0 } } }, "select": ["numerator"] }
              ]
            }
            """;
        var ex = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionJson.Parse(json, "bad.json", name => name == "X"))!;
        var found = ex.Errors.Select(e => (e.Code, e.JsonPath)).ToList();
        TestContext.Out.WriteLine(ex.Message);
        Assert.That(found, Is.EquivalentTo(new[]
        {
            ("QI3007", "$.id"),
            ("QI3007", "$.url"),
            ("QI3012", "$.measurements[0].unit"),
            ("QI3013", "$.rules[0].when.age"),
            ("QI3008", "$.rules[1].name"),
            ("QI3011", "$.rules[1].when.reading.measurement"),
            ("QI3010", "$.rules[2].when.exists.codeSets[0]"),
            ("QI3005", "$.rules[2].when.exists.window"),
        }));
        Assert.That(ex.Errors.All(e => e.IndicatorId == "Bad Id"), Is.True);
    }

    [Test]
    public void Malformed_json_reports_line()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionJson.Parse("{\n \"id\": \"x\",\n \"url\" \n}", "broken.json"))!;
        Assert.That(ex.Errors.Single().Code, Is.EqualTo("QI3001"));
        Assert.That(ex.Errors.Single().Line, Is.EqualTo(4), "the closing brace on line 4 is where a colon was expected");
    }

    [Test]
    public void Builder_rejects_invalid_definition_with_every_problem()
    {
        var ex = Assert.Throws<IndicatorDefinitionException>(() => IndicatorBuilder.Create("ok-id", "https://example.org/ok-id")
            .Measurement("chol", "mg/dL", Analyte.Cholesterol, "CHOL")
            .Select("n", [], Age(atLeast: 1))
            .Build())!;
        Assert.That(ex.Errors.Select(e => e.Code), Is.EquivalentTo(new[] { "QI3004", "QI3012", "QI3014" }));
    }

    [Test]
    public void Unknown_code_set_is_reported_at_compile_time()
    {
        var d = IndicatorDefinitionJson.Parse(Minimal) with
        {
            Rules = [new IndicatorRule { Name = "x", Action = RuleAction.Select, Populations = [MeasurePopulation.Numerator], When = Exists(Events("NOT_A_SET")) }],
        };
        var ex = Assert.Throws<IndicatorDefinitionException>(() => new IndicatorEngine(new TestMatcher()).Compile([d], new MeasurementPeriod(new DateOnly(2024, 1, 1))))!;
        Assert.That(ex.Errors.Single().Code, Is.EqualTo("QI3010"));
        Assert.That(ex.Errors.Single().JsonPath, Is.EqualTo("$.rules[0].when.exists.codeSets[0]"));
    }

    [Test]
    public void Period_window_without_period_start_is_reported()
    {
        var d = IndicatorDefinitionJson.Parse(Minimal) with
        {
            Rules = [new IndicatorRule { Name = "x", Action = RuleAction.Select, Populations = [MeasurePopulation.Numerator], When = Exists(Events("A").Within(EventWindow.Period)) }],
        };
        var matcher = new TestMatcher().Add("A", TestMatcher.Snomed, "1");
        var ex = Assert.Throws<IndicatorDefinitionException>(() => new IndicatorEngine(matcher).Compile([d], new MeasurementPeriod(new DateOnly(2024, 1, 1))))!;
        Assert.That(ex.Errors.Single().Code, Is.EqualTo("QI3015"));
    }

    [Test]
    public void Schema_lists_exactly_the_criterion_kinds_the_reader_accepts()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "schemas", "indicator-definition.schema.json")));
        var kinds = schema.RootElement.GetProperty("$defs").GetProperty("criterion").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.That(kinds, Is.EqualTo(new[] { "age", "all", "anchored", "any", "compareDates", "count", "earliest", "exists", "latest", "not", "notDone", "populationBase", "reading", "register", "score", "sex", "together" }));
        foreach (string kind in kinds)
        {
            string json = Minimal.Replace("\"name\": \"all\",", $"\"name\": \"all\", \"when\": {{ \"{kind}\": 1 }},", StringComparison.Ordinal);
            var ex = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionJson.Parse(json))!;
            Assert.That(ex.Errors.Select(e => e.Code), Does.Not.Contain("QI3006"), kind + " must be a known kind");
        }
    }
}

/// <summary>The built-in catalogue against the shipped code sets (names must line up with the codes stage).</summary>
public sealed class BuiltInCatalogueTests
{
    [Test]
    public void Every_built_in_indicator_compiles_against_the_built_in_code_sets()
    {
        var terminology = QiSdk.Codes.Terminology.Create(QiSdk.Codes.BuiltInCodeSets.Load());
        Assert.DoesNotThrow(() => new IndicatorEngine(terminology).Compile(IndicatorCatalogue.BuiltIn().Definitions, new MeasurementPeriod(new DateOnly(2025, 3, 31), new DateOnly(2024, 4, 1))));
    }

    [Test]
    public void Reference_indicators_agree_between_built_in_code_sets_and_the_reference_lists_on_a_synthetic_practice()
    {
        var patients = QiSdk.Synthetic.SyntheticPractice.GenerateAll(new QiSdk.Synthetic.SyntheticPracticeOptions { Patients = 2000, Seed = 11, CodingMix = QiSdk.Synthetic.CodingMix.Default });
        var period = new MeasurementPeriod(new DateOnly(2025, 3, 31));
        var ids = new[] { "qof-dm020-hba1c-58", "qof-hyp008-bp-140-90", "pincer-a-nsaid-65-no-gastroprotection" };
        var defs = ids.Select(IndicatorCatalogue.BuiltIn().Get).ToList();
        var real = new IndicatorEngine(QiSdk.Codes.Terminology.Create(QiSdk.Codes.BuiltInCodeSets.Load())).Compile(defs, period).Evaluate(patients, new DataQualityLog());
        foreach (var r in real)
        {
            TestContext.Out.WriteLine($"{r.Summary.IndicatorId}: {r.Summary.Counts}");
            Assert.That(r.Summary.Counts.InitialPopulation, Is.GreaterThan(0), r.Summary.IndicatorId);
            Assert.That(r.Summary.Counts.Numerator, Is.GreaterThan(0), r.Summary.IndicatorId);
        }
    }
}
