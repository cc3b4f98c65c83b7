using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using QiSdk.Privacy;

namespace QiSdk.Hosting;

/// <summary>
/// Healthy when the code sets, maps and definitions load (the pipeline builds; a failure is retried on each check),
/// degraded when they load with errors recorded (e.g. rows of a map skipped), unhealthy when they cannot be loaded.
/// </summary>
internal sealed class QiSdkPipelineHealthCheck(IOptions<QiSdkOptions> options, QiSdkPipelineCache pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pipeline = pipelines.Get(options.Value);
            var errors = pipeline.SetupIssues.Where(i => i.Severity == DataQualitySeverity.Error).ToArray();
            var data = new Dictionary<string, object>
            {
                ["codeSets"] = pipeline.Terminology.CodeSets.Length,
                ["maps"] = pipeline.Terminology.Maps.Length,
                ["indicators"] = pipeline.Catalogue.Definitions.Length,
                ["setupProblems"] = pipeline.SetupIssues.Length,
            };
            return Task.FromResult(errors.Length == 0
                ? HealthCheckResult.Healthy("QiSdk code sets, maps and definitions loaded.", data)
                : HealthCheckResult.Degraded($"QiSdk loaded with {errors.Length} error(s), e.g. {errors[0]}", data: data));
        }
        catch (OptionsValidationException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("QiSdk options are invalid: " + ex.Message, ex));
        }
        catch (QiSdkException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"QiSdk could not load its code sets, maps or definitions: {ex.Message}", ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"QiSdk could not read its files: {ex.Message}", ex));
        }
    }
}

/// <summary>Healthy when the audit log's hash chain verifies (or no disclosure was made yet); unhealthy when it is broken.</summary>
internal sealed class QiSdkAuditLogHealthCheck(IOptions<QiSdkOptions> options, QiSdkPipelineCache pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string path;
        try
        {
            path = pipelines.AuditLogPath(options.Value);
        }
        catch (InvalidOperationException ex)
        {
            return Task.FromResult(HealthCheckResult.Degraded(ex.Message));
        }

        if (!File.Exists(path))
        {
            return Task.FromResult(HealthCheckResult.Healthy("No disclosure recorded yet."));
        }

        try
        {
            var v = AuditLogVerifier.Verify(path);
            var data = new Dictionary<string, object> { ["entries"] = v.EntryCount };
            return Task.FromResult(v.IsIntact
                ? HealthCheckResult.Healthy($"Audit log intact: {v.EntryCount} entries.", data)
                : HealthCheckResult.Unhealthy($"Audit log chain broken at entry {v.FirstBadEntry} ({v.Code}): {v.Problem}", data: data));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or QiSdkException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Audit log could not be read: {ex.Message}", ex));
        }
    }
}
