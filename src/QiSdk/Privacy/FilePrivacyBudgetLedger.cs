using System.Globalization;
using System.Text.Json;

namespace QiSdk.Privacy;

/// <summary>
/// A privacy-budget ledger in one JSON-lines file of hash-chained records (<c>total</c>: a practice's total epsilon;
/// <c>spend</c>: one release's epsilon), in the same line format as the release ledger. Every read-check-write happens
/// under an exclusive lock on <c>PATH.lock</c> (so concurrent releases in any process are serialised and cannot
/// overspend); appends are flushed to disk. Amounts are decimal strings, so sums are exact.
/// </summary>
public sealed class FilePrivacyBudgetLedger : IPrivacyBudgetLedger
{
    private const decimal DefaultTotal = 1.0m;
    private readonly ChainedJsonLinesFile _file;

    /// <summary>Creates the ledger (the file is created on the first spend or total).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="timeProvider">Clock for the recorded times (default system).</param>
    /// <param name="lockTimeout">How long to wait for another release to finish (default 30 s).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public FilePrivacyBudgetLedger(string path, TimeProvider? timeProvider = null, TimeSpan? lockTimeout = null)
    {
        _file = new ChainedJsonLinesFile(path, "privacy-budget ledger", timeProvider, lockTimeout);
    }

    /// <summary>The full path of the ledger.</summary>
    public string FullPath => _file.FullPath;

    /// <inheritdoc />
    public async Task<PrivacyBudgetAccount> GetAccountAsync(string practiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practiceId);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var lines = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Account(lines, practiceId);
    }

    /// <inheritdoc />
    public async Task<LedgerState> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var lines = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var line in lines)
        {
            _ = Entry(line);
        }

        return new LedgerState(lines.Select(l => l.Hash));
    }

    /// <inheritdoc />
    public async Task<PrivacyBudgetCharge> ChargeAsync(string practiceId, decimal epsilon, decimal? totalBudget, string releaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(practiceId);
        ArgumentNullException.ThrowIfNull(releaseId);
        if (epsilon <= 0)
        {
            throw new PrivacyException(PrivacyErrors.InvalidEpsilon, $"epsilon must be greater than 0 (got {epsilon.ToString(CultureInfo.InvariantCulture)}).");
        }

        ValidateTotal(totalBudget);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var lines = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
        var account = Account(lines, practiceId);
        if (account.Total is { } recorded && totalBudget is { } asked && recorded != asked)
        {
            throw new PrivacyException(PrivacyErrors.BudgetTotalMismatch, $"{_file.FullPath}: {practiceId}'s total epsilon is recorded as {Text(recorded)}, not {Text(asked)}; the total is a practice setting: change it with 'qi budget set --practice {practiceId} --total {Text(asked)}' (audited), not per release.");
        }

        decimal total = account.Total ?? totalBudget ?? DefaultTotal;
        if (account.Spent + epsilon > total)
        {
            return new PrivacyBudgetCharge(false, account.Spent, account.Spent, total);
        }

        var head = ChainedJsonLines.HeadOf(lines);
        var records = new List<string>();
        long seq = head.Count;
        string prev = head.Hash;
        string at = _file.Now;
        if (account.Total is null)
        {
            (string line, prev) = ChainedJsonLines.Format(++seq, prev, w => TotalRecord(w, practiceId, total, at));
            records.Add(line);
        }

        (string spend, _) = ChainedJsonLines.Format(++seq, prev, w =>
        {
            w.WriteString("kind", "spend");
            w.WriteString("practice", practiceId);
            w.WriteString("epsilon", Text(epsilon));
            w.WriteString("release", releaseId);
            w.WriteString("at", at);
        });
        records.Add(spend);
        await _file.AppendAsync(records).ConfigureAwait(false);
        return new PrivacyBudgetCharge(true, account.Spent, account.Spent + epsilon, total);
    }

    /// <inheritdoc />
    public async Task<LedgerHead> SetTotalAsync(string practiceId, decimal total, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(practiceId);
        ValidateTotal(total);
        await using var held = await _file.LockAsync(cancellationToken).ConfigureAwait(false);
        var lines = await _file.ReadAsync(cancellationToken).ConfigureAwait(false);
        _ = Account(lines, practiceId);
        var head = ChainedJsonLines.HeadOf(lines);
        string at = _file.Now;
        var (line, hash) = ChainedJsonLines.Format(head.Count + 1, head.Hash, w => TotalRecord(w, practiceId, total, at));
        await _file.AppendAsync([line]).ConfigureAwait(false);
        return new LedgerHead(head.Count + 1, hash);
    }

    private static void ValidateTotal(decimal? total)
    {
        if (total is { } t && t <= 0)
        {
            throw new PrivacyException(PrivacyErrors.InvalidBudget, $"the total privacy budget must be greater than 0 (got {Text(t)}).");
        }
    }

    private static void TotalRecord(Utf8JsonWriter w, string practiceId, decimal total, string at)
    {
        w.WriteString("kind", "total");
        w.WriteString("practice", practiceId);
        w.WriteString("total", Text(total));
        w.WriteString("at", at);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private PrivacyBudgetAccount Account(IReadOnlyList<ChainedJsonLines.Line> lines, string practiceId)
    {
        decimal spent = 0;
        decimal? total = null;
        foreach (var line in lines)
        {
            var (kind, practice, amount) = Entry(line);
            if (practice != practiceId)
            {
                continue;
            }

            if (kind == "total")
            {
                total = amount;
            }
            else
            {
                spent += amount;
            }
        }

        return new PrivacyBudgetAccount(practiceId, spent, total);
    }

    private (string Kind, string Practice, decimal Amount) Entry(ChainedJsonLines.Line line)
    {
        var body = line.Body;
        string? kind = body.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        string? practice = body.TryGetProperty("practice", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        string amountName = kind == "total" ? "total" : "epsilon";
        string? amount = body.TryGetProperty(amountName, out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (kind is not ("total" or "spend") || practice is null
            || !decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) || value <= 0)
        {
            throw new PrivacyException(PrivacyErrors.LedgerCorrupt, $"{_file.FullPath}:line {line.Sequence}: not a budget record (kind total or spend, a practice and a positive decimal string); refusing to guess the budget spent.");
        }

        return (kind, practice, value);
    }
}
