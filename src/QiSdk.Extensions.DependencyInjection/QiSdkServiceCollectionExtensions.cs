using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QiSdk.Hosting;
using QiSdk.Privacy;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers QiSdk in a Microsoft.Extensions.DependencyInjection container.</summary>
public static class QiSdkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QualityAuditService"/> with its defaults: <see cref="TimeProvider.System"/>, a file audit log
    /// and release ledger at the paths in <see cref="QiSdkOptions"/>, and options validation that reports every problem
    /// at once (also at start-up, through <c>ValidateOnStart</c>). Every default is registered with <c>TryAdd</c>, so the
    /// host replaces any of them by registering its own (before or after this call): <c>IPatientRecordSource</c> (the
    /// host's records), <c>ICodeSetProvider</c> / <c>ICodeMapProvider</c> / <c>IIndicatorProvider</c> (many),
    /// <c>IDisclosurePolicy</c> (many, applied in registration order; none registered means nothing may leave),
    /// <c>IDisclosureSink</c>, <c>IAuditLogStore</c>, <c>IReleaseLedger</c>, <c>TimeProvider</c>.
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
        services.TryAddSingleton<IAuditLogStore>(sp => new FileAuditLogStore(sp.GetRequiredService<IOptions<QiSdkOptions>>().Value.AuditLogPath));
        services.TryAddSingleton<IReleaseLedger>(sp => new FileReleaseLedger(sp.GetRequiredService<IOptions<QiSdkOptions>>().Value.ReleaseLedgerPath));
        services.TryAddSingleton<QualityAuditService>();
        return services;
    }
}
