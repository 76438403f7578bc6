"""The serving benchmark's peer: the same task served the way a Python user would.

`python3 serving_peer.py train WINDOWS.json MODEL.pkl ROUNDS` fits scikit-learn's GradientBoostingClassifier on the
features Lodestone's LightGBM classifier uses (per channel and for |B|: mean, std, min, max, rms, peak-to-peak,
skewness, excess kurtosis, mean-crossing rate, 4 log-spaced band energies and the dominant frequency), computed with
numpy from the same windows. `PEER_MODEL=MODEL.pkl python3 -m uvicorn serving_peer:app` serves it: POST /predict takes
Lodestone's body, {"windows": [{"b_x": [...], "b_y": [...], "b_z": [...]}]}, validated by pydantic, and answers each
window's label, confidence and class probabilities.
"""
import json
import os
import pickle
import sys
from typing import Dict, List

import numpy as np

CHANNELS = ["b_x", "b_y", "b_z"]
BANDS = 4


def series_features(x, rate):
    n = len(x)
    mean = x.mean()
    d = x - mean
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    flat = m2 <= 1e-12 * max(1.0, mean * mean)
    signs = np.sign(d)
    signs = signs[signs != 0]
    crossings = int((signs[1:] != signs[:-1]).sum()) if len(signs) > 1 else 0
    stats = [mean, np.sqrt(m2), x.min(), x.max(), np.sqrt((x ** 2).mean()), x.max() - x.min(),
             0.0 if flat else m3 / m2 ** 1.5, 0.0 if flat else m4 / (m2 * m2) - 3, crossings / (n - 1) if n > 1 else 0.0]
    spectrum = np.fft.fft(d)
    half = n // 2
    power = np.abs(spectrum[1:half + 1]) ** 2 / (n * n)
    k = np.arange(1, half + 1)
    ratio = (rate * half / n) / (rate / n)
    band = np.zeros(half, dtype=int) if ratio <= 1 else np.clip((np.log(k) / np.log(ratio) * BANDS).astype(int), 0, BANDS - 1)
    energy = [np.log10(1 + power[band == b].mean()) if (band == b).any() else 0.0 for b in range(BANDS)]
    dominant = (int(np.argmax(power)) + 1) * rate / n if power.max() > 1e-20 else 0.0
    return stats + energy + [dominant]


def window_features(window, rate):
    series = [np.asarray(window[c], dtype=np.float64) for c in CHANNELS]
    series.append(np.sqrt(series[0] ** 2 + series[1] ** 2 + series[2] ** 2))
    return [f for s in series for f in series_features(s, rate)]


def train(windows_path, model_path, rounds):
    with open(windows_path) as f:
        data = json.load(f)
    from sklearn.ensemble import GradientBoostingClassifier
    X = np.array([window_features(w, data["sampleRateHz"]) for w in data["windows"]])
    y = np.array(data["labels"])
    model = GradientBoostingClassifier(n_estimators=rounds, random_state=1).fit(X, y)
    with open(model_path, "wb") as f:
        pickle.dump({"model": model, "rate": data["sampleRateHz"]}, f)
    print(f"peer: GradientBoostingClassifier({rounds} rounds) on {len(y)} windows, training accuracy {model.score(X, y):.3f}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    sys.exit(__doc__)

from fastapi import FastAPI
from pydantic import BaseModel

with open(os.environ["PEER_MODEL"], "rb") as f:
    _loaded = pickle.load(f)
MODEL, RATE = _loaded["model"], _loaded["rate"]
CLASSES = [str(c) for c in MODEL.classes_]

app = FastAPI()


class PredictRequest(BaseModel):
    windows: List[Dict[str, List[float]]]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(request: PredictRequest):
    X = np.array([window_features(w, RATE) for w in request.windows])
    probabilities = MODEL.predict_proba(X)
    return {
        "model": "sklearn-gbc",
        "predictions": [
            {"labels": [CLASSES[int(p.argmax())]], "confidence": float(p.max()), "scores": dict(zip(CLASSES, map(float, p)))}
            for p in probabilities
        ],
    }
