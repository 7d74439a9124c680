using Nop.Core;

namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// A queue task's hold on one of nopCommerce's queued emails while it sends it. The unique index on
/// <see cref="QueuedEmailId"/> lets exactly one claimer win, so that two overlapping runs (or two web-farm nodes)
/// never send the same email. Deleted once the queued email is updated; a claim older than
/// <c>QueuedEmailClaimService.StaleAfter</c> is left over from a crashed run and may be taken over.
/// </summary>
public class QueuedEmailClaim : BaseEntity
{
    public int QueuedEmailId { get; set; }

    public DateTime ClaimedOnUtc { get; set; }

    /// <summary>
    /// Which run holds the claim (machine, process and run id), for diagnosis.
    /// </summary>
    public string Owner { get; set; }
}
