using Lodestone.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lodestone.Trainers.Classification;

/// <summary>
/// Scores windows one row at a time through ML.NET prediction engines over a <see cref="LightGbmModel"/>'s
/// transformers, for serving. A prediction engine is not thread-safe, so neither is this: one caller at a time.
/// </summary>
internal sealed class LightGbmPredictor(LightGbmModel model, MLContext ml, ITransformer[] transformers)
{
    private readonly FeatureExtractor _features = new(model.Model.Bands);
    private readonly LightGbmRows _row = new();
    private PredictionEngine<LightGbmRows, MulticlassScore>? _multiclass;
    private PredictionEngine<LightGbmRows, BinaryProbability>[]? _perLabel;

    public IReadOnlyList<Prediction> Predict(WindowSet data)
    {
        var rows = _features.Extract(ChannelSelection.Apply(data, model.Model.Channels));
        EnsureEngines(rows.Columns);
        var classes = model.Model.Classes.Length;
        var predictions = new Prediction[rows.Rows];
        for (var r = 0; r < rows.Rows; r++)
        {
            _row.Features = rows.Row(r).ToArray();
            var p = new double[classes];
            if (_multiclass is not null)
            {
                var score = _multiclass.Predict(_row).Score;
                for (var c = 0; c < classes; c++) p[c] = score[c];
            }
            else
            {
                for (var c = 0; c < classes; c++) p[c] = _perLabel![c].Predict(_row).Probability;
            }
            predictions[r] = model.ToPrediction(p);
        }
        return predictions;
    }

    /// <summary>Makes the engines for windows of <paramref name="length"/> samples now, so that the first request does not.</summary>
    public LightGbmPredictor Prepared(int length)
    {
        EnsureEngines(_features.ColumnNames(model.Model.Channels, length).Count);
        return this;
    }

    /// <summary>Engines are made once, for the feature width the windows give (it follows from the window length).</summary>
    private void EnsureEngines(int columns)
    {
        if (_multiclass is not null || _perLabel is not null) return;
        var schema = SchemaDefinition.Create(typeof(LightGbmRows));
        schema[nameof(LightGbmRows.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns);
        if (!model.Model.MultiLabel)
            _multiclass = ml.Model.CreatePredictionEngine<LightGbmRows, MulticlassScore>(transformers[0], ignoreMissingColumns: true, inputSchemaDefinition: schema);
        else
            _perLabel = [.. transformers.Select(t => ml.Model.CreatePredictionEngine<LightGbmRows, BinaryProbability>(t, ignoreMissingColumns: true, inputSchemaDefinition: schema))];
    }

    private sealed class MulticlassScore
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class BinaryProbability
    {
        public float Probability { get; set; }
    }
}
