import numpy as np
from scipy import stats
def a(n, mul, mod, div, off): return np.array([((k*mul) % mod)/div + off for k in range(n)], dtype=float)
cases = {
 "ks_40_55": (a(40, 7919, 1000, 100.0, 0.0), a(55, 104729, 997, 90.0, 1.5)),
 "ks_60_80_shifted": (a(60, 7919, 1000, 100.0, 0.0), a(80, 104729, 997, 100.0, 3.0)),
 "ks_300_300": (a(300, 7919, 1000, 100.0, 0.0), a(300, 104729, 997, 100.0, 0.4)),
 "ks_800_3000": (a(800, 7919, 1000, 100.0, 0.0), a(3000, 104729, 997, 100.0, 0.3)),
 "ks_ties_200_150": (a(200, 7919, 13, 1.0, 0.0), a(150, 104729, 11, 1.0, 1.0)),
 "big_1000_20000": (a(1000, 7919, 1000, 100.0, 0.0), a(20000, 104729, 997, 100.0, 0.2)),
 "wd_5000_4000": (a(5000, 7919, 1000, 100.0, 0.0), a(4000, 104729, 997, 80.0, 0.5)),
}
for name, (x, y) in cases.items():
    r = stats.ks_2samp(x, y)
    en = len(x)*len(y)/(len(x)+len(y))
    wd = stats.wasserstein_distance(x, y); norm = max(np.std(x), 0.001)
    both = np.concatenate([x, y])
    if len(np.unique(x)) > 20:
        bins = np.histogram_bin_edges(both, bins="sturges")
        rp = np.histogram(x, bins)[0]/len(x); cp = np.histogram(y, bins)[0]/len(y)
    else:
        keys = sorted(set(x) | set(y))
        rp = np.array([np.sum(x == k)/len(x) for k in keys]); cp = np.array([np.sum(y == k)/len(y) for k in keys])
    for p in (rp, cp):
        nz = p[p != 0]
        np.place(p, p == 0, nz.min()/1e6 if nz.min() <= 0.0001 else 0.0001)
    psi = np.sum((rp - cp)*np.log(rp/cp))
    print(f'{name}: D={r.statistic!r} p={r.pvalue!r} kstwobign={stats.kstwobign.sf(np.sqrt(en)*r.statistic)!r} wdnorm={wd/norm!r} psi={psi!r} bins={len(rp)}')
