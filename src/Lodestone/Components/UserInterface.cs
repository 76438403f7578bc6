namespace Lodestone.Components;

public static class UserInterface
{
    public static void MapUserInterface(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // Hosting.SecurityHeaders sends the whole policy, frame-ancestors included; Blazor would add a second header of its own.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
    }
}
