using System.Runtime.InteropServices;

namespace Lodestone.Trainers.Anomaly;

/// <summary>
/// Isolation Forest (Liu, Ting and Zhou, 2008) as scikit-learn 1.2 implements it: each tree is grown on ψ rows drawn
/// without replacement (ψ = min(256, n) by default) from a random subset of features, splitting on a random non-constant
/// feature at a threshold drawn uniformly between its minimum and maximum in the node, up to depth ceil(log2 ψ). A row's
/// path length is the depth of its leaf plus c(leaf size); its anomaly score is 2^(−E(h)/c(ψ)), higher is more anomalous.
/// Trees are grown in parallel, each with its own generator seeded by a hash of the forest's seed and its number, so a seed gives the same forest
/// on any number of cores. Nodes live in one flat array of structs; growing a tree allocates nothing per node.
/// </summary>
public sealed class IsolationForest
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Node
    {
        public int Feature;    // −1 for a leaf
        public float Threshold; // rows with value ≤ threshold go left
        public int Left;       // right child is Left + 1
        public float PathLength; // leaves: depth + c(size)
    }

    private readonly Node[] _nodes;
    private readonly int _nodesPerTree;

    public int Trees { get; }
    public int Columns { get; }
    public int SamplesPerTree { get; }

    private IsolationForest(Node[] nodes, int trees, int columns, int samplesPerTree)
    {
        _nodes = nodes;
        Trees = trees;
        Columns = columns;
        SamplesPerTree = samplesPerTree;
        _nodesPerTree = 2 * samplesPerTree;
    }

    /// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n items.</summary>
    public static double AveragePathLength(double n) =>
        n <= 1 ? 0 : n <= 2 ? 1 : 2 * (Math.Log(n - 1) + 0.5772156649015329) - 2 * (n - 1) / n;

    /// <param name="data">Row-major values, <paramref name="columns"/> per row.</param>
    /// <param name="maxSamples">ψ; 0 means min(256, rows).</param>
    /// <param name="maxFeatures">Features each tree may split on: a fraction of the columns when ≤ 1, else a count.</param>
    public static IsolationForest Fit(float[] data, int columns, int trees = 100, int maxSamples = 0, double maxFeatures = 1.0,
        int seed = 0, Action<int>? treeDone = null, CancellationToken cancellationToken = default)
    {
        var rows = data.Length / columns;
        if (rows < 1) throw new ArgumentException("An isolation forest needs at least one row.", nameof(data));
        var psi = maxSamples > 0 ? Math.Min(maxSamples, rows) : Math.Min(256, rows);
        var featureCount = maxFeatures <= 1 ? Math.Max(1, (int)(maxFeatures * columns)) : Math.Min(columns, (int)maxFeatures);
        var heightLimit = (int)Math.Ceiling(Math.Log2(Math.Max(psi, 2)));
        var forest = new IsolationForest(new Node[trees * 2 * psi], trees, columns, psi);
        var seeds = Enumerable.Range(0, trees).Select(t => TreeSeed(seed, t)).ToArray();
        var done = 0;
        var progress = new Lock();
        Parallel.For(0, trees, new ParallelOptions { CancellationToken = cancellationToken },
            () => new TreeBuffers(rows, psi, columns),
            (t, _, buffers) =>
            {
                forest.GrowTree(t, data, columns, psi, featureCount, heightLimit, new Random(seeds[t]), buffers);
                // Counted and reported under one lock, so reports arrive in order: a thread pre-empted between counting and
                // reporting would otherwise report an old count last, and a finished forest would read "4 of 20 trees".
                if (treeDone is not null)
                    lock (progress) treeDone(++done);
                return buffers;
            },
            _ => { });
        return forest;
    }

    /// <summary>
    /// A tree's generator seed, hashed from the forest's seed and the tree's number (SplitMix64's finaliser). Drawing tree
    /// seeds from <c>new Random(seed)</c> instead ties neighbouring forest seeds together: the legacy seeded generator's
    /// first outputs for seeds 0, 1, 2 … are nearly proportional to the seed, so "different seeds" gave correlated forests.
    /// </summary>
    internal static int TreeSeed(int seed, int tree)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)tree) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private sealed class TreeBuffers(int rows, int psi, int columns)
    {
        public readonly int[] Pool = new int[rows];
        public readonly int[] Sample = new int[psi];
        public readonly int[] Features = Enumerable.Range(0, columns).ToArray();
        public readonly int[] Order = new int[columns];
        public readonly (int Node, int Start, int End, int Depth)[] Stack = new (int, int, int, int)[2 * psi + 2];
    }

    private void GrowTree(int tree, float[] data, int columns, int psi, int featureCount, int heightLimit, Random random, TreeBuffers b)
    {
        var rows = data.Length / columns;
        // ψ rows without replacement, then the tree's features without replacement (partial Fisher–Yates shuffles).
        // Buffers are reused across the trees a thread grows: reset them so a tree depends on its seed alone.
        for (var i = 0; i < rows; i++) b.Pool[i] = i;
        for (var i = 0; i < columns; i++) b.Features[i] = i;
        for (var i = 0; i < psi; i++)
        {
            var j = random.Next(i, rows);
            (b.Pool[i], b.Pool[j]) = (b.Pool[j], b.Pool[i]);
            b.Sample[i] = b.Pool[i];
        }
        for (var i = 0; i < featureCount; i++)
        {
            var j = random.Next(i, columns);
            (b.Features[i], b.Features[j]) = (b.Features[j], b.Features[i]);
        }
        var nodes = _nodes.AsSpan(tree * _nodesPerTree, _nodesPerTree);
        var next = 1;
        var top = 0;
        b.Stack[top++] = (0, 0, psi, 0);
        while (top > 0)
        {
            var (node, start, end, depth) = b.Stack[--top];
            var size = end - start;
            var split = size >= 2 && depth < heightLimit ? ChooseSplit(data, columns, b, start, end, featureCount, random) : null;
            if (split is not { } s)
            {
                nodes[node] = new Node { Feature = -1, PathLength = (float)(depth + AveragePathLength(size)) };
                continue;
            }
            // Partition the node's rows in place: ≤ threshold to the left.
            var i = start;
            var j = end - 1;
            while (i <= j)
            {
                if (data[b.Sample[i] * columns + s.Feature] <= s.Threshold) i++;
                else { (b.Sample[i], b.Sample[j]) = (b.Sample[j], b.Sample[i]); j--; }
            }
            var left = next;
            next += 2;
            nodes[node] = new Node { Feature = s.Feature, Threshold = s.Threshold, Left = left };
            b.Stack[top++] = (left + 1, i, end, depth + 1);
            b.Stack[top++] = (left, start, i, depth + 1);
        }
    }

    private static (int Feature, float Threshold)? ChooseSplit(float[] data, int columns, TreeBuffers b, int start, int end,
        int featureCount, Random random)
    {
        // A uniformly random non-constant feature among the tree's features, as scikit-learn's random splitter draws it.
        for (var i = 0; i < featureCount; i++) b.Order[i] = b.Features[i];
        for (var remaining = featureCount; remaining > 0; remaining--)
        {
            var pick = random.Next(remaining);
            var feature = b.Order[pick];
            b.Order[pick] = b.Order[remaining - 1];
            var min = float.PositiveInfinity;
            var max = float.NegativeInfinity;
            for (var r = start; r < end; r++)
            {
                var v = data[b.Sample[r] * columns + feature];
                if (v < min) min = v;
                if (v > max) max = v;
            }
            // scikit-learn's splitter treats a feature as constant in the node unless max > min + 1e-7 (FEATURE_THRESHOLD, in float32).
            if (!(max > min + FeatureThreshold)) continue;
            var threshold = min + random.NextDouble() * (max - min);
            if (threshold >= max) threshold = min;
            return (feature, FloatAtOrBelow(threshold));
        }
        return null;
    }

    private const float FeatureThreshold = 1e-7f;

    /// <summary>
    /// The largest float ≤ <paramref name="threshold"/>: for float data, v ≤ that float exactly when v ≤ the double
    /// threshold, which is how scikit-learn compares float32 features with its float64 thresholds.
    /// </summary>
    private static float FloatAtOrBelow(double threshold)
    {
        var rounded = (float)threshold;
        return rounded > threshold ? MathF.BitDecrement(rounded) : rounded;
    }

    /// <summary>Anomaly scores 2^(−E(h)/c(ψ)) in (0, 1], one per row; higher is more anomalous.</summary>
    public double[] Score(float[] data)
    {
        var rows = data.Length / Columns;
        var scores = new double[rows];
        var normaliser = AveragePathLength(SamplesPerTree);
        Parallel.For(0, (rows + 255) / 256, block =>
        {
            var nodes = _nodes;
            for (var r = block * 256; r < Math.Min(rows, block * 256 + 256); r++)
            {
                var row = r * Columns;
                double total = 0;
                for (var t = 0; t < Trees; t++)
                {
                    var offset = t * _nodesPerTree;
                    var n = offset;
                    while (nodes[n].Feature >= 0)
                        n = offset + (data[row + nodes[n].Feature] <= nodes[n].Threshold ? nodes[n].Left : nodes[n].Left + 1);
                    total += nodes[n].PathLength;
                }
                scores[r] = Math.Pow(2, -(total / Trees) / normaliser);
            }
        });
        return scores;
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Trees);
        writer.Write(Columns);
        writer.Write(SamplesPerTree);
        writer.Write(MemoryMarshal.AsBytes(_nodes.AsSpan()));
    }

    public static IsolationForest Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var trees = reader.ReadInt32();
        var columns = reader.ReadInt32();
        var psi = reader.ReadInt32();
        var nodes = new Node[trees * 2 * psi];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(nodes.AsSpan()));
        return new IsolationForest(nodes, trees, columns, psi);
    }
}
