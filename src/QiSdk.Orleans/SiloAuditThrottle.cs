using Microsoft.Extensions.Options;

namespace QiSdk.Orleans;

/// <summary>Bounds how many practice audits run at once on this silo (one per silo: a singleton in the silo's services).</summary>
internal sealed class SiloAuditThrottle(IOptions<QiSdkOrleansOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentAuditsPerSilo, options.Value.MaxConcurrentAuditsPerSilo);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
