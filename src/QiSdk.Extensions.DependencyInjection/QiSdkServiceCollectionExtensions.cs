using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QiSdk.Hosting;
using QiSdk.Privacy;
using QiSdk.Records;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers QiSdk in a Microsoft.Extensions.DependencyInjection container.</summary>
public static class QiSdkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QualityAuditService"/> with its defaults: <see cref="TimeProvider.System"/>, a file audit log
    /// and release ledger at the paths in <see cref="QiSdkOptions"/>, and options validation that reports every problem
    /// at once and loads every code set, map and definition (at start-up, through <c>ValidateOnStart</c>, in a host).
    /// Every default is registered with <c>TryAdd</c>, so the host replaces any of them by registering its own (before or
    /// after this call): <c>IPatientRecordSource</c> (the host's records), <c>ICodeSetProvider</c> /
    /// <c>ICodeMapProvider</c> / <c>IIndicatorProvider</c> (many), <c>IDisclosurePolicy</c> (many, applied in
    /// registration order; none registered means nothing may leave), <c>IDisclosureSink</c>, <c>IAuditLogStore</c>,
    /// <c>IReleaseLedger</c>, <c>TimeProvider</c>. Relative paths resolve against <see cref="QiSdkOptions.DataDirectory"/>,
    /// else the host's <c>IHostEnvironment.ContentRootPath</c> when one is registered.
    /// Calling it again is harmless: registrations are not duplicated; a second <paramref name="configure"/> is applied too.
    /// Reads no environment variables.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddQiSdk(this IServiceCollection services, Action<QiSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<QiSdkOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QiSdkOptions>, QiSdkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new QiSdkLogging(sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new QiSdkPipelineCache(
            sp.GetServices<QiSdk.Codes.ICodeSetProvider>(),
            sp.GetServices<QiSdk.Codes.ICodeMapProvider>(),
            sp.GetServices<QiSdk.Indicators.IIndicatorProvider>(),
            sp.GetRequiredService<QiSdkLogging>(),
            sp.GetService<IHostEnvironment>()));
        services.TryAddSingleton<IAuditLogStore>(sp => new FileAuditLogStore(
            sp.GetRequiredService<QiSdkPipelineCache>().AuditLogPath(sp.GetRequiredService<IOptions<QiSdkOptions>>().Value)));
        services.TryAddSingleton<IReleaseLedger>(sp => new FileReleaseLedger(
            sp.GetRequiredService<QiSdkPipelineCache>().ReleaseLedgerPath(sp.GetRequiredService<IOptions<QiSdkOptions>>().Value)));
        services.TryAddSingleton(sp => new QualityAuditService(
            sp.GetRequiredService<IOptions<QiSdkOptions>>(),
            sp.GetRequiredService<QiSdkPipelineCache>(),
            sp.GetServices<IDisclosurePolicy>(),
            // Resolved when first needed (a disclosure): a host that never discloses needs no audit-log path.
            new Lazy<IAuditLogStore>(sp.GetRequiredService<IAuditLogStore>, LazyThreadSafetyMode.PublicationOnly),
            new Lazy<IReleaseLedger>(sp.GetRequiredService<IReleaseLedger>, LazyThreadSafetyMode.PublicationOnly),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<QiSdkLogging>(),
            sp.GetService<IPatientRecordSource>(),
            sp.GetService<IDisclosureSink>()));
        return services;
    }

    /// <summary>
    /// Registers QiSdk as <see cref="AddQiSdk(IServiceCollection, Action{QiSdkOptions}?)"/> does, with its options bound
    /// from a configuration section (e.g. <c>configuration.GetSection("QiSdk")</c>: keys are the property names of
    /// <see cref="QiSdkOptions"/>, lists as <c>CodeMapFiles:0</c>, ...).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <param name="configure">Sets more options after binding; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IServiceCollection AddQiSdk(this IServiceCollection services, IConfiguration configuration, Action<QiSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QiSdkOptions>().Bind(configuration);
        return services.AddQiSdk(configure);
    }
}
