using System.Text;
using QiSdk.Records;

namespace QiSdk.Tests.Records;

/// <summary>
/// The reader keeps events as compact rows (issue 18) and <see cref="PatientRecord.Events"/> builds the public objects
/// from them: every element must come back exactly as read, in read order, across the store's chunk boundaries.
/// </summary>
public sealed class CompactEventStoreTests
{
    private static async Task<FhirReadResult> ReadNdjson(string ndjson)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ndjson));
        return await new FhirRecordReader().ReadAsync(stream, "events.ndjson", FhirInputFormat.Ndjson);
    }

    [Test]
    public async Task Events_of_a_read_patient_are_built_on_each_call_equal_by_value_with_every_element_as_read()
    {
        string longId = new('x', 1500); // past the id arena's limit: kept as a string
        var result = await ReadNdjson(string.Join('\n',
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p"},"clinicalStatus":{"coding":[{"code":"resolved"}]},"verificationStatus":{"coding":[{"code":"confirmed"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]},"onsetPeriod":{"start":"2020-01-02","end":"2020-03-04"},"abatementDateTime":"2021-05-06","recordedDate":"2020-01-03T10:00:00+01:00"}""",
            "{\"resourceType\":\"Observation\",\"id\":\"" + longId + "\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/p\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85354-9\"}]},\"effectiveDateTime\":\"2024-02-03T04:05:06.789Z\",\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":140.0,\"unit\":\"mmHg\"}},{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":90,\"unit\":\"mmHg\"}}]}",
            """{"resourceType":"MedicationRequest","subject":{"reference":"Patient/p"},"status":"active","intent":"order","doNotPerform":true,"medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"39113611000001102"}]},"authoredOn":"2024-06","reasonCode":[{"coding":[{"code":"r1"}]}],"encounter":{"reference":"Encounter/e1"}}""",
            """{"resourceType":"Observation","id":"o2","status":"final","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"effectiveDateTime":"2024-02-03","valueQuantity":{"value":48.50,"unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol","comparator":"<"}}"""));

        var patient = result.Patients.Single();
        var first = patient.Events;
        var second = patient.Events;
        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(first, Has.Length.EqualTo(4));
            Assert.That(second, Is.EqualTo(first), "equal by value on every call");
            Assert.That(ReferenceEquals(first[0], second[0]), Is.False, "built again on each call");

            var c = first[0];
            Assert.That((c.Kind, c.Id, c.ClinicalStatus, c.VerificationStatus), Is.EqualTo((ResourceKind.Condition, "c1", "resolved", "confirmed")));
            Assert.That(c.Codes, Is.EqualTo(new[] { new Coding("http://snomed.info/sct", "44054006") }));
            Assert.That(c.Period, Is.EqualTo(new Period(FhirDate.Parse("2020-01-02"), FhirDate.Parse("2020-03-04"))));
            Assert.That(c.AbatementDate, Is.EqualTo(FhirDate.Parse("2021-05-06")));
            Assert.That(c.RecordedDate, Is.EqualTo(FhirDate.Parse("2020-01-03T10:00:00+01:00")));
            Assert.That(c.Date, Is.Null);
            Assert.That(c.Source, Is.EqualTo(new SourceLocation("events.ndjson", 2)));

            var bp = first[1];
            Assert.That(bp.Id, Is.EqualTo(longId));
            Assert.That(bp.Date, Is.EqualTo(FhirDate.Parse("2024-02-03T04:05:06.789Z")));
            Assert.That(bp.Components.Select(x => x.Value?.Value), Is.EqualTo(new decimal?[] { 140.0m, 90m }));
            Assert.That(bp.Components[0].Value!.Value.Value!.Value.Scale, Is.EqualTo(1), "140.0 keeps its scale");

            var m = first[2];
            Assert.That((m.Id, m.Status, m.Intent, m.DoNotPerform), Is.EqualTo(((string?)null, "active", "order", true)));
            Assert.That(m.Date, Is.EqualTo(FhirDate.Parse("2024-06")));
            Assert.That(m.EncounterReference, Is.EqualTo("Encounter/e1"));
            Assert.That(m.ReasonCodes, Is.EqualTo(new[] { new Coding(null, "r1") }));

            var o = first[3];
            Assert.That(o.Value, Is.EqualTo(new Quantity(48.50m, "mmol/mol", "http://unitsofmeasure.org", "mmol/mol", "<")));
            Assert.That(o.Value!.Value.Value!.Value.Scale, Is.EqualTo(2));
            Assert.That(o.Source, Is.EqualTo(new SourceLocation("events.ndjson", 5)));
        });
    }

    [Test]
    public async Task Setting_Events_on_a_read_patient_replaces_the_compact_events_and_leaves_the_original_alone()
    {
        var result = await ReadNdjson(string.Join('\n',
            """{"resourceType":"Patient","id":"p"}""",
            """{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p"},"code":{"coding":[{"code":"a"}]},"effectiveDateTime":"2024-01-01"}"""));
        var read = result.Patients.Single();
        var own = new ClinicalEvent { Kind = ResourceKind.Condition, Id = "mine" };

        var changed = read with { Events = [own] };
        var copied = read with { Id = "q" };

        Assert.Multiple(() =>
        {
            Assert.That(changed.Events.Single(), Is.SameAs(own));
            Assert.That(read.Events.Single().Id, Is.EqualTo("o1"));
            Assert.That(copied.Events.Single().Id, Is.EqualTo("o1"), "a copy keeps the read events");
        });
    }

    [Test]
    public async Task Tens_of_thousands_of_interleaved_events_keep_each_patients_read_order_across_store_chunks()
    {
        const int Patients = 3;
        const int Events = 40_000; // several row chunks (the first ones are small, later ones 16,384 rows)
        var ndjson = new StringBuilder();
        for (int p = 0; p < Patients; p++)
        {
            ndjson.Append("{\"resourceType\":\"Patient\",\"id\":\"p").Append(p).Append("\"}\n");
        }

        for (int i = 0; i < Events; i++)
        {
            ndjson.Append("{\"resourceType\":\"Observation\",\"id\":\"obs-").Append(i).Append("\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/p")
                .Append(i % Patients).Append("\"},\"code\":{\"coding\":[{\"code\":\"c").Append(i % 7).Append("\"}]},\"effectiveDateTime\":\"2024-01-")
                .Append(((i % 28) + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("\"}\n");
        }

        var result = await ReadNdjson(ndjson.ToString());

        Assert.That(result.Problems, Is.Empty);
        for (int p = 0; p < Patients; p++)
        {
            var events = result.Patients[p].Events;
            int[] expected = [.. Enumerable.Range(0, Events).Where(i => i % Patients == p)];
            Assert.That(events.Select(e => e.Id), Is.EqualTo(expected.Select(i => "obs-" + i)), $"patient p{p}");
            Assert.That(events.Select(e => e.Codes.Single().Code), Is.EqualTo(expected.Select(i => "c" + (i % 7))));
            Assert.That(events.Select(e => e.Source!.Value.Line), Is.EqualTo(expected.Select(i => (int?)(Patients + i + 1))));
        }
    }
}
