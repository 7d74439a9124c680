using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// nopCommerce's own email sender, which handles every email while the plugin is disabled, unconfigured or
/// misconfigured. The container builds the host's EmailSender, so the plugin never depends on its constructor.
/// </summary>
public sealed class NopEmailSender
{
    public NopEmailSender(IEmailSender sender)
    {
        Sender = sender;
    }

    public IEmailSender Sender { get; }
}
