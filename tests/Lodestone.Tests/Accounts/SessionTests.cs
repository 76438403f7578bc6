using System.Net;
using System.Net.Http.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Accounts;

public sealed class SessionTests
{
    [Fact]
    public async Task ACookieIssuedByAnotherInstance_IsRefused_EvenForAUserOfTheSameName()
    {
        using var first = new LodestoneAppFactory();
        using var second = new LodestoneAppFactory();
        await first.CreateUserAsync("same-name", administrator: true);
        await second.CreateUserAsync("same-name", administrator: true);
        var cookie = await BrowserSession.SignInAsync(first, "same-name");

        Assert.Equal(HttpStatusCode.OK, await BrowserSession.StatusOfMeAsync(first, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(second, cookie));
        var create = await BrowserSession.Client(second, cookie).PostAsJsonAsync("/api/users", new { userName = "intruder", displayName = "", password = "long enough password" });
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_SoACopyOfTheCookieNoLongerWorks()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var cookie = await BrowserSession.SignInAsync(app, user.UserName);
        var other = await BrowserSession.SignInAsync(app, user.UserName);

        var browser = BrowserSession.Client(app, cookie);
        browser.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(app, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(app, other));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/account")).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_SignsOutOtherBrowsers_KeepsThisOne_AndTheNewPasswordSignsIn()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var mine = await BrowserSession.SignInAsync(app, user.UserName);
        var elsewhere = await BrowserSession.SignInAsync(app, user.UserName);

        var changed = await BrowserSession.Client(app, mine).PostAsJsonAsync("/api/account/password",
            new { currentPassword = LodestoneAppFactory.Password, newPassword = "a new password of mine" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var renewed = BrowserSession.CookieOf(changed)!;
        Assert.Equal(HttpStatusCode.OK, await BrowserSession.StatusOfMeAsync(app, renewed));
        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(app, mine));
        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(app, elsewhere));
        await BrowserSession.SignInAsync(app, user.UserName, "a new password of mine");
    }

    [Fact]
    public async Task ChangePassword_Answers400_WhenTheCurrentPasswordIsWrongOrTheNewOneTooShort()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();

        var wrong = await user.Client.PostAsJsonAsync("/api/account/password", new { currentPassword = "not it at all", newPassword = "a new password of mine" });
        var shorter = await user.Client.PostAsJsonAsync("/api/account/password", new { currentPassword = LodestoneAppFactory.Password, newPassword = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("current password is wrong", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, shorter.StatusCode);
        Assert.Contains("at least 10 characters", await shorter.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAdministratorsReset_SetsThePassword_AndEndsTheUsersSessions_OthersAreRefused()
    {
        using var app = new LodestoneAppFactory();
        var admin = await app.CreateUserAsync(administrator: true);
        var user = await app.CreateUserAsync();
        var cookie = await BrowserSession.SignInAsync(app, user.UserName);

        var byUser = await user.Client.PutAsJsonAsync($"/api/users/{admin.UserName}/password", new { password = "taken over now" });
        var reset = await admin.Client.PutAsJsonAsync($"/api/users/{user.UserName}/password", new { password = "reset by the admin" });

        Assert.Equal(HttpStatusCode.Forbidden, byUser.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await BrowserSession.StatusOfMeAsync(app, cookie));
        await BrowserSession.SignInAsync(app, user.UserName, "reset by the admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.PutAsJsonAsync("/api/users/nobody-here/password", new { password = "reset by the admin" })).StatusCode);
    }

    [Theory]
    [InlineData("/\t/evil.example:5899/")]
    [InlineData("/\n/evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_SendsTheBrowserToProjects_WhenTheReturnAddressLeavesTheSite(string returnUrl)
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user.UserName, ["password"] = LodestoneAppFactory.Password, ["returnUrl"] = returnUrl,
        }));

        Assert.Equal("/projects", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void LocalUrl_AcceptsPathsOfThisSite()
    {
        Assert.True(LocalUrl.IsLocal("/projects/abc?x=1#y"));
        Assert.True(LocalUrl.IsLocal("/"));
        Assert.False(LocalUrl.IsLocal("/%09/evil".Replace("%09", "\t")));
        Assert.False(LocalUrl.IsLocal(""));
    }
}
