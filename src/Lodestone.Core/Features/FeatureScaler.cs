namespace Lodestone.Features;

/// <summary>Standardises feature columns to zero mean and unit variance with statistics learnt from training rows.</summary>
public sealed record FeatureScaler(float[] Means, float[] Scales)
{
    public static FeatureScaler Fit(FeatureMatrix matrix)
    {
        var columns = matrix.Columns;
        var means = new double[columns];
        var squares = new double[columns];
        for (var r = 0; r < matrix.Rows; r++)
        {
            var row = matrix.Row(r);
            for (var c = 0; c < columns; c++)
            {
                means[c] += row[c];
                squares[c] += (double)row[c] * row[c];
            }
        }
        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            means[c] /= matrix.Rows;
            var std = Math.Sqrt(Math.Max(0, squares[c] / matrix.Rows - means[c] * means[c]));
            // A constant training column keeps its raw deviations rather than dividing by zero.
            scales[c] = std > 1e-9 ? (float)std : 1f;
        }
        return new FeatureScaler(means.Select(m => (float)m).ToArray(), scales);
    }

    public FeatureMatrix Transform(FeatureMatrix matrix)
    {
        var values = new float[matrix.Values.Length];
        var columns = matrix.Columns;
        for (var i = 0; i < values.Length; i++)
        {
            var c = i % columns;
            values[i] = (matrix.Values[i] - Means[c]) / Scales[c];
        }
        return new FeatureMatrix(matrix.Names, values);
    }
}
