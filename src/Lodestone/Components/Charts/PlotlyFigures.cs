using Lodestone.Datasets;

namespace Lodestone.Components.Charts;

/// <summary>Plotly figures (data + layout, as plain objects for JS interop) for the dataset page.</summary>
public static class PlotlyFigures
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

    /// <summary>
    /// One stacked subplot per channel over a shared time axis, and in each one trace per sensor (one colour per sensor,
    /// shown or hidden together from the legend). Raw samples draw as lines; buckets draw as a min/max envelope, so a spike
    /// inside a bucket still shows at its full height.
    /// </summary>
    public static object Series(IReadOnlyList<Series> sensors, IReadOnlyDictionary<string, string>? units = null)
    {
        var (data, layout) = SeriesParts(sensors, units);
        return new { data, layout };
    }

    /// <summary>
    /// The traces and layout of <see cref="Series"/>, with room for <paramref name="extraRows"/> more subplots below the
    /// channels (axes <c>y{channels + 1}</c>…, sharing the time axis), for overlays such as a model's scores.
    /// </summary>
    internal static (List<object> Data, Dictionary<string, object> Layout) SeriesParts(IReadOnlyList<Series> sensors,
        IReadOnlyDictionary<string, string>? units = null, int extraRows = 0)
    {
        var channels = sensors.Count > 0 ? sensors[0].Channels.Select(c => c.Name).ToList() : [];
        var count = Math.Max(1, channels.Count + extraRows);
        var legend = sensors.Count > 1;
        var data = new List<object>();
        var layout = new Dictionary<string, object>
        {
            // One channel gets the chart's full height instead of a strip above empty space.
            ["height"] = count == 1 ? 420 : 170 * count + 60 + (legend ? 30 : 0),
            ["margin"] = new { l = 80, r = 20, t = legend ? 30 : 10, b = 40 },
            ["showlegend"] = legend,
            ["legend"] = new { orientation = "h", x = 0, y = 1.0, yanchor = "bottom" },
            ["hovermode"] = "x unified",
            ["dragmode"] = "zoom",
            // automargin: on a phone the dates turn sideways and need more than the bottom margin.
            ["xaxis"] = new { type = "date", anchor = $"y{count}", showspikes = true, spikemode = "across", spikethickness = 1, automargin = true },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "#fbfcfd",
        };
        for (var i = 0; i < channels.Count; i++)
        {
            var axis = i == 0 ? "y" : $"y{i + 1}";
            for (var s = 0; s < sensors.Count; s++)
            {
                var series = sensors[s];
                var times = series.Times.Select(ToMillis).ToArray();
                var channel = series.Channels[i];
                // One sensor: a colour per channel, as before; several: a colour per sensor across the channels.
                var color = Palette[(legend ? s : i) % Palette.Length];
                var sensor = series.SensorId ?? "";
                var name = legend ? sensor : channel.Name;
                var first = i == 0;
                if (series.Raw)
                {
                    data.Add(new { x = times, y = channel.Min, type = "scatter", mode = "lines", name, legendgroup = sensor, showlegend = legend && first, yaxis = axis,
                        line = new { width = 1.2, color }, connectgaps = false });
                }
                else
                {
                    data.Add(new { x = times, y = channel.Max, type = "scatter", mode = "lines", name = name + " max", legendgroup = sensor, showlegend = false, yaxis = axis,
                        line = new { width = 0.8, color }, connectgaps = false });
                    data.Add(new { x = times, y = channel.Min, type = "scatter", mode = "lines", name = legend ? sensor : name + " min", legendgroup = sensor, showlegend = legend && first,
                        yaxis = axis, line = new { width = 0.8, color }, fill = "tonexty", fillcolor = color + "55", connectgaps = false });
                }
            }
            var top = 1.0 - (double)i / count;
            var bottom = 1.0 - (double)(i + 1) / count + 0.04;
            var unit = units is not null && units.TryGetValue(channels[i], out var u) ? $" ({u})" : "";
            layout[i == 0 ? "yaxis" : $"yaxis{i + 1}"] = new
            {
                domain = new[] { Math.Max(0, bottom), top },
                title = new { text = channels[i] + unit, font = new { size = 12 } },
                zeroline = false,
                fixedrange = true,
                // Room for long tick labels (19.55k) beside the title, which otherwise overlap.
                automargin = true,
                // Hover reads 1.33333, not 1.3333333333333333.
                hoverformat = ".6~g",
            };
        }
        return (data, layout);
    }

    /// <summary>
    /// The field vector as a 3D path per sensor, coloured by time from start (dark) to end (bright); with several sensors
    /// each path is its own trace, named in the legend.
    /// </summary>
    public static object FieldVector(IReadOnlyList<(string? Sensor, FieldVectorSample Sample)> sensors)
    {
        var legend = sensors.Count > 1;
        var data = new List<object>();
        for (var s = 0; s < sensors.Count; s++)
        {
            var (sensor, sample) = sensors[s];
            var scale = legend ? Scales[s % Scales.Length] : "Viridis";
            var order = Enumerable.Range(0, sample.Times.Length).Select(i => (double)i).ToArray();
            var group = sensor ?? "";
            data.Add(new
            {
                type = "scatter3d",
                mode = "lines+markers",
                name = sensor ?? "field",
                legendgroup = group,
                showlegend = false,
                x = sample.X,
                y = sample.Y,
                z = sample.Z,
                text = sample.Times.Select(t => t.ToString("yyyy-MM-dd HH:mm:ss.fff")).ToArray(),
                hovertemplate = (legend ? $"{sensor}<br>" : "") + "%{text}<br>b_x %{x:.1f}<br>b_y %{y:.1f}<br>b_z %{z:.1f}<extra></extra>",
                marker = new { size = 2, color = order, colorscale = scale },
                line = new { width = 2, color = order, colorscale = scale },
            });
            // A path coloured along a scale has no one colour for the legend, which drew every sensor's swatch black; a
            // one-point line in the scale's middle colour stands for it there and shows or hides it with its group.
            if (legend && sample.Times.Length > 0)
                data.Add(new
                {
                    type = "scatter3d",
                    mode = "lines",
                    name = sensor,
                    legendgroup = group,
                    showlegend = true,
                    x = new[] { sample.X[0] },
                    y = new[] { sample.Y[0] },
                    z = new[] { sample.Z[0] },
                    hoverinfo = "skip",
                    line = new { width = 6, color = ScaleMiddles[s % ScaleMiddles.Length] },
                });
        }
        var layout = new
        {
            // The browser keeps the scene about square on a narrow screen (lodestone.render): Plotly fits the cube to the
            // scene's height, so a tall narrow scene cut it off at both sides.
            height = 600,
            autosize = true,
            showlegend = legend,
            // Above the scene, not beside it: a legend at the side narrows the scene on a phone.
            legend = new { orientation = "h", x = 0, y = 1.0, yanchor = "bottom" },
            // Room around the cube: with no margin its corners and axis titles were cut off at the chart's edges; b_z's
            // title and ticks reach furthest, to the left.
            margin = new { l = 40, r = 10, t = legend ? 30 : 10, b = 10 },
            scene = new
            {
                // Few ticks: on a phone ten labels per axis run into each other.
                xaxis = new { title = new { text = "b_x" }, nticks = 6 },
                yaxis = new { title = new { text = "b_y" }, nticks = 6 },
                zaxis = new { title = new { text = "b_z" }, nticks = 6 },
                aspectmode = "cube",
                // Looking a little below the cube's centre and from a little further away: from (1.6, 1.6, 1.1) at the
                // centre the cube sat low, its near corner's labels at the bottom edge and b_z's title cut at the left.
                camera = new { eye = new { x = 1.75, y = 1.75, z = 1.05 }, center = new { x = 0.0, y = 0.0, z = -0.12 } },
                domain = new { x = new[] { 0.0, 1.0 }, y = new[] { 0.0, 1.0 } },
            },
        };
        return new { data, layout };
    }

    private static readonly string[] Scales = ["Viridis", "Reds", "Blues", "Greens", "Purples", "Oranges", "Greys", "YlGnBu"];

    // Each scale's colour halfway along, for the legend.
    private static readonly string[] ScaleMiddles = ["#21918c", "#ef3b2c", "#4292c6", "#41ab5d", "#807dba", "#fd8d3c", "#737373", "#41b6c4"];

    internal static string Color(int index) => Palette[index % Palette.Length];

    public static double ToMillis(DateTime time) =>
        (DateTime.SpecifyKind(time, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds;

    public static DateTime FromMillis(double millis) => DateTime.UnixEpoch.AddMilliseconds(millis);
}
