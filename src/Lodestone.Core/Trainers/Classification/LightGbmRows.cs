using Lodestone.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lodestone.Trainers.Classification;

/// <summary>Feature rows for ML.NET's LightGBM: a run-time-sized feature vector, a class index (made a key, ordered by value, inside the pipeline) and a weight.</summary>
internal sealed class LightGbmRows
{
    public float[] Features { get; set; } = [];
    public uint Label { get; set; }
    public bool Flag { get; set; }
    public float Weight { get; set; } = 1;

    public static IDataView Load(MLContext ml, FeatureMatrix rows, Func<int, (uint Label, bool Flag, float Weight)>? target = null)
    {
        var schema = SchemaDefinition.Create(typeof(LightGbmRows));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows.Columns);
        var items = Enumerable.Range(0, rows.Rows).Select(r =>
        {
            var (label, flag, weight) = target?.Invoke(r) ?? (0u, false, 1f);
            return new LightGbmRows { Features = rows.Row(r).ToArray(), Label = label, Flag = flag, Weight = weight };
        });
        return ml.Data.LoadFromEnumerable(items, schema);
    }
}
