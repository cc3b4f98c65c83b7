// Probe types for LayeringTests: two stages with one deliberate back-edge, so the checker is shown to catch one.
namespace QiSdk.Tests.Embedding.LayeringProbe.Reports
{
    internal static class ProbeWriter
    {
        public static int Write(Privacy.ProbeDecision decision) => decision.Released;
    }
}

namespace QiSdk.Tests.Embedding.LayeringProbe.Privacy
{
    internal sealed record ProbeDecision(int Released);

    internal static class ProbeDisclosure
    {
        public static int Release(int count) => Reports.ProbeWriter.Write(new ProbeDecision(count)); // the back-edge
    }
}
