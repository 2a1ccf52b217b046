"""Exercise 4: a ``sigmoid`` method for ``Value``, whose local derivative
is s (1 - s), checked against ``torch.sigmoid`` and finite differences
the way the chapter's tests check the other operations."""

# %%
import math

import torch

import fdl
from gradient_descent._autograd import Value


def sigmoid(self):
    s = 1 / (1 + math.exp(-self.data))
    return self._node(s, (self,), "sigmoid", (s * (1 - s),))


Value.sigmoid = sigmoid  # the method, added to the class

# %%
# each expression written once over Values, tensors or floats
OPS = {
    Value: {"sigmoid": Value.sigmoid, "log": Value.log},
    torch.Tensor: {"sigmoid": torch.sigmoid, "log": torch.log},
    float: {"sigmoid": lambda v: 1 / (1 + math.exp(-v)), "log": math.log},
}
EXPRESSIONS = {
    "sigmoid": lambda a, b, c, o: o["sigmoid"](a * b - c),
    "logistic loss": lambda a, b, c, o: -o["log"](o["sigmoid"](a * c + b)),
    "nested": lambda a, b, c, o: o["sigmoid"](o["sigmoid"](a) * b + c) * a,
}
POINTS = [(1.3, 0.4, 2.1), (0.7, -1.1, 0.6), (2.0, 1.5, 0.3)]


def ours(expr, point):
    xs = [Value(v) for v in point]
    out = expr(*xs, OPS[Value])
    out.backward()
    return out.data, [v.grad for v in xs]


def with_torch(expr, point):
    xs = [
        torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point
    ]
    out = expr(*xs, OPS[torch.Tensor])
    out.backward()
    return float(out.detach()), [float(v.grad) for v in xs]


def finite_differences(expr, point, h=1e-6):
    grads = []
    for k in range(3):
        up, down = list(point), list(point)
        up[k] += h
        down[k] -= h
        grads.append(
            (expr(*up, OPS[float]) - expr(*down, OPS[float])) / (2 * h)
        )
    return grads


gap_torch = gap_fd = 0.0
for expr in EXPRESSIONS.values():
    for point in POINTS:
        value, grads = ours(expr, point)
        t_value, t_grads = with_torch(expr, point)
        gap_torch = max(
            gap_torch,
            abs(value - t_value),
            *(abs(a - b) for a, b in zip(grads, t_grads, strict=True)),
        )
        gap_fd = max(
            gap_fd,
            *(
                abs(a - b)
                for a, b in zip(
                    grads, finite_differences(expr, point), strict=True
                )
            ),
        )
fdl.value("n_cases", len(EXPRESSIONS) * len(POINTS))
fdl.value("gap_torch", gap_torch)
fdl.value("gap_fd", gap_fd)
fdl.check(
    "matches",
    gap_torch < 1e-12 and gap_fd < 1e-6,
    detail=f"torch {gap_torch:.1e}, finite differences {gap_fd:.1e}",
)
