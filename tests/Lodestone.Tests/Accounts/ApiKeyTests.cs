using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lodestone.Infrastructure;

namespace Lodestone.Accounts;

public sealed class ApiKeyTests
{
    [Theory, StorageProviders]
    public async Task BearerKey_IdentifiesItsUser(StorageProvider provider)
    {
        using var app = LodestoneAppFactory.For(provider);
        var user = await app.CreateUserAsync();

        var me = await user.Client.GetFromJsonAsync<AccountsApi.MeResponse>("/api/account");

        Assert.Equal(user.UserName, me!.UserName);
    }

    [Fact]
    public async Task BasicAuth_WithTheKeyAsPassword_IsAccepted_AsMlflowClientsSendIt()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"anyone:{user.ApiKey}")));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account")).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_IsRefused()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var created = await (await user.Client.PostAsJsonAsync("/api/account/api-keys", new { name = "script" }))
            .Content.ReadFromJsonAsync<AccountsApi.CreatedKeyResponse>();
        var script = app.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Key);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/account")).StatusCode);

        await user.Client.DeleteAsync($"/api/account/api-keys/{created.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/account")).StatusCode);
    }

    [Theory]
    [InlineData("Bearer ls_00000000_0000000000000000000000000000000000000000")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Token abc")]
    public async Task UnknownCredentials_GetUnauthorized(string header)
    {
        using var app = new LodestoneAppFactory();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_SetsACookieThatOpensTheApi()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var wrong = await browser.PostAsync("/account/login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = "wrong password" }));
        Assert.StartsWith("/login?error=1", wrong.Headers.Location!.OriginalString);

        var right = await browser.PostAsync("/account/login", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = user.UserName, ["password"] = Infrastructure.LodestoneAppFactory.Password, ["returnUrl"] = "//evil.example" }));
        Assert.Equal("/projects", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/account")).StatusCode);
    }
}
