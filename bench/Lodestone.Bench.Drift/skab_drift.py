"""The peer of Lodestone.Bench.Drift: the same comparisons with scipy and numpy, Evidently's default rules.
Usage: /usr/bin/python3 skab_drift.py SKAB_FOLDER  -> one JSON line per comparison, then a timing line."""
import json, os, sys, time
import numpy as np
from scipy import stats

COLUMNS = ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS"]

def read(path):
    with open(path) as f:
        header = f.readline().strip().split(";")
        rows = [line.strip().split(";") for line in f if line.strip()]
    return {name: np.array([float(r[i]) for r in rows]) for i, name in enumerate(header) if name != "datetime"}

def psi(ref, cur):
    if len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref); c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref) | set(cur))
        r = np.array([np.sum(ref == k) / len(ref) for k in keys]); c = np.array([np.sum(cur == k) / len(cur) for k in keys])
    for p in (r, c):
        nz = p[p != 0]
        np.place(p, p == 0, nz.min() / 1e6 if nz.min() <= 0.0001 else 0.0001)
    return float(np.sum((r - c) * np.log(r / c)))

def column(ref, cur):
    if len(ref) <= 1000:
        p = stats.ks_2samp(ref, cur).pvalue
        return {"test": "ks", "score": float(p), "drifted": bool(p < 0.05), "psi": psi(ref, cur)}
    wd = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    return {"test": "wasserstein", "score": float(wd), "drifted": bool(wd >= 0.1), "psi": psi(ref, cur)}

def main(folder):
    free = read(os.path.join(folder, "anomaly-free", "anomaly-free.csv"))
    pairs = []
    half = len(free[COLUMNS[0]]) // 2
    pairs.append(("anomaly-free halves", {c: free[c][:half] for c in COLUMNS}, {c: free[c][half:] for c in COLUMNS}))
    pairs.append(("anomaly-free interleaved", {c: free[c][0::2] for c in COLUMNS}, {c: free[c][1::2] for c in COLUMNS}))
    for valve in ("valve1", "valve2"):
        names = sorted(os.listdir(os.path.join(folder, valve)), key=lambda n: int(n.split(".")[0]))
        for name in names:
            data = read(os.path.join(folder, valve, name))
            fault = data["anomaly"] == 1.0
            pairs.append((f"{valve}/{name}", free, {c: data[c][fault] for c in COLUMNS}))
    started = time.perf_counter()
    results = []
    for name, ref, cur in pairs:
        cols = {c: column(ref[c], cur[c]) for c in COLUMNS}
        share = sum(v["drifted"] for v in cols.values()) / len(cols)
        results.append({"name": name, "share": share, "drifted": share >= 0.5, "columns": cols})
    elapsed = time.perf_counter() - started
    for r in results: print(json.dumps(r))
    print(json.dumps({"seconds": elapsed}))

main(sys.argv[1])
