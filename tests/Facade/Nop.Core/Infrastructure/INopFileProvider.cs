using Microsoft.Extensions.FileProviders;

namespace Nop.Core.Infrastructure;

public partial interface INopFileProvider : IFileProvider
{
    bool FileExists(string filePath);
}
