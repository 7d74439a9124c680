using System.Text;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class TranscriptLoggerTests
{
    private static void Client(TranscriptLogger logger, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        logger.LogClient(bytes, 0, bytes.Length);
    }

    private static void Server(TranscriptLogger logger, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        logger.LogServer(bytes, 0, bytes.Length);
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void AuthPlain_InitialResponseIsMasked_MechanismKept()
    {
        var logger = new TranscriptLogger();
        var blob = B64("\0shop@example.com\0hunter22");

        Client(logger, $"AUTH PLAIN {blob}\r\n");
        Server(logger, "235 2.7.0 Authentication successful\r\n");

        var transcript = logger.GetTranscript();
        Assert.DoesNotContain(blob, transcript);
        Assert.Contains("C: AUTH PLAIN ********", transcript);
        Assert.Contains("S: 235 2.7.0 Authentication successful", transcript);
        Assert.Equal("PLAIN", logger.AuthMechanism);
    }

    [Fact]
    public void AuthLogin_EveryClientLineOfTheExchangeIsMasked()
    {
        var logger = new TranscriptLogger();

        Client(logger, "AUTH LOGIN\r\n");
        Server(logger, "334 VXNlcm5hbWU6\r\n");
        Client(logger, B64("shop@example.com") + "\r\n");
        Server(logger, "334 UGFzc3dvcmQ6\r\n");
        Client(logger, B64("hunter22") + "\r\n");
        Server(logger, "535 5.7.8 Error: authentication failed\r\n");
        Client(logger, "QUIT\r\n");

        var transcript = logger.GetTranscript();
        Assert.DoesNotContain(B64("hunter22"), transcript);
        Assert.DoesNotContain(B64("shop@example.com"), transcript);
        Assert.Contains("S: 535 5.7.8 Error: authentication failed", transcript);
        Assert.Contains("C: QUIT", transcript);
    }

    [Fact]
    public void Scrubber_MasksThePasswordWhereverItAppears()
    {
        var logger = new TranscriptLogger();
        logger.UseScrubber(new SecretScrubber("shop", "hunter22"));

        Server(logger, "550 your password hunter22 is weak\r\n");

        Assert.DoesNotContain("hunter22", logger.GetTranscript());
    }

    [Fact]
    public void MessageContent_IsSummarised_AndTheEndOfTheMessageIsNoted()
    {
        var logger = new TranscriptLogger();
        logger.BeginMessage();

        Client(logger, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        Server(logger, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
        Client(logger, "Subject: secret order\r\n\r\n..dot-stuffed line\r\n");
        Assert.False(logger.MessageEndSent);
        Client(logger, ".\r\n");

        Assert.True(logger.MessageEndSent);
        var transcript = logger.GetTranscript();
        Assert.DoesNotContain("secret order", transcript);
        Assert.Contains("C: [message: ", transcript);
        Assert.Contains("C: .", transcript);
    }

    [Fact]
    public void MessageEnd_SplitAcrossWrites_IsStillDetected()
    {
        var logger = new TranscriptLogger();
        logger.BeginMessage();
        Client(logger, "DATA\r\n");
        Server(logger, "354 go ahead\r\n");

        Client(logger, "body\r\n");
        Client(logger, ".");
        Assert.False(logger.MessageEndSent);
        Client(logger, "\r");
        Client(logger, "\n");

        Assert.True(logger.MessageEndSent);
        Assert.Equal(6, logger.LastMessageBytes);
    }

    [Fact]
    public void DataRefused_DoesNotTreatLaterCommandsAsContent()
    {
        var logger = new TranscriptLogger();
        logger.BeginMessage();
        Client(logger, "DATA\r\n");
        Server(logger, "554 5.5.1 No valid recipients\r\n");
        Client(logger, "RSET\r\n");

        Assert.Contains("C: RSET", logger.GetTranscript());
        Assert.False(logger.MessageEndSent);
    }

    [Fact]
    public void BeginMessage_KeepsTheOpeningAndReplacesThePreviousMessage()
    {
        var logger = new TranscriptLogger();
        Server(logger, "220 mail.example.com ESMTP\r\n");
        logger.BeginMessage();
        Client(logger, "MAIL FROM:<first@example.com>\r\n");
        logger.BeginMessage();
        Client(logger, "MAIL FROM:<second@example.com>\r\n");

        var transcript = logger.GetTranscript();
        Assert.Contains("220 mail.example.com ESMTP", transcript);
        Assert.DoesNotContain("first@example.com", transcript);
        Assert.Contains("second@example.com", transcript);
        Assert.Equal("220 mail.example.com ESMTP", logger.Greeting);
    }

    [Fact]
    public void MessageEnd_IsFoundExactlyOnce_WhateverTheWritesAreSplitLike()
    {
        // Dot-stuffed content with lines that start with dots, CRs and LFs in every position but the terminator's.
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => i % 7 == 0 ? "..stuffed\r\n" : $"line {i}\r\n")));
        var wire = content.Concat(".\r\n"u8.ToArray()).ToArray();
        var random = new Random(42);

        for (var run = 0; run < 200; run++)
        {
            var logger = new TranscriptLogger();
            logger.BeginMessage();
            Client(logger, "DATA\r\n");
            Server(logger, "354 go ahead\r\n");

            var offset = 0;
            while (offset < wire.Length)
            {
                Assert.False(logger.MessageEndSent);
                var count = Math.Min(wire.Length - offset, random.Next(1, 12));
                logger.LogClient(wire, offset, count);
                offset += count;
            }

            Assert.True(logger.MessageEndSent);
            Assert.Equal(content.Length, logger.LastMessageBytes);
        }
    }
}
