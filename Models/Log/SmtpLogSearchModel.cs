using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Smtp.Models.Log;

/// <summary>
/// The send log's filters and the grid's paging. Dates are in the admin's time zone.
/// </summary>
public record SmtpLogSearchModel : BaseSearchModel
{
    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Search.Status")]
    public int StatusId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Search.CreatedFrom")]
    [UIHint("DateNullable")]
    public DateTime? CreatedFrom { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Search.CreatedTo")]
    [UIHint("DateNullable")]
    public DateTime? CreatedTo { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Search.Text")]
    public string SearchText { get; set; }

    public IList<SelectListItem> AvailableStatuses { get; set; } = new List<SelectListItem>();
}
