#nullable enable
namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>What one connection to a <see cref="ScriptedSmtpServer"/> carried. Readable while it is still open.</summary>
public sealed class ScriptedConnection
{
    private readonly object _lock = new();
    private readonly List<string> _clientLines = new();
    private readonly List<string> _conversation = new();
    private readonly List<string> _commands = new();
    private bool _isOpen = true;
    private bool _secure;
    private string? _authenticatedUser;
    private int _messagesEnded;
    private int _messagesAccepted;
    private int _pipelinedCommands;
    private Exception? _fault;

    internal ScriptedConnection(int index)
    {
        Index = index;
    }

    /// <summary>0-based, in accept order.</summary>
    public int Index { get; }

    /// <summary>Every line the client sent outside message content, without CRLF (AUTH continuations included).</summary>
    public IReadOnlyList<string> ClientLines
    {
        get
        {
            lock (_lock)
            {
                return _clientLines.ToArray();
            }
        }
    }

    /// <summary>Both directions for diagnostics: "C: …", "S: …", and "-- …" for events such as TLS or close.</summary>
    public IReadOnlyList<string> Conversation
    {
        get
        {
            lock (_lock)
            {
                return _conversation.ToArray();
            }
        }
    }

    /// <summary>
    /// The command verbs the client sent (upper-case, AUTH continuations left out), handy for asserting the order
    /// of a session.
    /// </summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_lock)
            {
                return _commands.ToArray();
            }
        }
    }

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _isOpen;
            }
        }
    }

    public bool Secure
    {
        get
        {
            lock (_lock)
            {
                return _secure;
            }
        }
    }

    public string? AuthenticatedUser
    {
        get
        {
            lock (_lock)
            {
                return _authenticatedUser;
            }
        }
    }

    /// <summary>Messages whose content ended on this connection, whatever the answer.</summary>
    public int MessagesEnded
    {
        get
        {
            lock (_lock)
            {
                return _messagesEnded;
            }
        }
    }

    /// <summary>Messages answered with 2xx on this connection.</summary>
    public int MessagesAccepted
    {
        get
        {
            lock (_lock)
            {
                return _messagesAccepted;
            }
        }
    }

    /// <summary>
    /// Commands that had already arrived when the server finished answering the one before: proof that the client
    /// pipelined. A lower bound, since bytes still in the socket buffer are not seen.
    /// </summary>
    public int PipelinedCommands
    {
        get
        {
            lock (_lock)
            {
                return _pipelinedCommands;
            }
        }
    }

    /// <summary>The exception that ended the connection (TLS handshake refused, client reset), if any.</summary>
    public Exception? Fault
    {
        get
        {
            lock (_lock)
            {
                return _fault;
            }
        }
    }

    public override string ToString()
    {
        return $"Connection {Index}:{Environment.NewLine}{string.Join(Environment.NewLine, Conversation)}";
    }

    internal void RecordClientLine(string line)
    {
        lock (_lock)
        {
            _clientLines.Add(line);
            _conversation.Add("C: " + line);
        }
    }

    internal void RecordCommand(string verb)
    {
        lock (_lock)
        {
            _commands.Add(verb);
        }
    }

    internal void CountPipelinedCommand()
    {
        lock (_lock)
        {
            _pipelinedCommands++;
        }
    }

    internal void RecordConversation(string entry)
    {
        lock (_lock)
        {
            _conversation.Add(entry);
        }
    }

    internal void MarkSecure()
    {
        lock (_lock)
        {
            _secure = true;
            _conversation.Add("-- TLS established");
        }
    }

    internal void SetAuthenticatedUser(string? user)
    {
        lock (_lock)
        {
            _authenticatedUser = user;
        }
    }

    internal void CountMessage(bool accepted)
    {
        lock (_lock)
        {
            _messagesEnded++;
            if (accepted)
                _messagesAccepted++;
        }
    }

    internal void MarkClosed(Exception? fault)
    {
        lock (_lock)
        {
            _isOpen = false;
            _fault ??= fault;
            _conversation.Add(fault is null ? "-- closed" : $"-- closed: {fault.GetType().Name}: {fault.Message}");
        }
    }
}
