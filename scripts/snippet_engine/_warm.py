"""Preloaded by the worker server: imports and first operations, once.

Thread counts are set here, before anything forks, so that each worker
computes on one thread unless its snippet asks for more.
"""

import gc
import io
import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["MPLBACKEND"] = "agg"

import matplotlib  # noqa: E402

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

try:
    import torch
except ImportError:  # pragma: no cover - torch is a dependency
    torch = None  # type: ignore[assignment]

if torch is not None:
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    _X = torch.randn(4, 1, 12, 12, requires_grad=True)
    _net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(50, 3),
    )
    _opt = torch.optim.Adam(_net.parameters(), lr=0.01)
    _loss = torch.nn.functional.cross_entropy(
        _net(_X), torch.tensor([0, 1, 2, 0])
    )
    _loss.backward()
    _opt.step()
    del _X, _net, _opt, _loss

_fig, _ax = plt.subplots()
_ax.plot(np.arange(3), np.arange(3), label="warm")
_ax.imshow(np.zeros((2, 2)))
_ax.legend()
_ax.set_title("warm-up")
_fig.savefig(io.StringIO(), format="svg")
plt.close(_fig)
del _fig, _ax
gc.collect()
gc.freeze()
