using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Lodestone.Accounts;

/// <summary>
/// Refuses what another site could make a signed-in browser send with its cookie. A cookie-authenticated request from
/// another origin (its Origin or Sec-Fetch-Site says so, which also covers a WebSocket to the hub) is refused outright;
/// a POST a cross-origin form or beacon could produce (no body type, text/plain, form or multipart) must carry the page's
/// antiforgery token or a header no form can set (<c>X-Requested-With</c>; a script elsewhere needs CORS for it, which
/// Lodestone never grants). API-key requests carry their credential themselves and are not affected.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme
            || context.Request.Path.StartsWithSegments("/_blazor"))
        {
            await next(context);
            return;
        }
        if (ChangesOrListens(context) && IsCrossOrigin(context.Request))
        {
            await RefuseAsync(context, "Cross-origin requests with the sign-in cookie are refused.");
            return;
        }
        if (CouldBeForged(context.Request) && !await CarriesProofAsync(context, antiforgery))
        {
            await RefuseAsync(context, "This request needs the page's antiforgery token or an X-Requested-With header.");
            return;
        }
        await next(context);
    }

    // A link from another site to a page is fine (a GET never changes anything); a write or a live connection is not.
    private static bool ChangesOrListens(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        || context.WebSockets.IsWebSocketRequest || context.Request.Path.StartsWithSegments("/hubs");

    private static bool IsCrossOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return true;
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    // The requests a browser sends cross-origin without asking first (CORS "simple" requests) that change something.
    private static bool CouldBeForged(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method)) return false;
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type is null or "" or "text/plain" or "application/x-www-form-urlencoded" or "multipart/form-data";
    }

    private static async Task<bool> CarriesProofAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (context.Request.Headers.ContainsKey("X-Requested-With")) return true;
        // A form field is looked for in small form posts only: reading a multipart body here would buffer an upload.
        var formPost = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (!formPost && !context.Request.Headers.ContainsKey("RequestVerificationToken")) return false;
        return await antiforgery.IsRequestValidAsync(context);
    }

    private static Task RefuseAsync(HttpContext context, string reason)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new { title = "Forbidden", status = 403, detail = reason });
    }
}
