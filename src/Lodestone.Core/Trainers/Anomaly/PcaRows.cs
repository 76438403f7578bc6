using Lodestone.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lodestone.Trainers.Anomaly;

/// <summary>Feature rows as an ML.NET data view with one fixed-size vector column (its size known only at run time).</summary>
internal sealed class PcaRows
{
    public const string FeatureColumn = "Features";

    public float[] Features { get; set; } = [];

    public static IDataView Load(MLContext ml, FeatureMatrix rows)
    {
        var schema = SchemaDefinition.Create(typeof(PcaRows));
        schema[FeatureColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows.Columns);
        var items = Enumerable.Range(0, rows.Rows).Select(r => new PcaRows { Features = rows.Row(r).ToArray() });
        return ml.Data.LoadFromEnumerable(items, schema);
    }
}
