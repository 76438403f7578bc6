"""scikit-learn's Isolation Forest on SKAB under the leaderboard protocol (the peer of our implementation).

Usage: skab_iforest.py SEEDS FILE... ; prints one JSON object: per seed (random_state 0 .. SEEDS-1) the counts summed
over the test parts and the fit+score seconds, the test rows predict flags before the median, and per file the anomaly score of every row (-score_samples, the
"2^(-E(h)/c)" of the paper) averaged over the seeds, and its mean square.
Settings as the SKAB notebook: IsolationForest(random_state=seed, contamination=0.0005), outlier = predict * -1,
rolling median over 3 rows, NaN -> 0, -1 -> 0; train on the first 400 rows, count on the rest.
"""
import json, sys, time
import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

seeds = int(sys.argv[1])
frames = [(path, pd.read_csv(path, sep=';', index_col='datetime', parse_dates=True)) for path in sys.argv[2:]]
runs = []
score_sums = {path: 0.0 for path, _ in frames}
score_squares = {path: 0.0 for path, _ in frames}
for seed in range(seeds):
    tp = tn = fp = fn = raw_flags = 0
    seconds = 0.0
    for path, df in frames:
        X = df.drop(['anomaly', 'changepoint'], axis=1)
        start = time.perf_counter()
        model = IsolationForest(random_state=seed, contamination=0.0005)
        model.fit(X[:400])
        raw = model.predict(X) * -1
        seconds += time.perf_counter() - start
        scores = -model.score_samples(X)
        score_sums[path] = score_sums[path] + scores
        score_squares[path] = score_squares[path] + scores * scores
        predicted = pd.Series(raw, index=df.index).rolling(3).median().fillna(0).replace(-1, 0)
        truth = df['anomaly'].values[400:] > 0.5
        raw_flags += int((raw[400:] > 0).sum())
        flagged = predicted.values[400:] > 0.5
        tp += int((truth & flagged).sum()); fn += int((truth & ~flagged).sum())
        fp += int((~truth & flagged).sum()); tn += int((~truth & ~flagged).sum())
    runs.append({"seed": seed, "tp": tp, "tn": tn, "fp": fp, "fn": fn, "raw_flags": raw_flags, "seconds": seconds})
print(json.dumps({"runs": runs, "scores": {p: list(s / seeds) for p, s in score_sums.items()},
                  "squares": {p: list(s / seeds) for p, s in score_squares.items()}}))
