using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using QiSdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers QiSdk's hosted scheduled audit and its health checks.</summary>
public static class QiSdkHostingExtensions
{
    /// <summary>
    /// Runs the audit on a schedule in the host (a hosted service): every <see cref="ScheduledAuditOptions.Interval"/>,
    /// one run at a time, cancelled on shutdown; each finished run goes to every registered
    /// <see cref="IScheduledAuditHandler"/>. Calls <c>AddQiSdk()</c> if it was not called. A second call adds no second
    /// service; its <paramref name="configure"/> is applied too.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the schedule; optional (default: daily, the whole catalogue).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddQiSdkScheduledAudit(this IServiceCollection services, Action<ScheduledAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddQiSdk();
        var builder = services.AddOptions<ScheduledAuditOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => o.Interval >= TimeSpan.FromMinutes(1), "ScheduledAuditOptions.Interval must be at least one minute.")
            .Validate(o => o.PeriodFor is not null, "ScheduledAuditOptions.PeriodFor must be set.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScheduledAuditService>());
        return services;
    }

    /// <summary>
    /// Adds two health checks: <c>qisdk-pipeline</c> (code sets, maps and definitions load; degraded when loaded with
    /// errors) and <c>qisdk-audit-log</c> (the audit log's hash chain is intact).
    /// </summary>
    /// <param name="builder">The host's health-checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="tags">Tags for both checks (e.g. <c>ready</c>); optional.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddQiSdkChecks(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCheck<QiSdkPipelineHealthCheck>("qisdk-pipeline", tags: tags);
        builder.AddCheck<QiSdkAuditLogHealthCheck>("qisdk-audit-log", tags: tags);
        return builder;
    }
}
