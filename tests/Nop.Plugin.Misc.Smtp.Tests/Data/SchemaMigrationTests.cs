using System.Globalization;
using System.Reflection;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Smtp.Data;

namespace Nop.Plugin.Misc.Smtp.Tests.Data;

/// <summary>
/// nopCommerce turns a migration's date into its version with a fixed set of formats and runs Installation
/// migrations when the plugin is installed; a date it cannot parse fails the install.
/// </summary>
public class SchemaMigrationTests
{
    // nopCommerce 4.90's NopMigrationDefaults.DateFormats.
    private static readonly string[] _nopDateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy.MM.dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss:fffffff", "yyyy.MM.dd HH:mm:ss:fffffff", "yyyy/MM/dd HH:mm:ss:fffffff"
    ];

    private static CustomAttributeData MigrationAttribute() =>
        typeof(SchemaMigration).GetCustomAttributesData().Single(attribute => attribute.AttributeType == typeof(NopMigrationAttribute));

    [Fact]
    public void SchemaMigration_HasADateNopCommerceCanParse()
    {
        var date = (string)MigrationAttribute().ConstructorArguments[0].Value;

        Assert.True(DateTime.TryParseExact(date, _nopDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            $"\"{date}\" is in none of nopCommerce's migration date formats.");
    }

    [Fact]
    public void SchemaMigration_RunsOnInstall()
    {
        var processType = MigrationAttribute().ConstructorArguments.Last();

        Assert.Equal(typeof(MigrationProcessType), processType.ArgumentType);
        Assert.Equal((int)MigrationProcessType.Installation, (int)processType.Value!);
    }
}
