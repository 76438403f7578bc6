using System.Text.Json.Serialization;

namespace Lodestone.Sensors;

[JsonConverter(typeof(JsonStringEnumConverter<SensorStatus>))]
public enum SensorStatus
{
    Online = 0,
    Warning = 1,
    Critical = 2,
    Offline = 3,
}
