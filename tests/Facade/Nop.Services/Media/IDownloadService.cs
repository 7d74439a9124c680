using Nop.Core.Domain.Media;

namespace Nop.Services.Media;

public partial interface IDownloadService
{
    Task<Download> GetDownloadByIdAsync(int downloadId);
}
