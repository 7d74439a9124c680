using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Data;

/// <summary>
/// Column sizes of the send log table. Unlisted string columns are nopCommerce's default (unbounded text).
/// </summary>
public class SmtpLogEntryBuilder : NopEntityBuilder<SmtpLogEntry>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(SmtpLogEntry.CreatedOnUtc)).AsDateTime2().NotNullable().Indexed()
            .WithColumn(nameof(SmtpLogEntry.StatusId)).AsInt32().NotNullable()
            .WithColumn(nameof(SmtpLogEntry.FromAddress)).AsString(320).Nullable()
            .WithColumn(nameof(SmtpLogEntry.FromName)).AsString(400).Nullable()
            .WithColumn(nameof(SmtpLogEntry.ToAddress)).AsString(320).Nullable().Indexed()
            .WithColumn(nameof(SmtpLogEntry.ToName)).AsString(400).Nullable()
            .WithColumn(nameof(SmtpLogEntry.ReplyToAddress)).AsString(320).Nullable()
            .WithColumn(nameof(SmtpLogEntry.ReplyToName)).AsString(400).Nullable()
            .WithColumn(nameof(SmtpLogEntry.Subject)).AsString(1000).Nullable()
            .WithColumn(nameof(SmtpLogEntry.Server)).AsString(300).Nullable()
            .WithColumn(nameof(SmtpLogEntry.QueueId)).AsString(200).Nullable()
            .WithColumn(nameof(SmtpLogEntry.AttachmentFileName)).AsString(400).Nullable()
            .WithColumn(nameof(SmtpLogEntry.QueuedEmailId)).AsInt32().Nullable()
            .WithColumn(nameof(SmtpLogEntry.FailureReasonId)).AsInt32().Nullable();
    }
}
