using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Claims queued emails for one queue run through the claim table's unique index: the insert that wins owns the
/// email, every other claimer gets nothing. Not thread-safe (it uses a scoped repository); callers serialize.
/// </summary>
public sealed class QueuedEmailClaimService
{
    /// <summary>
    /// A claim older than this belongs to a run that died (a send is bounded by the timeout, at most 10 minutes), so
    /// another run may take it over.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    private readonly IRepository<QueuedEmailClaim> _repository;

    public QueuedEmailClaimService(IRepository<QueuedEmailClaim> repository)
    {
        _repository = repository;
    }

    /// <summary>
    /// Claims the email, or returns null when another run holds a live claim on it. Throws when the claim table
    /// cannot be used at all (the insert failed and no claim exists).
    /// </summary>
    public async Task<QueuedEmailClaim> TryClaimAsync(int queuedEmailId, string owner, CancellationToken cancellationToken)
    {
        if (await TryInsertAsync(queuedEmailId, owner, cancellationToken) is { } claim)
            return claim;

        // Someone holds it. Only a stale claim may be taken over; the conditional delete lets one taker win.
        var staleBefore = DateTime.UtcNow - StaleAfter;
        var removed = await _repository.DeleteAsync(existing => existing.QueuedEmailId == queuedEmailId && existing.ClaimedOnUtc < staleBefore);
        if (removed == 0)
            return null;

        return await TryInsertAsync(queuedEmailId, owner, cancellationToken);
    }

    /// <summary>
    /// Deletes the claim once the queued email carries the outcome.
    /// </summary>
    public async Task ReleaseAsync(QueuedEmailClaim claim, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // By primary key: if a stale claim was taken over meanwhile, the new holder's row has another id and stays.
        await _repository.DeleteAsync(claim, false);
    }

    private async Task<QueuedEmailClaim> TryInsertAsync(int queuedEmailId, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var claim = new QueuedEmailClaim { QueuedEmailId = queuedEmailId, ClaimedOnUtc = DateTime.UtcNow, Owner = owner };
        try
        {
            await _repository.InsertAsync(claim, false);
            return claim;
        }
        catch (Exception) when (ClaimExists(queuedEmailId))
        {
            // The unique index refused a second claim: another run has this email.
            return null;
        }
    }

    private bool ClaimExists(int queuedEmailId)
    {
        return _repository.Table.Any(existing => existing.QueuedEmailId == queuedEmailId);
    }
}
