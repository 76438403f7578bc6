using System.Net;
using Lodestone.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lodestone.Accounts;

/// <summary>A sign-in cookie held by the test, so it can be replayed after sign-out or sent to another instance.</summary>
internal static class BrowserSession
{
    /// <summary>Signs in through the login form and returns the <c>lodestone=…</c> cookie it set.</summary>
    public static async Task<string> SignInAsync(LodestoneAppFactory app, string userName, string password = LodestoneAppFactory.Password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = userName, ["password"] = password }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return CookieOf(response) ?? throw new InvalidOperationException("The sign-in set no cookie.");
    }

    public static string? CookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("lodestone=", StringComparison.Ordinal) && c.Length > "lodestone=".Length)
            : null;

    /// <summary>A client that sends this cookie (and keeps no cookies of its own).</summary>
    public static HttpClient Client(LodestoneAppFactory app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public static async Task<HttpStatusCode> StatusOfMeAsync(LodestoneAppFactory app, string cookie) =>
        (await Client(app, cookie).GetAsync("/api/account")).StatusCode;
}
