using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace QiSdk.Hosting;

/// <summary>
/// Tracing and metrics for hosts that listen (OpenTelemetry or <c>dotnet-counters</c>): activity source and meter named
/// <c>QiSdk</c>. Both are thread-safe and hold no per-run state.
/// </summary>
internal static class QiSdkTelemetry
{
    public const string Name = "QiSdk";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(QiSdkTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(QiSdkTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> PatientsEvaluated = Meter.CreateCounter<long>("qisdk.patients.evaluated", "{patient}", "Patients evaluated by audits.");

    public static readonly Counter<long> Problems = Meter.CreateCounter<long>("qisdk.data_quality.problems", "{problem}", "Data-quality problems found by audits.");

    public static readonly Counter<long> Disclosures = Meter.CreateCounter<long>("qisdk.disclosures", "{disclosure}", "Disclosure attempts, tagged released=true|false.");
}
