using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace ControlRoom.Host.Sources;

/// <summary>A platform request's body, read whole but never beyond a limit (after gzip decoding, when the platform compresses).</summary>
public static class SourceBody
{
    public static async Task<SourceBodyRead> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return SourceBodyRead.TooLarge(maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (encoding.Length > 0 && !gzip && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new SourceBodyRead(null, StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported (gzip is).");
        }

        await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var body = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    return SourceBodyRead.TooLarge(maxBytes);
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return new SourceBodyRead(null, StatusCodes.Status400BadRequest, "The body is not valid gzip.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return SourceBodyRead.TooLarge(maxBytes);
        }

        return new SourceBodyRead(body.ToArray(), null, null);
    }
}

/// <summary>The body, or the status and reason it was refused with.</summary>
public sealed record SourceBodyRead(byte[]? Body, int? Status, string? Error)
{
    public static SourceBodyRead TooLarge(int maxBytes) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes / 1024} KiB.");
}
