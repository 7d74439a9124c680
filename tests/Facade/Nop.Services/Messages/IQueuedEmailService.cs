using Nop.Core;
using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial interface IQueuedEmailService
{
    Task UpdateQueuedEmailAsync(QueuedEmail queuedEmail);

    Task<QueuedEmail> GetQueuedEmailByIdAsync(int queuedEmailId);

    Task<IList<QueuedEmail>> GetQueuedEmailsByIdsAsync(int[] queuedEmailIds);

    Task RequeueQueuedEmailsAsync(IList<QueuedEmail> queuedEmails);

    Task<IPagedList<QueuedEmail>> SearchEmailsAsync(string fromEmail,
        string toEmail, DateTime? createdFromUtc, DateTime? createdToUtc,
        bool loadNotSentItemsOnly, bool loadOnlyItemsToBeSent, int maxSendTries,
        bool loadNewest, int pageIndex = 0, int pageSize = int.MaxValue);
}
