using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Fakes;

/// <summary>
/// nopCommerce's queued emails and email accounts in memory, searched as QueuedEmailService does for the queue task
/// (not sent, tries below the maximum, due, high priority first, oldest first).
/// </summary>
public sealed class InMemoryQueue : IQueuedEmailService, IEmailAccountService
{
    private readonly object _lock = new();
    private readonly List<QueuedEmail> _emails = [];
    private readonly List<EmailAccount> _accounts = [];

    public IReadOnlyList<QueuedEmail> Emails
    {
        get
        {
            lock (_lock)
                return _emails.ToList();
        }
    }

    public int Updates { get; private set; }

    public void Add(QueuedEmail email)
    {
        lock (_lock)
        {
            email.Id = _emails.Count + 1;
            _emails.Add(email);
        }
    }

    public void AddAccount(EmailAccount account)
    {
        lock (_lock)
            _accounts.Add(account);
    }

    public Task UpdateQueuedEmailAsync(QueuedEmail queuedEmail)
    {
        lock (_lock)
            Updates++;

        return Task.CompletedTask;
    }

    public Task RequeueQueuedEmailsAsync(IList<QueuedEmail> queuedEmails)
    {
        throw new NotSupportedException("The benchmark does not requeue.");
    }

    public Task<QueuedEmail> GetQueuedEmailByIdAsync(int queuedEmailId)
    {
        lock (_lock)
            return Task.FromResult(_emails.FirstOrDefault(email => email.Id == queuedEmailId));
    }

    public Task<IList<QueuedEmail>> GetQueuedEmailsByIdsAsync(int[] queuedEmailIds)
    {
        lock (_lock)
            return Task.FromResult<IList<QueuedEmail>>(_emails.Where(email => queuedEmailIds.Contains(email.Id)).ToList());
    }

    public Task<IPagedList<QueuedEmail>> SearchEmailsAsync(string fromEmail, string toEmail, DateTime? createdFromUtc, DateTime? createdToUtc,
        bool loadNotSentItemsOnly, bool loadOnlyItemsToBeSent, int maxSendTries, bool loadNewest, int pageIndex = 0, int pageSize = int.MaxValue)
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            var found = _emails
                .Where(email => !loadNotSentItemsOnly || email.SentOnUtc == null)
                .Where(email => !loadOnlyItemsToBeSent || email.DontSendBeforeDateUtc == null || email.DontSendBeforeDateUtc <= now)
                .Where(email => email.SentTries < maxSendTries)
                .OrderByDescending(email => email.PriorityId)
                .ThenBy(email => email.CreatedOnUtc)
                .Skip(pageIndex * pageSize)
                .Take(pageSize)
                .ToList();
            return Task.FromResult<IPagedList<QueuedEmail>>(new PagedList<QueuedEmail>(found, pageIndex, pageSize));
        }
    }

    public Task<EmailAccount> GetEmailAccountByIdAsync(int emailAccountId)
    {
        lock (_lock)
            return Task.FromResult(_accounts.FirstOrDefault(account => account.Id == emailAccountId));
    }

    public Task<IList<EmailAccount>> GetAllEmailAccountsAsync()
    {
        lock (_lock)
            return Task.FromResult<IList<EmailAccount>>(_accounts.ToList());
    }
}
