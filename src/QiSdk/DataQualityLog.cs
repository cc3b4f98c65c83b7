using System.Collections.Immutable;

namespace QiSdk;

/// <summary>
/// Collects data-quality problems from every stage (reading, code normalisation, units, evaluation) of one run.
/// Thread-safe; one instance per run, never shared between runs.
/// </summary>
public sealed class DataQualityLog
{
    private readonly Lock _gate = new();
    private readonly List<DataQualityIssue> _issues = [];

    /// <summary>Records a problem.</summary>
    /// <param name="issue">The problem.</param>
    public void Add(DataQualityIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        lock (_gate)
        {
            _issues.Add(issue);
        }
    }

    /// <summary>How many problems have been recorded.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _issues.Count;
            }
        }
    }

    /// <summary>A snapshot of every problem recorded so far, in the order recorded.</summary>
    public ImmutableArray<DataQualityIssue> Snapshot()
    {
        lock (_gate)
        {
            return [.. _issues];
        }
    }

    /// <summary>Problem counts per code.</summary>
    public ImmutableSortedDictionary<string, int> CountsByCode()
    {
        lock (_gate)
        {
            return _issues.GroupBy(i => i.Code, StringComparer.Ordinal)
                .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }
}
