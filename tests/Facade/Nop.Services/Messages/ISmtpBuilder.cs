using MailKit.Net.Smtp;
using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial interface ISmtpBuilder
{
    Task<SmtpClient> BuildAsync(EmailAccount emailAccount = null);
}
