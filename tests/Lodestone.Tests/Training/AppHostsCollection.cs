namespace Lodestone.Training;

/// <summary>Test classes that start app hosts with a job server run one after another, never side by side.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostsCollection
{
    public const string Name = "App hosts with a job server";
}
