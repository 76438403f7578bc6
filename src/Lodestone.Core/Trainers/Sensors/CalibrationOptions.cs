using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Lodestone.Trainers.Sensors;

public sealed class CalibrationOptions : TrainerOptions, ISensorOptions
{
    /// <summary>The sensor whose calibration records train the model; its calibrate endpoint uses the newest such model.</summary>
    [Description("The sensor whose calibration records train the model; its calibrate endpoint uses the newest such model.")]
    public string? Sensor { get; set; }

    /// <summary>1 linear, 2 quadratic…; 0 picks linear or quadratic by leave-one-out error.</summary>
    [Description("Polynomial degree of the correction: 1 linear, 2 quadratic, 3 cubic; 0 picks linear or quadratic by leave-one-out error.")]
    [Range(0, 3)]
    public int Degree { get; set; } = 1;
}
