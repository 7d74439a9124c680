#nullable enable
namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// Buffered byte-level reader for the scripted server: lines keep their exact bytes (for message content) and
/// pipelined commands stay in the buffer until asked for, so replies go out in order.
/// </summary>
internal sealed class SmtpLineReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public SmtpLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Whether the client sent bytes that were not consumed yet (e.g. data pipelined after STARTTLS).</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>The next line with its LF (and CR) terminator, or null once the peer has closed.</summary>
    public async Task<byte[]?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var newLine = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newLine >= 0)
            {
                line.Write(_buffer, _start, newLine + 1 - _start);
                _start = newLine + 1;
                return line.ToArray();
            }

            line.Write(_buffer, _start, _end - _start);
            _start = 0;
            _end = 0;
            if (line.Length > maxLength)
                throw new InvalidDataException($"Line longer than {maxLength} bytes.");

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                return null;
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes (a BDAT chunk), or null if the peer closed first.</summary>
    public async Task<byte[]?> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                return null;

            var take = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }

        return result;
    }

    /// <summary>Reads and throws away everything until the peer closes (or cancellation).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _start = _end;
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
            _start = _end;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }
}
