#nullable enable
using System.Diagnostics.CodeAnalysis;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// What <see cref="ScriptedSmtpServer"/> does in answer to a greeting, a command or a final dot: send reply lines
/// (then maybe close), drop the connection, or never answer. A string converts to a one-line reply, so hooks can
/// return "550 5.1.1 no such user" directly.
/// </summary>
public sealed class Reply
{
    private Reply(ReplyAction action, IReadOnlyList<string> lines, ReplyAction closeAfter, TimeSpan delay)
    {
        Action = action;
        Lines = lines;
        CloseAfter = closeAfter;
        Delay = delay;
    }

    /// <summary>Reset the TCP connection at once (RST), without a reply: a crash or a middlebox dropping us.</summary>
    public static Reply Disconnect { get; } =
        new(ReplyAction.Disconnect, Array.Empty<string>(), ReplyAction.Send, TimeSpan.Zero);

    /// <summary>Close the connection in an orderly way (FIN), without a reply.</summary>
    public static Reply Close { get; } = new(ReplyAction.Close, Array.Empty<string>(), ReplyAction.Send, TimeSpan.Zero);

    /// <summary>
    /// Never answer: whatever the client sends next is read and ignored until it gives up or the server is disposed.
    /// </summary>
    public static Reply Stall { get; } = new(ReplyAction.Stall, Array.Empty<string>(), ReplyAction.Send, TimeSpan.Zero);

    public ReplyAction Action { get; }

    /// <summary>Complete reply lines, code included; for a multi-line reply "250-first", …, "250 last".</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary><see cref="ReplyAction.Close"/> or <see cref="ReplyAction.Disconnect"/> after sending; Send = stay open.</summary>
    public ReplyAction CloseAfter { get; }

    /// <summary>How long to wait before acting: a slow server.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Whether the reply is a success (2xx) or intermediate (3xx) one, which lets the command take effect.</summary>
    public bool IsPositive => Action == ReplyAction.Send && Lines.Count > 0 && Lines[^1].Length > 0
        && Lines[^1][0] is '2' or '3';

    public static Reply Send(params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Length == 0)
            throw new ArgumentException("A reply needs at least one line.", nameof(lines));

        return new Reply(ReplyAction.Send, lines.ToArray(), ReplyAction.Send, TimeSpan.Zero);
    }

    [return: NotNullIfNotNull(nameof(line))]
    public static implicit operator Reply?(string? line)
    {
        return line is null ? null : Send(line);
    }

    /// <summary>Send the lines, then close in an orderly way (e.g. "421 4.3.2 shutting down").</summary>
    public Reply ThenClose()
    {
        return new Reply(Action, Lines, ReplyAction.Close, Delay);
    }

    /// <summary>Send the lines, then reset the connection.</summary>
    public Reply ThenDisconnect()
    {
        return new Reply(Action, Lines, ReplyAction.Disconnect, Delay);
    }

    /// <summary>The same reply, given after <paramref name="delay"/>.</summary>
    public Reply After(TimeSpan delay)
    {
        return new Reply(Action, Lines, CloseAfter, delay);
    }

    public override string ToString()
    {
        return Action == ReplyAction.Send ? string.Join(" / ", Lines) : Action.ToString();
    }
}

public enum ReplyAction
{
    Send,
    Close,
    Disconnect,
    Stall
}
