using System.Text.Json.Serialization;

namespace Lodestone.Sensors;

[JsonConverter(typeof(JsonStringEnumConverter<SensorKind>))]
public enum SensorKind
{
    Magnetometer = 0,
    Temperature = 1,
    Pressure = 2,
    Vibration = 3,
    Flow = 4,
    Accelerometer = 5,
    Current = 6,
    Voltage = 7,
    Other = 99,
}
