using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Turns what MailKit and the socket layer throw into one <see cref="SmtpSendException"/> with a reason and plain
/// words. The only place that knows MailKit's exception types.
/// </summary>
public static class SmtpFailureClassifier
{
    /// <summary>
    /// Classifies a failure.
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="phase">Where the session was.</param>
    /// <param name="server">host:port, for the message.</param>
    /// <param name="timedOut">Whether the plugin's own deadline had passed.</param>
    /// <param name="messageMayHaveBeenAccepted">Whether the end of the message had been sent when the connection broke.</param>
    /// <param name="certificateRejection">Why the certificate check rejected the server's certificate, if it did.</param>
    /// <param name="lastCommand">The verb of the last command sent, when known (a refused STARTTLS is a TLS failure).</param>
    public static SmtpSendException Classify(Exception exception, SmtpPhase phase, string server, bool timedOut,
        bool messageMayHaveBeenAccepted = false, string certificateRejection = null, string lastCommand = null)
    {
        if (exception is SmtpSendException known)
            return known;

        if (messageMayHaveBeenAccepted && exception is not SmtpCommandException)
        {
            return new(SmtpFailureReason.OutcomeUnknown,
                $"The connection to {server} broke after the whole message was sent and before the server confirmed it. " +
                "The server may or may not have accepted it, so it is not retried automatically.",
                innerException: exception);
        }

        if (timedOut && exception is OperationCanceledException or TimeoutException or IOException)
            return new(SmtpFailureReason.Timeout, $"{server} did not complete the {Describe(phase)} within the timeout.", innerException: exception);

        switch (exception)
        {
            case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                return new(SmtpFailureReason.Connect, $"The SMTP host of {server} could not be found (DNS). Check the host name.", innerException: exception);

            case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                return new(SmtpFailureReason.Connect, $"{server} refused the connection. Check the host and port, and that the server is running.", innerException: exception);

            // MailKit's own socket timeout (the same length as the deadline) can fire just before the deadline does.
            case TimeoutException:
                return new(SmtpFailureReason.Timeout, $"{server} did not complete the {Describe(phase)} within the timeout.", innerException: exception);

            case SocketException { SocketErrorCode: SocketError.TimedOut }:
                return new(SmtpFailureReason.Timeout, $"Connecting to {server} timed out.", innerException: exception);

            case SslHandshakeException when certificateRejection != null:
                return new(SmtpFailureReason.Certificate, $"The certificate of {server} was rejected: {certificateRejection}", innerException: exception);

            case SslHandshakeException:
                return new(SmtpFailureReason.Tls,
                    $"The TLS handshake with {server} failed. The port may expect another security setting " +
                    "(465 is usually SSL/TLS on connect, 587 STARTTLS).", innerException: exception);

            case AuthenticationException:
                // MailKit's message is "535: <reply>"; its inner SmtpCommandException holds the reply itself, which the
                // log shows after the code.
                return new(SmtpFailureReason.Auth, $"{server} rejected the username or password: {exception.Message}",
                    ParseCode(exception.Message), (exception.InnerException as SmtpCommandException)?.Message ?? WithoutLeadingCode(exception.Message),
                    innerException: exception);

            case ServiceNotAuthenticatedException:
                return new(SmtpFailureReason.Auth, $"{server} requires authentication: {exception.Message}", innerException: exception);

            case NotSupportedException when phase == SmtpPhase.Handshake:
                return new(SmtpFailureReason.Tls,
                    $"{server} does not offer STARTTLS, which the security setting requires. Nothing was sent in plaintext.", innerException: exception);

            case NotSupportedException when phase == SmtpPhase.Authenticate:
                return new(SmtpFailureReason.Auth, $"{server} does not offer authentication: {exception.Message}", innerException: exception);

            case SmtpCommandException command when phase == SmtpPhase.Handshake && lastCommand == "STARTTLS":
                return new(SmtpFailureReason.Tls,
                    $"{server} refused STARTTLS ({(int)command.StatusCode} {command.Message}), which the security setting requires. Nothing was sent in plaintext.",
                    (int)command.StatusCode, command.Message, innerException: command);

            case SmtpCommandException command:
                return FromCommand(command, phase, server);

            case SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or ObjectDisposedException:
                return new(SmtpFailureReason.Connect, $"The connection to {server} broke during the {Describe(phase)}: {exception.Message}", innerException: exception);

            case OperationCanceledException:
                return new(SmtpFailureReason.Timeout, $"The send to {server} was cancelled during the {Describe(phase)}.", innerException: exception);

            default:
                return new(SmtpFailureReason.Connect, $"Sending through {server} failed during the {Describe(phase)}: {exception.Message}", innerException: exception);
        }
    }

    private static SmtpSendException FromCommand(SmtpCommandException command, SmtpPhase phase, string server)
    {
        var code = (int)command.StatusCode;
        var reply = $"{code} {command.Message}";
        var mailbox = command.Mailbox?.Address;

        return command.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => new(SmtpFailureReason.Sender,
                $"{server} rejected the sender address {mailbox}: {reply}", code, command.Message, mailbox, command),
            SmtpErrorCode.RecipientNotAccepted => new(SmtpFailureReason.Recipient,
                $"{server} rejected the recipient {mailbox}: {reply}", code, command.Message, mailbox, command),
            SmtpErrorCode.MessageNotAccepted => new(SmtpFailureReason.Message,
                code == 552
                    ? $"{server} rejected the message as too large: {reply}"
                    : $"{server} rejected the message: {reply}", code, command.Message, innerException: command),
            // MailKit reports a refused DATA command as an unexpected status code; it is the message that was refused.
            _ when phase == SmtpPhase.Send && code != 421 => new(SmtpFailureReason.Message,
                $"{server} rejected the message: {reply}", code, command.Message, innerException: command),
            _ when phase == SmtpPhase.Authenticate => new(SmtpFailureReason.Auth,
                $"{server} rejected the authentication: {reply}", code, command.Message, innerException: command),
            _ when phase == SmtpPhase.Handshake && code == 454 => new(SmtpFailureReason.Tls,
                $"{server} refused to start TLS: {reply}. Nothing was sent in plaintext.", code, command.Message, innerException: command),
            _ when phase == SmtpPhase.Handshake => new(SmtpFailureReason.Connect,
                $"{server} refused the session: {reply}", code, command.Message, innerException: command),
            _ => new(SmtpFailureReason.Connect, $"{server} answered unexpectedly: {reply}", code, command.Message, innerException: command)
        };
    }

    // "535: 5.7.8 Bad credentials" as MailKit words an explicit mechanism's failure: the reply without its code.
    private static string WithoutLeadingCode(string text)
    {
        return ParseCode(text) != null && text.Length > 4 && text[3] == ':' ? text[4..].TrimStart() : text;
    }

    private static int? ParseCode(string text)
    {
        return text is { Length: >= 3 } && int.TryParse(text.AsSpan(0, 3), out var code) && code is >= 200 and < 600 ? code : null;
    }

    private static string Describe(SmtpPhase phase)
    {
        return phase switch
        {
            SmtpPhase.Connect => "connection",
            SmtpPhase.Handshake => "greeting and TLS handshake",
            SmtpPhase.Authenticate => "authentication",
            _ => "message transfer"
        };
    }
}
