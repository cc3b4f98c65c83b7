using QiSdk.Indicators;
using QiSdk.Records;

namespace QiSdk.Tests.Indicators.Catalogue;

/// <summary>
/// Shared set-up for the catalogue indicator tests: the reference fixture (built-in catalogue compiled against the real
/// reference code sets from ../shared/reference) plus a default reference date and patients of either sex.
/// </summary>
public abstract class CatalogueFixture : ReferenceIndicatorFixture
{
    /// <summary>Reference date used by most tests (a leap-year quarter end).</summary>
    protected const string R = "2024-03-31";

    protected PopulationMembership Evaluate(PatientRecord patient) => Evaluate(R, patient);

    protected static PatientRecord Female(string birthDate, params ClinicalEvent[] events) =>
        PatientFactory.Patient(birthDate, AdministrativeGender.Female, events);

    protected static PatientRecord Male(string birthDate, params ClinicalEvent[] events) =>
        PatientFactory.Patient(birthDate, AdministrativeGender.Male, events);
}
