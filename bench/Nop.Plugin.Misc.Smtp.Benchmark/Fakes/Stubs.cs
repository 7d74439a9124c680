using System.Collections.Concurrent;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Media;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Fakes;

/// <summary>
/// nopCommerce's log, kept in memory.
/// </summary>
public sealed class MemoryLogger : ILogger
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public Task InformationAsync(string message, Exception exception = null, Customer customer = null) => Add("Information", message);

    public Task WarningAsync(string message, Exception exception = null, Customer customer = null) => Add("Warning", message);

    public Task ErrorAsync(string message, Exception exception = null, Customer customer = null) => Add("Error", message);

    private Task Add(string level, string message)
    {
        Entries.Enqueue($"{level}: {message}");
        return Task.CompletedTask;
    }
}

/// <summary>
/// The plugin's send log, kept in memory (or dropped) instead of written to a database.
/// </summary>
public sealed class MemorySendLog : ISendLog
{
    private readonly bool _keep;

    public MemorySendLog(bool keep = true)
    {
        _keep = keep;
    }

    public ConcurrentQueue<SmtpLogEntry> Entries { get; } = new();

    public Task RecordAsync(SmtpLogEntry entry, CancellationToken cancellationToken = default)
    {
        if (_keep)
            Entries.Enqueue(entry);

        return Task.CompletedTask;
    }
}

/// <summary>
/// The local file system, as nopCommerce's file provider sees it for attachments.
/// </summary>
public sealed class LocalFileProvider : INopFileProvider
{
    public bool FileExists(string filePath) => File.Exists(filePath);

    public IFileInfo GetFileInfo(string subpath) => new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
}

/// <summary>
/// Downloads kept in memory, as nopCommerce's download service returns them (the whole binary).
/// </summary>
public sealed class MemoryDownloadService : IDownloadService
{
    public ConcurrentDictionary<int, Download> Downloads { get; } = new();

    public Task<Download> GetDownloadByIdAsync(int downloadId)
    {
        Downloads.TryGetValue(downloadId, out var download);
        return Task.FromResult(download);
    }
}
