using Nop.Core;

namespace Nop.Web.Framework.Models.Extensions;

public static class ModelExtensions
{
    public static Task<TListModel> PrepareToGridAsync<TListModel, TModel, TObject>(this TListModel listModel,
        BaseSearchModel searchModel, IPagedList<TObject> objectList, Func<IAsyncEnumerable<TModel>> dataFillFunction)
        where TListModel : BasePagedListModel<TModel>
        where TModel : BaseNopModel
    {
        throw new NotSupportedException("Reference facade");
    }
}
