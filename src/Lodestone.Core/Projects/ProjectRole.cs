using System.Text.Json.Serialization;

namespace Lodestone.Projects;

/// <summary>What a member may do in a project. Ordered: each role includes the ones below it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProjectRole>))]
public enum ProjectRole
{
    Viewer = 1,
    Editor = 2,
    Admin = 3,
}
