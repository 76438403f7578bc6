using Lodestone.Datasets;

namespace Lodestone.Components.Charts;

/// <summary>Plotly figures (data + layout, as plain objects for JS interop) for the dataset page.</summary>
public static class PlotlyFigures
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

    /// <summary>
    /// One stacked subplot per channel over a shared time axis. Raw samples draw as lines; buckets draw as a min/max
    /// envelope, so a spike inside a bucket still shows at its full height.
    /// </summary>
    public static object Series(Series series, IReadOnlyDictionary<string, string>? units = null)
    {
        var times = series.Times.Select(ToMillis).ToArray();
        var count = Math.Max(1, series.Channels.Count);
        var data = new List<object>();
        var layout = new Dictionary<string, object>
        {
            ["height"] = Math.Max(260, 170 * count + 60),
            ["margin"] = new { l = 70, r = 20, t = 10, b = 40 },
            ["showlegend"] = false,
            ["hovermode"] = "x unified",
            ["dragmode"] = "zoom",
            ["xaxis"] = new { type = "date", anchor = $"y{count}", showspikes = true, spikemode = "across", spikethickness = 1 },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "#fbfcfd",
        };
        for (var i = 0; i < series.Channels.Count; i++)
        {
            var channel = series.Channels[i];
            var axis = i == 0 ? "y" : $"y{i + 1}";
            var color = Palette[i % Palette.Length];
            if (series.Raw)
            {
                data.Add(new { x = times, y = channel.Min, type = "scatter", mode = "lines", name = channel.Name, yaxis = axis, line = new { width = 1.2, color }, connectgaps = false });
            }
            else
            {
                data.Add(new { x = times, y = channel.Max, type = "scatter", mode = "lines", name = channel.Name + " max", yaxis = axis, line = new { width = 0.8, color }, connectgaps = false });
                data.Add(new { x = times, y = channel.Min, type = "scatter", mode = "lines", name = channel.Name + " min", yaxis = axis, line = new { width = 0.8, color }, fill = "tonexty", fillcolor = color + "55", connectgaps = false });
            }
            var top = 1.0 - (double)i / count;
            var bottom = 1.0 - (double)(i + 1) / count + 0.04;
            var unit = units is not null && units.TryGetValue(channel.Name, out var u) ? $" ({u})" : "";
            layout[i == 0 ? "yaxis" : $"yaxis{i + 1}"] = new
            {
                domain = new[] { Math.Max(0, bottom), top },
                title = new { text = channel.Name + unit, font = new { size = 12 } },
                zeroline = false,
                fixedrange = true,
            };
        }
        return new { data, layout };
    }

    /// <summary>The field vector as a 3D path, coloured by time from start (dark) to end (bright).</summary>
    public static object FieldVector(FieldVectorSample sample)
    {
        var order = Enumerable.Range(0, sample.Times.Length).Select(i => (double)i).ToArray();
        var trace = new
        {
            type = "scatter3d",
            mode = "lines+markers",
            x = sample.X,
            y = sample.Y,
            z = sample.Z,
            text = sample.Times.Select(t => t.ToString("yyyy-MM-dd HH:mm:ss.fff")).ToArray(),
            hovertemplate = "%{text}<br>b_x %{x:.1f}<br>b_y %{y:.1f}<br>b_z %{z:.1f}<extra></extra>",
            marker = new { size = 2, color = order, colorscale = "Viridis" },
            line = new { width = 2, color = order, colorscale = "Viridis" },
        };
        var layout = new
        {
            height = 560,
            margin = new { l = 0, r = 0, t = 10, b = 0 },
            scene = new
            {
                xaxis = new { title = new { text = "b_x" } },
                yaxis = new { title = new { text = "b_y" } },
                zaxis = new { title = new { text = "b_z" } },
                aspectmode = "cube",
            },
        };
        return new { data = new[] { trace }, layout };
    }

    public static double ToMillis(DateTime time) =>
        (DateTime.SpecifyKind(time, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds;

    public static DateTime FromMillis(double millis) => DateTime.UnixEpoch.AddMilliseconds(millis);
}
