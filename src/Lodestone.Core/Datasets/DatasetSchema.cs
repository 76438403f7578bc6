using System.Text.Json.Serialization;

namespace Lodestone.Datasets;

[JsonConverter(typeof(JsonStringEnumConverter<DatasetSchema>))]
public enum DatasetSchema
{
    /// <summary>Any CSV imported through a column mapping.</summary>
    Generic = 0,
    /// <summary><c>timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id</c>; gains the derived channel |B|.</summary>
    Magnetometer = 1,
}
