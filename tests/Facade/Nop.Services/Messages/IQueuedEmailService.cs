using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial interface IQueuedEmailService
{
    Task<QueuedEmail> GetQueuedEmailByIdAsync(int queuedEmailId);

    Task RequeueQueuedEmailsAsync(IList<QueuedEmail> queuedEmails);
}
