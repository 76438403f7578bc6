namespace Lodestone.Hosting;

/// <summary>
/// Headers on every response: no MIME sniffing, no full addresses in Referer to other sites, no framing, and a
/// Content-Security-Policy that lets only this server's own scripts run (Blazor, MudBlazor and plotly.js are served
/// locally). Styles allow inline: MudBlazor and plotly set style attributes on every element they draw. The API
/// reference (/docs) and the job dashboard (/hangfire) are third-party pages with inline scripts and keep no CSP.
/// HSTS is sent on https only, by ASP.NET Core's middleware, outside Development.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments("/docs") && !context.Request.Path.StartsWithSegments("/hangfire"))
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return next(context);
        });
    }
}
