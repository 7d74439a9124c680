using System.Diagnostics;
using System.Globalization;
using MimeKit;
using MimeKit.Text;
using Nop.Plugin.Misc.Smtp.Benchmark;
using Nop.Plugin.Misc.Smtp.Benchmark.Loopback;

// The throughput benchmark: see README.md, "Performance". Usage:
//   dotnet run -c Release --project bench/Nop.Plugin.Misc.Smtp.Benchmark [-- --emails 500] [--baseline-rtt-emails 100] [--big-mb 25]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var emailCount = Argument(args, "--emails", 500);
var baselineRttEmails = Math.Min(emailCount, Argument(args, "--baseline-rtt-emails", 100));
var bigMegabytes = Argument(args, "--big-mb", 25);
const string username = "bench";
const string password = "s3cret-bench";

var folder = Directory.CreateTempSubdirectory("smtp-bench-").FullName;
try
{
    var certificate = TestCertificate.Create();
    var thumbprint = TestCertificate.Sha256(certificate);
    await using var server = new LoopbackSmtpServer(certificate, username, password) { KeepData = false };
    var workload = Workload.Create(emailCount, folder);
    var encoded = workload.Select(Serialize).ToList();

    Console.WriteLine($"SMTP plugin throughput benchmark: {emailCount} emails (~5 KB HTML, every 50th with a 100 KB attachment),");
    Console.WriteLine($"STARTTLS + AUTH against an in-process server on 127.0.0.1; {Environment.ProcessorCount} cores; .NET {Environment.Version}.");
    Console.WriteLine("(a) nopCommerce 4.90's way: new MailKit client per email, default sockets, StartTlsWhenAvailable, AUTH LOGIN, QUIT");
    Console.WriteLine("(b) plugin's IEmailSender through its pool, one email after another (as nopCommerce's queue task calls it)");
    Console.WriteLine("(c) plugin's queue task, parallel sends over the pool (defaults: MaxParallelSends 2, MaxConnections 2)");
    Console.WriteLine();

    // JIT and TLS warm-up, not measured.
    await RunBaselineAsync(server.Port, workload.Take(10).ToList(), server, username, password);
    await RunPluginSequentialAsync(server.Port, workload.Take(10).ToList(), server, thumbprint, username, password, "warm-up");
    await RunQueueTaskAsync(server.Port, workload.Take(10).ToList(), server, thumbprint, username, password, "warm-up");

    Console.WriteLine("== Loopback");
    // Five passes: one pass on loopback is over too quickly to time steadily.
    var ceiling = await RunCeilingAsync(server.Port, Enumerable.Repeat(encoded, 5).SelectMany(pass => pass).ToList(), server, username, password);
    var loopA = await RunBaselineAsync(server.Port, workload, server, username, password);
    var loopB = await RunPluginSequentialAsync(server.Port, workload, server, thumbprint, username, password, "(b) plugin sender, sequential, pooled");
    var loopC = await RunQueueTaskAsync(server.Port, workload, server, thumbprint, username, password, "(c) plugin queue task, parallel");
    var loopM = await RunBareMailKitAsync(server.Port, workload, server, username, password);
    foreach (var measurement in new[] { ceiling, loopA, loopB, loopC, loopM })
        Console.WriteLine(measurement);
    Console.WriteLine("(c)'s latencies come from the send log, in whole milliseconds.");
    Console.WriteLine($"b/a = {loopB.PerSecond / loopA.PerSecond:0.0}   c/a = {loopC.PerSecond / loopA.PerSecond:0.0}   b/ceiling = {loopB.PerSecond / ceiling.PerSecond:0.00}   " +
        $"b/m = {loopB.PerSecond / loopM.PerSecond:0.00} (the plugin against bare MailKit on one connection)");
    Console.WriteLine();

    Console.WriteLine("== 20 ms round trip (delaying proxy, 10 ms each way)");
    await using var proxy = new DelayProxy(server.Port, TimeSpan.FromMilliseconds(10));
    var rttCeiling = await RunCeilingAsync(proxy.Port, encoded, server, username, password);
    var rttA = await RunBaselineAsync(proxy.Port, workload.Take(baselineRttEmails).ToList(), server, username, password);
    var rttB = await RunPluginSequentialAsync(proxy.Port, workload, server, thumbprint, username, password, "(b) plugin sender, sequential, pooled");
    var rttC = await RunQueueTaskAsync(proxy.Port, workload, server, thumbprint, username, password, "(c) plugin queue task, parallel");
    var rttC4 = await RunQueueTaskAsync(proxy.Port, workload, server, thumbprint, username, password, "(c4) queue task, 4 parallel, 4 connections", 4);
    foreach (var measurement in new[] { rttCeiling, rttA, rttB, rttC, rttC4 })
        Console.WriteLine(measurement);
    if (baselineRttEmails < emailCount)
        Console.WriteLine($"(a) sent the first {baselineRttEmails} emails only, to keep the run short; its rate does not depend on the count.");
    Console.WriteLine($"b/a = {rttB.PerSecond / rttA.PerSecond:0.0}   c/a = {rttC.PerSecond / rttA.PerSecond:0.0}   c/ceiling = {rttC.PerSecond / rttCeiling.PerSecond:0.00}   (c4)/a = {rttC4.PerSecond / rttA.PerSecond:0.0} (not a default: for information)");
    Console.WriteLine();

    Console.WriteLine($"== One email with a {bigMegabytes} MB attachment (loopback)");
    var bigPath = Path.Combine(folder, "catalogue.zip");
    Workload.WriteRandomFile(bigPath, bigMegabytes * 1024 * 1024, seed: 2);
    var bigSize = new FileInfo(bigPath).Length;
    var bigEmail = workload[0] with { AttachmentPath = bigPath, Subject = "Your catalogue" };
    var bigPlugin = await RunPluginSequentialAsync(server.Port, [bigEmail], server, thumbprint, username, password, "plugin (attachment streamed from disk)");
    var bigReceived = server.Messages.Last().Size;
    if (bigReceived < bigSize * 4 / 3)
        throw new InvalidOperationException($"The server received {bigReceived} bytes for a {bigSize}-byte attachment.");
    var bigBaseline = await RunBaselineAsync(server.Port, [bigEmail], server, username, password);
    Console.WriteLine(bigPlugin);
    Console.WriteLine(bigBaseline with { Name = "nopCommerce way (file read into memory)" });
    var attachmentRatio = bigPlugin.PeakManagedMb * 1024 * 1024 / bigSize;
    Console.WriteLine($"peak managed heap during the plugin's send / attachment size = {attachmentRatio:0.00} (whole heap, not only the send)");
    Console.WriteLine();

    var loopbackBA = loopB.PerSecond / loopA.PerSecond;
    var rttCA = rttC.PerSecond / rttA.PerSecond;
    var bOverCeiling = loopB.PerSecond / ceiling.PerSecond;
    Console.WriteLine("== Targets");
    Console.WriteLine($"{Verdict(loopbackBA >= 30)} loopback b/a >= 30: {loopbackBA:0.0}");
    Console.WriteLine($"{Verdict(bOverCeiling >= 0.5)} loopback b within 2x of the server's ceiling (b/ceiling >= 0.5): {bOverCeiling:0.00}");
    Console.WriteLine($"{Verdict(rttCA >= 15)} 20 ms RTT c/a >= 15: {rttCA:0.0}");
    Console.WriteLine($"{Verdict(attachmentRatio < 2)} {bigMegabytes} MB attachment peak managed memory < 2x its size: {attachmentRatio:0.00}x");
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT loopback_b_over_a={loopbackBA:0.0} rtt20_c_over_a={rttCA:0.0} b_over_ceiling={bOverCeiling:0.00} attachment_peak_over_size={attachmentRatio:0.00}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

static int Argument(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

static byte[] Serialize(Email email)
{
    var message = new MimeMessage();
    message.From.Add(new MailboxAddress(email.FromName, email.From));
    message.To.Add(new MailboxAddress(email.ToName, email.To));
    message.Subject = email.Subject;
    var body = new TextPart(TextFormat.Html) { Text = email.Body };
    if (email.AttachmentPath == null)
    {
        message.Body = body;
    }
    else
    {
        message.Body = new Multipart("mixed")
        {
            body,
            new MimePart("application", "pdf")
            {
                FileName = Path.GetFileName(email.AttachmentPath),
                Content = new MimeContent(new MemoryStream(File.ReadAllBytes(email.AttachmentPath))),
                ContentTransferEncoding = ContentEncoding.Base64
            }
        };
    }

    using var stream = new MemoryStream();
    message.WriteTo(FormatOptions.Default, stream);
    return stream.ToArray();
}

static void ExpectDelivered(LoopbackSmtpServer server, int before, int count, string name)
{
    var arrived = server.MessageCount - before;
    if (arrived != count)
        throw new InvalidOperationException($"{name}: the server received {arrived} emails instead of {count}.");
}

static async Task<Measurement> RunCeilingAsync(int port, IReadOnlyList<byte[]> encoded, LoopbackSmtpServer server, string username, string password)
{
    var before = server.MessageCount;
    var (latencies, seconds, peak) = await PeakMemorySampler.MeasureAsync(() => new CeilingClient().RunAsync(port, encoded, username, password));
    ExpectDelivered(server, before, encoded.Count, "ceiling");
    return new Measurement("server ceiling (minimal pipelined client)", encoded.Count, seconds,
        Measurement.Percentile(latencies, 50), Measurement.Percentile(latencies, 99), peak);
}

static async Task<Measurement> RunBareMailKitAsync(int port, IReadOnlyList<Email> emails, LoopbackSmtpServer server, string username, string password)
{
    var before = server.MessageCount;
    var (latencies, seconds, peak) = await PeakMemorySampler.MeasureAsync(() => BareMailKit.SendAllAsync(port, emails, username, password));
    ExpectDelivered(server, before, emails.Count, "bare MailKit");
    return new Measurement("(m) bare MailKit, one reused connection", emails.Count, seconds,
        Measurement.Percentile(latencies, 50), Measurement.Percentile(latencies, 99), peak);
}

static async Task<Measurement> RunBaselineAsync(int port, IReadOnlyList<Email> emails, LoopbackSmtpServer server, string username, string password)
{
    var before = server.MessageCount;
    var latencies = new List<double>(emails.Count);
    var (_, seconds, peak) = await PeakMemorySampler.MeasureAsync(async () =>
    {
        foreach (var email in emails)
        {
            var started = Stopwatch.GetTimestamp();
            await NopCommerceBaseline.SendAsync(port, email, username, password);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return true;
    });
    ExpectDelivered(server, before, emails.Count, "baseline");
    return new Measurement("(a) nopCommerce 4.90 way", emails.Count, seconds,
        Measurement.Percentile(latencies, 50), Measurement.Percentile(latencies, 99), peak);
}

static async Task<Measurement> RunPluginSequentialAsync(int port, IReadOnlyList<Email> emails, LoopbackSmtpServer server, string thumbprint,
    string username, string password, string name)
{
    await using var plugin = new PluginHarness(port, thumbprint, username, password, keepSendLog: false);
    var before = server.MessageCount;
    var latencies = new List<double>(emails.Count);
    var (_, seconds, peak) = await PeakMemorySampler.MeasureAsync(async () =>
    {
        foreach (var email in emails)
        {
            var started = Stopwatch.GetTimestamp();
            await plugin.Sender.SendEmailAsync(plugin.Account, email.Subject, email.Body, email.From, email.FromName, email.To, email.ToName,
                attachmentFilePath: email.AttachmentPath);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return true;
    });
    ExpectDelivered(server, before, emails.Count, name);
    return new Measurement(name, emails.Count, seconds, Measurement.Percentile(latencies, 50), Measurement.Percentile(latencies, 99), peak);
}

static async Task<Measurement> RunQueueTaskAsync(int port, IReadOnlyList<Email> emails, LoopbackSmtpServer server, string thumbprint,
    string username, string password, string name, int parallel = 0)
{
    await using var plugin = new PluginHarness(port, thumbprint, username, password, keepSendLog: true);
    if (parallel > 0)
        plugin.Settings.MaxParallelSends = plugin.Settings.MaxConnections = parallel;
    var (task, queue) = plugin.CreateQueueTask(emails);
    var before = server.MessageCount;
    var (_, seconds, peak) = await PeakMemorySampler.MeasureAsync(async () =>
    {
        await task.ExecuteAsync();
        return true;
    });
    ExpectDelivered(server, before, emails.Count, name);
    if (queue.Emails.Any(email => email.SentOnUtc == null || email.SentTries != 1))
        throw new InvalidOperationException($"{name}: not every queued email was marked sent after one try.");

    // Per-email latency from the send log: building the message plus the SMTP exchange, as the plugin records it.
    var latencies = plugin.SendLog.Entries.Select(entry => (double)entry.DurationMs).ToList();
    return new Measurement(name, emails.Count, seconds, Measurement.Percentile(latencies, 50), Measurement.Percentile(latencies, 99), peak);
}
