using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Registers QiSdk's practice and cluster grains on a silo.</summary>
public static class QiSdkOrleansExtensions
{
    /// <summary>
    /// Adds what the QiSdk grains need on this silo: the options, the per-silo audit throttle and the
    /// <see cref="QiSdk.Orleans.CatalogueScheduler"/>. The host registers its <see cref="QiSdk.Orleans.IPracticeHost"/>
    /// (records, pipelines, policies and release stores per practice) in the silo's services as well.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets concurrency, retries and comparison options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddQiSdkOrleans(this ISiloBuilder builder, Action<QiSdk.Orleans.QiSdkOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddValidatedOptions(builder, configure, o => o.Validate());
        builder.Services.TryAddSingleton<QiSdk.Orleans.SiloAuditThrottle>();
        builder.Services.TryAddSingleton(sp => new QiSdk.Orleans.CatalogueScheduler(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetService<QiSdk.Orleans.IPracticeHost>() ?? throw new InvalidOperationException("QiSdk.Orleans: no IPracticeHost is registered in the silo's services (services.AddSingleton<IPracticeHost>(...)): the grains need the host's practices."),
            sp.GetRequiredService<IOptions<QiSdk.Orleans.QiSdkOrleansOptions>>(),
            null,
            sp.GetService<Microsoft.Extensions.Logging.ILogger<QiSdk.Orleans.CatalogueScheduler>>()));
        return builder;
    }

    /// <summary>
    /// Adds the built-in nightly catalogue: one schedule grain per cluster, kept by a durable Orleans reminder, runs
    /// <see cref="QiSdk.Orleans.CatalogueScheduler.RunAsync"/> for each due night (see
    /// <see cref="QiSdk.Orleans.NightlyCatalogueOptions"/>). Needs <see cref="AddQiSdkOrleans"/>, a reminder service
    /// (e.g. <c>UseInMemoryReminderService()</c> in tests, a durable one in production) and a grain storage named
    /// <see cref="QiSdk.Orleans.NightlyCatalogueOptions.StorageName"/>. Each silo schedules it when it starts.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Time of day, time zone, period per night, missed nights; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddQiSdkNightlyCatalogue(this ISiloBuilder builder, Action<QiSdk.Orleans.NightlyCatalogueOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddValidatedOptions(builder, configure, o => o.Validate());
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, QiSdk.Orleans.NightlyCatalogueStartup>();
        return builder;
    }

    private static void AddValidatedOptions<T>(ISiloBuilder builder, Action<T>? configure, Action<T> validate)
        where T : class
    {
        var options = builder.Services.AddOptions<T>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            validate(o);
            return true;
        }).ValidateOnStart();
    }
}
