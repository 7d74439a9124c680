using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Nop.Plugin.Misc.Smtp.Benchmark;

/// <summary>
/// MailKit alone at its best for sequential sending: one SmtpClient on a TCP_NODELAY socket, STARTTLS and AUTH once,
/// then one message after another, each built as nopCommerce builds it. No plugin code. It shows how much of (b)'s
/// time is MailKit's and MimeKit's own work, which no sender built on MailKit can avoid.
/// </summary>
public static class BareMailKit
{
    public static async Task<List<double>> SendAllAsync(int port, IReadOnlyList<Email> emails, string username, string password)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(new SaslMechanismLogin(username, password));

        var latencies = new List<double>(emails.Count);
        foreach (var email in emails)
        {
            var started = Stopwatch.GetTimestamp();
            await client.SendAsync(await NopCommerceBaseline.BuildMessageAsync(email));
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        await client.DisconnectAsync(true);
        return latencies;
    }
}
