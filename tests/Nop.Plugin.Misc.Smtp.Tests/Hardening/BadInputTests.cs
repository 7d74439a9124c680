using System.Net;
using System.Net.Sockets;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Malicious or malformed email input: refused before any connection with a clear Input error naming the field, or
/// sent intact. A listener counts connections to prove nothing reached the network.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _connections;
    private SenderHarness _harness;

    public Task InitializeAsync()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
        _harness = new SenderHarness().UseServer(((IPEndPoint)_listener.LocalEndpoint).Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        await _harness.DisposeAsync();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception)
        {
            // Listener stopped.
        }
    }

    private async Task<SmtpSendException> AssertRefusedBeforeConnectingAsync(Func<SenderHarness, Task> send, string field)
    {
        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => send(_harness));

        Assert.Equal(SmtpFailureReason.Input, failure.Reason);
        Assert.Contains(field, failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, Volatile.Read(ref _connections));
        var entry = Assert.Single(_harness.Log.Entries);
        Assert.Equal(SendStatus.Failed, entry.Status);
        Assert.Equal((int)SmtpFailureReason.Input, entry.FailureReasonId);
        Assert.Equal(failure.Message, entry.Error);
        return failure;
    }

    public static TheoryData<string> LineBreaks => new() { "\r\n", "\n", "\r", "\r\n ", "\u2028", "\u0085", "\0" };

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public Task Send_SubjectWithLineBreak_IsRefusedBeforeConnecting(string lineBreak)
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(subject: $"Hello{lineBreak}Bcc: victim@evil.example"), "subject");
    }

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public Task Send_RecipientDisplayNameWithLineBreak_IsRefusedBeforeConnecting(string lineBreak)
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(toName: $"Bob{lineBreak}Cc: victim@evil.example"), "To name");
    }

    [Fact]
    public Task Send_FromDisplayNameWithLineBreak_IsRefusedBeforeConnecting()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(fromName: "Shop\r\nBcc: victim@evil.example"), "From name");
    }

    [Fact]
    public Task Send_ReplyToAddressWithLineBreak_IsRefusedBeforeConnecting()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(replyTo: "a@example.com\r\nBcc: victim@evil.example"), "Reply-To address");
    }

    [Fact]
    public Task Send_ReplyToNameWithLineBreak_IsRefusedBeforeConnecting()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(replyTo: "a@example.com", replyToName: "A\nBcc: victim@evil.example"), "Reply-To name");
    }

    [Fact]
    public Task Send_RecipientAddressWithLineBreak_IsRefusedBeforeConnecting()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(to: "customer@example.com\r\nRCPT TO:<victim@evil.example>"), "To address");
    }

    [Fact]
    public Task Send_CustomHeaderValueWithLineBreak_IsRefusedBeforeConnecting()
    {
        var headers = new Dictionary<string, string> { ["X-Order"] = "1001\r\nBcc: victim@evil.example" };
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(headers: headers), "header X-Order");
    }

    [Theory]
    [InlineData("", "To address is empty")]
    [InlineData("   ", "To address is empty")]
    [InlineData("not-an-address", "not a valid email address")]
    [InlineData("customer@", "not a valid email address")]
    [InlineData("@example.com", "not a valid email address")]
    [InlineData("cust omer@example.com", "not a valid email address")]
    [InlineData("a@b@example.com", "not a valid email address")]
    [InlineData("one@example.com, two@example.com", "not a valid email address")]
    [InlineData("one@example.com; two@example.com", "not a valid email address")]
    [InlineData("Victim <victim@example.com>", "not a valid email address")]
    [InlineData("group: a@example.com;", "not a valid email address")]
    [InlineData("customer@localhost", "not a valid email address")]
    public async Task Send_MalformedRecipient_FailsWithErrorNamingTheField(string address, string expected)
    {
        var failure = await AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(to: address), "To address");

        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public async Task Send_RecipientLongerThan254Characters_FailsWithErrorNamingTheField()
    {
        var address = new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 3)) + ".example.com";
        Assert.True(address.Length > 254);

        var failure = await AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(to: address), "To address");

        Assert.Contains("254", failure.Message);
    }

    [Fact]
    public async Task Send_MalformedBcc_FailsWithErrorNamingTheField()
    {
        var failure = await AssertRefusedBeforeConnectingAsync(
            harness => harness.SendAsync(bcc: ["ok@example.com", "broken@@example.com"]), "Bcc address");

        Assert.Contains("broken@@example.com", failure.Message);
    }

    [Fact]
    public Task Send_MalformedCc_FailsWithErrorNamingTheField()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(cc: ["nobody"]), "Cc address");
    }

    [Fact]
    public Task Send_MalformedReplyTo_FailsWithErrorNamingTheField()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(replyTo: "reply@"), "Reply-To address");
    }

    [Fact]
    public Task Send_EmptyFrom_FailsWithErrorNamingTheField()
    {
        return AssertRefusedBeforeConnectingAsync(harness => harness.SendAsync(from: ""), "From address");
    }
}
