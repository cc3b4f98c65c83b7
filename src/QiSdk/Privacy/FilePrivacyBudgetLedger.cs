using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace QiSdk.Privacy;

/// <summary>
/// A privacy-budget ledger in one JSON file. Every read-check-write happens under an exclusive lock on
/// <c>PATH.lock</c> (so concurrent releases in any process are serialised and cannot overspend) and the file is
/// replaced atomically (temporary file + rename), so a crash leaves the old or the new ledger, never half of one.
/// Amounts are stored as decimal strings, so sums are exact.
/// </summary>
public sealed class FilePrivacyBudgetLedger : IPrivacyBudgetLedger
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Creates the ledger (the file is created on the first spend).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="timeProvider">Clock for the recorded spend times (default system).</param>
    /// <param name="lockTimeout">How long to wait for another release to finish (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FilePrivacyBudgetLedger(string path, TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _time = timeProvider ?? TimeProvider.System;
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc />
    public decimal Spent(string practiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practiceId);
        using var held = FileLock.Acquire(_path, _lockTimeout, cancellationToken);
        return SpentOf(Load(), practiceId);
    }

    /// <inheritdoc />
    public PrivacyBudgetCharge TrySpend(string practiceId, decimal epsilon, decimal totalBudget, string releaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practiceId);
        ArgumentNullException.ThrowIfNull(releaseId);
        if (epsilon <= 0)
        {
            throw new PrivacyException(PrivacyErrors.InvalidEpsilon, $"epsilon must be greater than 0 (got {epsilon.ToString(CultureInfo.InvariantCulture)}).");
        }

        using var held = FileLock.Acquire(_path, _lockTimeout, cancellationToken);
        var root = Load();
        decimal before = SpentOf(root, practiceId);
        if (before + epsilon > totalBudget)
        {
            return new PrivacyBudgetCharge(false, before, before, totalBudget);
        }

        decimal after = before + epsilon;
        var practices = root["practices"]!.AsObject();
        if (practices[practiceId] is not JsonObject practice)
        {
            practice = new JsonObject { ["spent"] = "0", ["releases"] = new JsonArray() };
            practices[practiceId] = practice;
        }

        practice["spent"] = after.ToString(CultureInfo.InvariantCulture);
        practice["releases"]!.AsArray().Add(new JsonObject
        {
            ["release"] = releaseId,
            ["epsilon"] = epsilon.ToString(CultureInfo.InvariantCulture),
            ["at"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(root, Indented));
        return new PrivacyBudgetCharge(true, before, after, totalBudget);
    }

    private JsonObject Load()
    {
        if (!File.Exists(_path))
        {
            return new JsonObject { ["version"] = 1, ["practices"] = new JsonObject() };
        }

        try
        {
            var node = JsonNode.Parse(File.ReadAllBytes(_path));
            if (node is JsonObject obj && obj["practices"] is JsonObject)
            {
                return obj;
            }
        }
        catch (JsonException ex)
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}: the privacy-budget ledger is not valid JSON ({ex.Message}); refusing to guess the budget spent.", ex);
        }

        throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}: the privacy-budget ledger has no 'practices' object; refusing to guess the budget spent.");
    }

    private decimal SpentOf(JsonObject root, string practiceId)
    {
        if (root["practices"]![practiceId] is not JsonObject practice)
        {
            return 0m;
        }

        string? text = practice["spent"]?.GetValueKind() == JsonValueKind.String ? practice["spent"]!.GetValue<string>() : null;
        if (text is null || !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal spent) || spent < 0)
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_path}: practices.{practiceId}.spent is not a non-negative decimal string; refusing to guess the budget spent.");
        }

        return spent;
    }
}
