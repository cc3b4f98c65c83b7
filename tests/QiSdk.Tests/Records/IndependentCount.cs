using System.Text.Json;

namespace QiSdk.Tests.Records;

/// <summary>
/// Counts resources per type with a plain <see cref="JsonDocument"/> walk, independently of the reader, and predicts what
/// the reader keeps: Patients, and resources of the kept types whose subject/patient names a Patient (Patient/id anywhere
/// in the files, urn:uuid in the same Bundle).
/// </summary>
internal static class IndependentCount
{
    private static readonly HashSet<string> EventTypes =
    [
        "Condition", "Observation", "MedicationRequest", "MedicationStatement", "Procedure", "Immunization", "Encounter",
        "AllergyIntolerance", "EpisodeOfCare", "ServiceRequest", "DeviceRequest", "AdverseEvent",
    ];

    public sealed record Expected(Dictionary<string, int> Read, Dictionary<string, int> Kept, int Patients);

    public static Expected OfBundles(IEnumerable<string> files)
    {
        var read = new Dictionary<string, int>();
        var kept = new Dictionary<string, int>();
        int patients = 0;
        var fileList = files.ToList();

        // Patient/id references resolve anywhere in the input; urn:uuid references only within their own Bundle.
        var patientIds = new HashSet<string>();
        foreach (string file in fileList)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var entry in doc.RootElement.GetProperty("entry").EnumerateArray())
            {
                var resource = entry.GetProperty("resource");
                if (resource.GetProperty("resourceType").GetString() == "Patient")
                {
                    patientIds.Add("Patient/" + resource.GetProperty("id").GetString());
                }
            }
        }

        foreach (string file in fileList)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var entries = doc.RootElement.GetProperty("entry").EnumerateArray().ToList();
            var patientUrls = new HashSet<string>();
            foreach (var entry in entries)
            {
                var resource = entry.GetProperty("resource");
                if (resource.GetProperty("resourceType").GetString() == "Patient")
                {
                    patientUrls.Add(entry.GetProperty("fullUrl").GetString()!);
                }
            }

            foreach (var entry in entries)
            {
                var resource = entry.GetProperty("resource");
                string type = resource.GetProperty("resourceType").GetString()!;
                read[type] = read.GetValueOrDefault(type) + 1;
                bool isKept = type is "Patient" or "Medication";
                if (EventTypes.Contains(type))
                {
                    string? reference = null;
                    foreach (string element in new[] { "subject", "patient" })
                    {
                        if (resource.TryGetProperty(element, out var r) && r.TryGetProperty("reference", out var s))
                        {
                            reference = s.GetString();
                        }
                    }

                    isKept = reference is not null && (patientUrls.Contains(reference) || patientIds.Contains(reference));
                }

                if (isKept)
                {
                    kept[type] = kept.GetValueOrDefault(type) + 1;
                }

                if (type == "Patient")
                {
                    patients++;
                }
            }
        }

        return new Expected(read, kept, patients);
    }
}
