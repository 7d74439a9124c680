namespace Nop.Services.Security;

public partial interface IPermissionConfigManager
{
    IList<PermissionConfig> AllConfigs { get; }
}
