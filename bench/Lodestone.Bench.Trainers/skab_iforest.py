"""scikit-learn's Isolation Forest on SKAB under the leaderboard protocol (the peer of our implementation).

Usage: skab_iforest.py FILE... ; prints one JSON object: summed counts over the test parts and fit+score seconds.
Settings as the SKAB notebook: IsolationForest(random_state=0, contamination=0.0005), outlier = predict * -1,
rolling median over 3 rows, NaN -> 0, -1 -> 0; train on the first 400 rows, count on the rest.
"""
import json, sys, time
import pandas as pd
from sklearn.ensemble import IsolationForest

tp = tn = fp = fn = 0
seconds = 0.0
for path in sys.argv[1:]:
    df = pd.read_csv(path, sep=';', index_col='datetime', parse_dates=True)
    X = df.drop(['anomaly', 'changepoint'], axis=1)
    start = time.perf_counter()
    model = IsolationForest(random_state=0, contamination=0.0005)
    model.fit(X[:400])
    raw = model.predict(X) * -1
    seconds += time.perf_counter() - start
    predicted = pd.Series(raw, index=df.index).rolling(3).median().fillna(0).replace(-1, 0)
    truth = df['anomaly'].values[400:] > 0.5
    flagged = predicted.values[400:] > 0.5
    tp += int((truth & flagged).sum()); fn += int((truth & ~flagged).sum())
    fp += int((~truth & flagged).sum()); tn += int((~truth & ~flagged).sum())
print(json.dumps({"tp": tp, "tn": tn, "fp": fp, "fn": fn, "seconds": seconds}))
