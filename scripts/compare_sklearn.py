#!/usr/bin/env python3
"""Compares our k-means inertia with scikit-learn's KMeans(n_init=10) on the same data.

Not part of `make test` (it needs `pip install scikit-learn`); run it by hand after changing
the clustering: python3 scripts/compare_sklearn.py. Datasets: Gaussian blobs of several shapes,
anisotropic and uneven blobs, uniform noise, and the sample generator's encoded customers.
Prints one line per dataset and k; ours must not be worse than the best of five independent
scikit-learn fits with n_init=10 each.
"""
import os, subprocess, sys, tempfile
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "-q", "--release", "-p", "persona-core", "--example", "kmeans_inertia"], cwd=root, check=True)
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
exe = os.path.join(target, "release", "examples", "kmeans_inertia")
tmp = tempfile.mkdtemp()

def datasets():
    rng = np.random.default_rng(0)
    yield "blobs 5000x8 k8", make_blobs(5000, 8, centers=8, random_state=1)[0], [4, 8, 12]
    yield "blobs 3000x2 overlapping", make_blobs(3000, 2, centers=6, cluster_std=2.5, random_state=2)[0], [3, 6, 9]
    x = make_blobs(4000, 2, centers=5, random_state=3)[0] @ np.array([[0.6, -0.6], [-0.4, 0.8]])
    yield "anisotropic 4000x2", x, [5]
    yield "uneven sizes", np.vstack([rng.normal(0, 1, (3000, 5)), rng.normal(4, 0.5, (100, 5)), rng.normal(-4, 2, (600, 5))]), [3, 6]
    yield "uniform 2000x10", rng.uniform(size=(2000, 10)), [5, 10]
    path = os.path.join(tmp, "sample.csv")
    subprocess.run([exe, "--export-sample", "3000", path], check=True)
    yield "sample customers encoded", np.loadtxt(path, delimiter=","), [2, 4, 6, 8]

worse = 0
for name, x, ks in datasets():
    x = np.asarray(x, dtype=np.float64)
    path = os.path.join(tmp, "x.csv")
    np.savetxt(path, x, delimiter=",", fmt="%.17e")
    for k in ks:
        ours = float(subprocess.run([exe, path, str(k)], capture_output=True, text=True, check=True).stdout)
        # the best of five independent scikit-learn fits (n_init=10 each): stricter than one
        theirs = min(KMeans(n_clusters=k, n_init=10, random_state=r).fit(x).inertia_ for r in range(5))
        flag = "ok" if ours <= theirs * (1 + 1e-9) else "WORSE"
        worse += flag != "ok"
        print(f"{name:28} k={k:<3} ours {ours:14.4f}  sklearn {theirs:14.4f}  ratio {ours / theirs:.5f}  {flag}")
sys.exit(1 if worse else 0)
