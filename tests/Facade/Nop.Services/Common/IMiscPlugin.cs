using Nop.Services.Plugins;

namespace Nop.Services.Common;

public partial interface IMiscPlugin : IPlugin;
