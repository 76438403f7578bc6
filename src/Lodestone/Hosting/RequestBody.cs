using Microsoft.AspNetCore.Http.Features;

namespace Lodestone.Hosting;

/// <summary>
/// Bounds what a handler that reads its body by hand will read: a declared length over the limit is refused before a byte
/// is read, and a body without one (chunked) stops at the limit. Either way a 413 naming the limit, through
/// <see cref="InvalidInputHandler"/>.
/// </summary>
public static class RequestBody
{
    public static Stream Limit(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = maxBytes;
        return new LimitedStream(request.Body, maxBytes);
    }

    public static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The request body is larger than the limit of {Describe(maxBytes)}.", StatusCodes.Status413PayloadTooLarge);

    private static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";

    private sealed class LimitedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Allowed(count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // One byte past the limit is asked for, so that a body of exactly the limit ends cleanly and a longer one is seen.
        private int Allowed(int count) => (int)Math.Min(count, maxBytes - _read + 1);

        private int Count(int read)
        {
            _read += read;
            if (_read > maxBytes) throw TooLarge(maxBytes);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
