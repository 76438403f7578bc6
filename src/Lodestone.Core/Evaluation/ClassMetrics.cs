namespace Lodestone.Evaluation;

/// <summary>One class's figures, one-vs-rest: precision, recall and F1 at the decision, ROC-AUC and PR-AUC over its probabilities.</summary>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support, double RocAuc, double PrAuc);

/// <summary>One bin of a reliability diagram: predictions whose confidence fell in [Lower, Upper), and how often they were right.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
