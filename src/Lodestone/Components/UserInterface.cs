namespace Lodestone.Components;

public static class UserInterface
{
    public static void MapUserInterface(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
