"""A scalar automatic differentiator: backpropagation on a graph of numbers.

Each ``Value`` remembers the values it was computed from and how to pass a
gradient back to them (the chain rule for its one operation).
``backward`` visits the graph from the output to the inputs in reverse
topological order, so a node's gradient is complete before it is passed on.
"""

from __future__ import annotations

import math


class Value:
    """A number in a computational graph, with the gradient of the output
    with respect to it (``grad``) once ``backward`` has run."""

    def __init__(self, data, parents=(), op="", label=""):
        self.data, self.grad = float(data), 0.0
        self.parents, self.op, self.label = parents, op, label
        self._back = lambda: None  # adds this node's grad to its parents'

    def __repr__(self):
        return f"Value({self.label or self.op} = {self.data:.4g})"

    def _node(self, data, parents, op, local):
        """A new node whose gradient reaches each parent times ``local``
        (the partial derivatives of this one operation)."""
        out = Value(data, parents, op)

        def back():
            for parent, d in zip(parents, local, strict=True):
                parent.grad += d * out.grad
        out._back = back
        return out

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._node(self.data + other.data, (self, other), "+",
                          (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._node(self.data * other.data, (self, other), "*",
                          (other.data, self.data))

    def __pow__(self, k):  # k: a plain number
        return self._node(self.data ** k, (self,), f"^{k:g}",
                          (k * self.data ** (k - 1),))

    def exp(self):
        e = math.exp(self.data)
        return self._node(e, (self,), "exp", (e,))

    def log(self):
        return self._node(math.log(self.data), (self,), "log",
                          (1 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return self._node(t, (self,), "tanh", (1 - t * t,))

    def relu(self):
        return self._node(max(self.data, 0.0), (self,), "relu",
                          (float(self.data > 0),))

    def __neg__(self):
        return self._node(-self.data, (self,), "neg", (-1.0,))

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._node(self.data - other.data, (self, other), "-",
                          (1.0, -1.0))

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._node(self.data / other.data, (self, other), "/",
                          (1 / other.data, -self.data / other.data ** 2))

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return Value(other) / self

    def backward(self):
        """Fill ``grad`` of every node this one depends on."""
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)
        visit(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._back()
