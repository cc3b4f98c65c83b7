using QiSdk.Codes.Units;
using QiSdk.Records;

namespace QiSdk.Tests.Codes;

public sealed class UnitNormaliserTests
{
    [TestCase("mmHg", "mm[Hg]")]
    [TestCase("mm Hg", "mm[Hg]")]
    [TestCase("mm[Hg]", "mm[Hg]")]
    [TestCase("mmol/l", "mmol/L")]
    [TestCase("MMOL/L", "mmol/L")]
    [TestCase("mg/dl", "mg/dL")]
    [TestCase("mmol/mol", "mmol/mol")]
    [TestCase("%", "%")]
    [TestCase("ml/min/1.73m2", "mL/min/{1.73_m2}")]
    [TestCase("µmol/L", "umol/L")]
    public void Common_unit_text_resolves_to_canonical_ucum(string text, string canonical)
    {
        Assert.That(UnitNormaliser.TryCanonicalise(text, out var c), Is.True);
        Assert.That(c, Is.EqualTo(canonical));
    }

    [TestCase("")]
    [TestCase("furlongs")]
    [TestCase(null)]
    public void Unknown_unit_is_not_guessed(string? text) => Assert.That(UnitNormaliser.TryCanonicalise(text, out _), Is.False);

    [TestCase(7.45, 57.9237)]
    [TestCase(6.5, 47.54115)]
    [TestCase(2.15, 0)]
    public void Dcct_percent_converts_to_ifcc_unrounded(decimal percent, decimal expected)
    {
        Assert.That(UnitNormaliser.Normalise(new Quantity(percent, "%"), "mmol/mol", Analyte.Hba1c, out var v), Is.EqualTo(UnitOutcome.Ok));
        Assert.That(v, Is.EqualTo(expected));
    }

    [Test]
    public void Percent_is_not_converted_for_a_general_measurement() =>
        Assert.That(UnitNormaliser.Normalise(new Quantity(7m, "%"), "mmol/mol", Analyte.General, out _), Is.EqualTo(UnitOutcome.UnfitUnit));

    [Test]
    public void Cholesterol_mg_per_dl_divides_by_38_67()
    {
        Assert.That(UnitNormaliser.Normalise(new Quantity(386.7m, "mg/dL"), "mmol/L", Analyte.Cholesterol, out var v), Is.EqualTo(UnitOutcome.Ok));
        Assert.That(v, Is.EqualTo(10m));
    }

    [Test]
    public void Glucose_mg_per_dl_is_not_converted_with_the_cholesterol_factor() =>
        Assert.That(UnitNormaliser.Normalise(new Quantity(100m, "mg/dL"), "mmol/L", Analyte.General, out _), Is.EqualTo(UnitOutcome.UnfitUnit));

    [Test]
    public void Unit_code_wins_over_text_when_both_are_known() =>
        Assert.That(UnitNormaliser.Normalise(new Quantity(120m, "millimetres of mercury", UnitNormaliser.UcumSystem, "mm[Hg]"), "mm[Hg]", Analyte.General, out _), Is.EqualTo(UnitOutcome.Ok));

    [Test]
    public void Text_is_used_when_code_is_from_another_system() =>
        Assert.That(UnitNormaliser.Normalise(new Quantity(120m, "mmHg", "http://snomed.info/sct", "259018001"), "mm[Hg]", Analyte.General, out _), Is.EqualTo(UnitOutcome.Ok));

    [Test]
    public void Missing_value_and_comparator_are_not_readings()
    {
        Assert.That(UnitNormaliser.Normalise(new Quantity(null, "mmol/mol"), "mmol/mol", Analyte.Hba1c, out _), Is.EqualTo(UnitOutcome.NoValue));
        Assert.That(UnitNormaliser.Normalise(new Quantity(30m, "mmol/mol", Comparator: "<"), "mmol/mol", Analyte.Hba1c, out _), Is.EqualTo(UnitOutcome.Comparator));
    }
}
