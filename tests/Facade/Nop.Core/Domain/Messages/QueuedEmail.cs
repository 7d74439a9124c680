namespace Nop.Core.Domain.Messages;

public partial class QueuedEmail : BaseEntity;
