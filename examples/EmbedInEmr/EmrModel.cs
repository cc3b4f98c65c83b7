namespace EmbedInEmr;

// The host record system's own in-memory objects: nothing FHIR about them. A real EMR has its own classes; these stand in.

/// <summary>A patient as the EMR holds it.</summary>
internal sealed record EmrPatient(string PatientNumber, string NhsNumber, DateOnly DateOfBirth, char Sex, bool Registered, DateOnly? DateOfDeath, IReadOnlyList<EmrEntry> Journal);

/// <summary>One journal entry: a coded problem, test result or issue of a drug, with the EMR's own code scheme.</summary>
internal sealed record EmrEntry(string Id, EmrEntryType Type, string Scheme, string Code, string Term, DateOnly Date, decimal? Value = null, string? Unit = null, bool EnteredInError = false);

internal enum EmrEntryType
{
    Problem,
    Result,
    Issue,
}

/// <summary>A few patients, as a host's database would give them.</summary>
internal static class EmrDatabase
{
    public static IReadOnlyList<EmrPatient> Patients { get; } = Build();

    private static List<EmrPatient> Build()
    {
        var list = new List<EmrPatient>();
        var random = new Random(2025);
        for (int i = 0; i < 240; i++)
        {
            var born = new DateOnly(1935 + random.Next(60), 1 + random.Next(12), 1 + random.Next(28));
            var journal = new List<EmrEntry>();
            if (i % 4 == 0)
            {
                // Type 2 diabetes recorded in Read v2 by an older system, HbA1c results in mmol/mol.
                journal.Add(new EmrEntry($"e{i}-dm", EmrEntryType.Problem, "READ2", "C10F.", "Type 2 diabetes mellitus", new DateOnly(2015, 3, 2)));
                journal.Add(new EmrEntry($"e{i}-a1c", EmrEntryType.Result, "SNOMED", "1049301000000100", "HbA1c level (IFCC)", new DateOnly(2024, 11, 4), 44 + random.Next(40), "mmol/mol"));
            }

            if (i % 3 == 0)
            {
                journal.Add(new EmrEntry($"e{i}-htn", EmrEntryType.Problem, "SNOMED", "38341003", "Hypertensive disorder", new DateOnly(2012, 6, 1)));
                journal.Add(new EmrEntry($"e{i}-sbp", EmrEntryType.Result, "SNOMED", "271649006", "Systolic blood pressure", new DateOnly(2025, 1, 20), 118 + random.Next(40), "mm[Hg]"));
                journal.Add(new EmrEntry($"e{i}-dbp", EmrEntryType.Result, "SNOMED", "271650006", "Diastolic blood pressure", new DateOnly(2025, 1, 20), 70 + random.Next(30), "mm[Hg]"));
            }

            if (i % 5 == 0)
            {
                // Naproxen 250mg tablets (dm+d VMP), issued in the last three months.
                journal.Add(new EmrEntry($"e{i}-nsaid", EmrEntryType.Issue, "DMD", "329806007", "Naproxen 250mg tablets", new DateOnly(2025, 2, 10)));
            }

            list.Add(new EmrPatient($"P{i:0000}", string.Empty, born, i % 2 == 0 ? 'F' : 'M', Registered: true, DateOfDeath: null, journal));
        }

        return list;
    }
}
