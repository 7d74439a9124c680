using Nop.Core.Domain.ScheduleTasks;

namespace Nop.Services.ScheduleTasks;

public partial interface IScheduleTaskService
{
    Task<ScheduleTask> GetTaskByTypeAsync(string type);
}
