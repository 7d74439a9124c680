using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Smtp.Models.Log;

/// <summary>
/// One page of the send log grid.
/// </summary>
public record SmtpLogListModel : BasePagedListModel<SmtpLogModel>;
