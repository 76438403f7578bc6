using System.Threading.RateLimiting;
using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Lodestone.Hosting;

public static class ApplicationServices
{
    public const string RateLimitPolicy = "per-user";
    public const string SignInRateLimitPolicy = "sign-in";
    public const string PredictRateLimitPolicy = "predict";

    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLodestoneCore();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section);
        services.AddSingleton<Datasets.UploadReceiver>();
        services.AddSingleton<AnonymousRequestLimiter>();
        services.AddSingleton<DataFolderLock>();
        services.AddHostedService<StartupInitializer>();
        // After the initializer, which applies the migrations the deployments are read from.
        services.AddHostedService<Deployments.DeploymentTableLoader>();

        services.AddDataProtection().SetApplicationName("Lodestone");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRing(sp)));

        services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, "API key or cookie", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.HasCredentials(context.Request)
                    ? AuthenticationSchemes.ApiKey
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(AuthenticationSchemes.ApiKey, null)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "lodestone";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                // The API answers 401/403; only pages redirect to the login form.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AuthenticationSchemes.AdministratorPolicy, p => p.RequireAuthenticatedUser().RequireRole(AuthenticationSchemes.AdministratorRole));
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ProjectRoleHandler>();
        services.AddCascadingAuthenticationState();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.RequestBucket()));
            // Predict has a bucket of its own: sensors and scripts call it thousands of times a second, which the
            // general per-user bucket (sized for people and their tools) would refuse.
            o.AddPolicy(PredictRateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.PredictBucket()));
            o.AddPolicy(SignInRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = long.MaxValue);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<InvalidInputHandler>();
        // A body or query that does not bind throws, so that InvalidInputHandler answers with what was wrong (not an empty 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lodestone API";
            document.Info.Description = "Sensor time-series ML: projects, datasets, sensors and readings. Authenticate with " +
                "`Authorization: Bearer ls_…` (create a key under Account → API keys) or the browser's sign-in cookie.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        builder.AddTrainingServices();
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        // Before authorization, so that an unauthenticated flood is limited rather than answered 401 after 401.
        app.UseMiddleware<AnonymousRequestLimiter>();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json");
        // A self-hosted reference that works offline: no fonts from Scalar's CDN (the system's fonts instead), no hosted
        // AI chat, no "deploy" client button pointing at Scalar's cloud; its script is served by the app itself.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Lodestone API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts().DisableAgent().HideClientButton().HideDeveloperTools());
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
