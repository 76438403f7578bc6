using Lodestone.Trainers.Sensors;

namespace Lodestone.Trainers;

public class SensorRegressorTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Drift_FollowsASteadyRise_AndFallsBackToATrend_WithFewReadings()
    {
        var readings = Enumerable.Range(0, 40).Select(i => new SensorReading(T0.AddHours(i), 100 + 0.5 * i)).ToArray();
        var model = DriftModel.Fit(readings, new DriftOptions { Baseline = 100 });
        Assert.Equal(20, DriftModel.Forecast(model, readings, new DriftOptions()).Value, 0.5); // next value 120 → 20 %
        var fallback = DriftModel.Forecast(null, readings[..5], new DriftOptions { Baseline = 100 });
        Assert.Equal((true, "linear-trend"), (fallback.IsFallback, fallback.Method));
        Assert.Equal(2.5, fallback.Value, 1e-9);
        Assert.NotEmpty(DriftModel.Check(readings[..19], new DriftOptions()));
    }

    [Fact]
    public void Calibration_RecoversALinearCorrection_AndFallsBackToTheLastOffset()
    {
        var records = Enumerable.Range(0, 6).Select(i => new CalibrationPoint(T0.AddDays(i), 2 * i + 1, i == 5 ? null : i)).ToArray();
        var model = CalibrationModel.Fit(records);
        Assert.Equal(21, CalibrationModel.Correct(model, 10, records).Value, 1e-9);
        var fallback = CalibrationModel.Correct(null, 10, records);
        Assert.Equal((15.0, true, "last-calibration"), (fallback.Value, fallback.IsFallback, fallback.Method)); // last offset 9 − 4 = 5
        Assert.Single(CalibrationModel.Check(records[..4], 1), p => p.Contains("5 records"));
    }
}
