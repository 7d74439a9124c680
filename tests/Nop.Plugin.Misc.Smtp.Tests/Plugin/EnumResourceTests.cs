using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Plugin;

/// <summary>
/// Every value of an enum the admin pages show by its localized name has a text of its own
/// (nopCommerce's Enums.&lt;full type name&gt;.&lt;value&gt;), not a split-up code name.
/// </summary>
public class EnumResourceTests
{
    public static TheoryData<Type> ShownEnums =>
    [
        typeof(SmtpSecurity), typeof(SmtpAuthentication), typeof(CertificateCheck), typeof(DeveloperMode),
        typeof(SendStatus), typeof(SmtpFailureReason)
    ];

    [Theory]
    [MemberData(nameof(ShownEnums))]
    public void EveryValue_HasAText(Type enumType)
    {
        var missing = Enum.GetNames(enumType)
            .Select(name => $"Enums.{enumType.FullName}.{name}")
            .Where(key => !SmtpResources.English.ContainsKey(key))
            .ToList();

        Assert.Empty(missing);
    }
}
