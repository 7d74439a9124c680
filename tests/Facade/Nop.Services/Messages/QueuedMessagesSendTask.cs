using Nop.Services.Logging;
using Nop.Services.ScheduleTasks;

namespace Nop.Services.Messages;

public partial class QueuedMessagesSendTask : IScheduleTask
{
    protected readonly IEmailAccountService _emailAccountService;
    protected readonly IEmailSender _emailSender;
    protected readonly ILogger _logger;
    protected readonly IQueuedEmailService _queuedEmailService;

    public QueuedMessagesSendTask(IEmailAccountService emailAccountService,
        IEmailSender emailSender,
        ILogger logger,
        IQueuedEmailService queuedEmailService)
    {
        _emailAccountService = emailAccountService;
        _emailSender = emailSender;
        _logger = logger;
        _queuedEmailService = queuedEmailService;
    }

    public virtual Task ExecuteAsync()
    {
        throw new NotSupportedException("Reference facade");
    }
}
