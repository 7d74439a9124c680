using FluentMigrator.Builders.Create;
using Nop.Core;

namespace Nop.Data.Extensions;

public static partial class FluentMigratorExtensions
{
    public static void TableFor<TEntity>(this ICreateExpressionRoot expressionRoot) where TEntity : BaseEntity
    {
        throw new NotSupportedException("Reference facade");
    }
}
