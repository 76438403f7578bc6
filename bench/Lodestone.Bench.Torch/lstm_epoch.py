"""The peer of the TorchSharp LSTM epoch benchmark: the same model and loop in Debian's PyTorch.

Usage: /usr/bin/python3 lstm_epoch.py THREADS EPOCHS  -> prints one line of JSON with the epoch times in seconds.
"""
import json
import sys
import time

import torch
from torch import nn

threads, epochs = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.set_flush_denormal(True)
torch.manual_seed(42)

windows, channels, steps, hidden, batch = 2000, 3, 128, 64, 64
t = torch.arange(steps, dtype=torch.float32)
labels = torch.randint(0, 2, (windows,))
periods = torch.where(labels == 0, 16.0, 24.0).unsqueeze(1)
signal = torch.sin(2 * torch.pi * t / periods + torch.rand(windows, 1) * 6.28)
x = (signal.unsqueeze(2).repeat(1, 1, channels) + 0.1 * torch.randn(windows, steps, channels)).contiguous()


class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(channels, hidden, 1, batch_first=True)
        self.dropout = nn.Dropout(0.0)
        self.head = nn.Linear(hidden, 2)

    def forward(self, inputs):
        output, _ = self.lstm(inputs)
        return self.head(self.dropout(output[:, -1, :]))


model = Recurrent()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
times = []
for epoch in range(epochs):
    model.train()
    start = time.perf_counter()
    order = torch.randperm(windows)
    for first in range(0, windows, batch):
        index = order[first:first + batch]
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x[index]), labels[index])
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    times.append(time.perf_counter() - start)
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "epoch_seconds": times}))
