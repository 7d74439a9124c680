using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Data;

/// <summary>
/// Creates the plugin's tables on install; nopCommerce reverses it on uninstall.
/// </summary>
[NopMigration("2026/12/03 12:00:00:0000000", "Misc.Smtp base schema", MigrationProcessType.Installation)]
public class SchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<SmtpLogEntry>();
        Create.TableFor<QueuedEmailClaim>();
    }
}
