namespace Lodestone.Sensors;

public enum SensorStatus
{
    Online = 0,
    Warning = 1,
    Critical = 2,
    Offline = 3,
}
