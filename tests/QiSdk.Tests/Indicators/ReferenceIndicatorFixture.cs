using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators;

/// <summary>Shared set-up for the reference indicator tests: the built-in catalogue compiled against the real code sets.</summary>
public abstract class ReferenceIndicatorFixture
{
    protected const PopulationMembership None = PopulationMembership.None;
    protected const PopulationMembership Ip = PopulationMembership.InitialPopulation;
    protected const PopulationMembership Denominator = PopulationMembership.InitialPopulation | PopulationMembership.Denominator;
    protected const PopulationMembership Numerator = Denominator | PopulationMembership.Numerator;
    protected const PopulationMembership Excluded = Denominator | PopulationMembership.DenominatorExclusion;
    protected const PopulationMembership Excepted = Denominator | PopulationMembership.DenominatorException;

    private static readonly Lazy<TestMatcher> SharedMatcher = new(TestMatcher.FromReference);
    private static readonly Lazy<IndicatorCatalogue> SharedCatalogue = new(IndicatorCatalogue.BuiltIn);

    protected abstract string IndicatorId { get; }

    internal static TestMatcher Matcher => SharedMatcher.Value;

    internal static IndicatorCatalogue Catalogue => SharedCatalogue.Value;

    protected DataQualityLog Log { get; private set; } = new();

    [SetUp]
    public void NewLog() => Log = new DataQualityLog();

    protected PopulationMembership Evaluate(string referenceDate, PatientRecord patient)
    {
        var set = new IndicatorEngine(Matcher).Compile([Catalogue.Get(IndicatorId)], new MeasurementPeriod(DateOnly.Parse(referenceDate, System.Globalization.CultureInfo.InvariantCulture)));
        var result = set.Evaluate([patient], Log).Single();
        var membership = result.Patients.SingleOrDefault()?.Populations ?? PopulationMembership.None;
        var explanation = set.Explain(patient).Single();
        Assert.That(explanation.Populations, Is.EqualTo(membership), "explanation and evaluation must agree:\n" + explanation);
        TestContext.Out.WriteLine(explanation);
        return membership;
    }

    protected static PatientRecord Patient(string birthDate, params ClinicalEvent[] events) =>
        PatientFactory.Patient(birthDate, AdministrativeGender.Female, events);
}
