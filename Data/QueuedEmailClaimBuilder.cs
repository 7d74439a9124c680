using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Data;

/// <summary>
/// The claim table. The unique index on QueuedEmailId is what makes a claim exclusive.
/// </summary>
public class QueuedEmailClaimBuilder : NopEntityBuilder<QueuedEmailClaim>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(QueuedEmailClaim.QueuedEmailId)).AsInt32().NotNullable().Unique()
            .WithColumn(nameof(QueuedEmailClaim.ClaimedOnUtc)).AsDateTime2().NotNullable()
            .WithColumn(nameof(QueuedEmailClaim.Owner)).AsString(200).Nullable();
    }
}
