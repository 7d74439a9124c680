using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Smtp.Models;

/// <summary>
/// The test-send fields of the configure page.
/// </summary>
public record TestSendModel : BaseNopModel
{
    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.TestRecipient")]
    public string Recipient { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.TestSubject")]
    public string Subject { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.TestBody")]
    public string Body { get; set; }
}
