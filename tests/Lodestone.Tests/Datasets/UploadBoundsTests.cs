using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Lodestone.Infrastructure;

namespace Lodestone.Datasets;

public sealed class UploadBoundsTests
{
    [Fact]
    public async Task AHugeNameField_IsRefusedAfterItsLimit_WithoutTheServerReadingItWhole()
    {
        using var app = new LodestoneAppFactory();
        app.CreateClient().Dispose();
        // The form as a client streams it: a part named 'name' of 64 MB, counted as the receiver takes it.
        var name = new CountingStream("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"u8.ToArray(), 64L * 1024 * 1024);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "multipart/form-data; boundary=b";
        context.Request.Body = name;

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => app.Services.GetRequiredService<UploadReceiver>().ReceiveAsync(context.Request));

        Assert.Contains("'name' is longer than 64 KB", refused.Message);
        Assert.True(name.BytesRead < 8 * 1024 * 1024, $"The receiver read {name.BytesRead / (1024 * 1024)} MB of a 64 MB field before refusing it.");
    }

    /// <summary>An unseekable stream of a header, then <c>length</c> bytes of 'n' and a closing boundary, that counts how much was read.</summary>
    private sealed class CountingStream(byte[] header, long length) : Stream
    {
        private static readonly byte[] End = "\r\n--b--\r\n"u8.ToArray();

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = header.Length + length + End.Length;
            var n = (int)Math.Min(count, total - BytesRead);
            for (var i = 0; i < n; i++)
            {
                var at = BytesRead + i;
                buffer[offset + i] = at < header.Length ? header[at] : at < header.Length + length ? (byte)'n' : End[at - header.Length - length];
            }
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
