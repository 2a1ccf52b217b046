"""The chapter's photograph and the arithmetic of convolutions: output
sizes, receptive fields, and the filters applied to the photograph.

The photograph is scikit-image's ``chelsea`` (a cat), read from a file
inside the installed package: no network. Credit: Stefan van der Walt,
CC0 (see ``snippets/data/SOURCES.md``).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

GRAY = (0.2125, 0.7154, 0.0721)
"""Weights of red, green and blue in the grey level (ITU-R BT.709, as
scikit-image's ``rgb2gray``)."""

FILTERS = {
    "vertical edges": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]],
                               dtype=np.float32),
    "horizontal edges": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
                                 dtype=np.float32),
    "blur": np.full((5, 5), 1 / 25, dtype=np.float32),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
                        dtype=np.float32),
}
"""Hand-made 3 x 3 and 5 x 5 filters: Sobel edges, a box blur, sharpen."""


def load_photo() -> np.ndarray:
    """scikit-image's cat as grey levels, (300, 451) float32 in [0, 1]."""
    from skimage import data

    rgb = data.chelsea().astype(np.float32) / 255.0
    return rgb @ np.array(GRAY, dtype=np.float32)


def output_size(n: int, kernel: int, stride: int = 1,
                padding: int = 0) -> int:
    """Length of a convolution's (or pooling's) output along one side:
    floor((n + 2 padding - kernel) / stride) + 1."""
    if n + 2 * padding < kernel:
        raise ValueError("the kernel is larger than the padded input")
    return (n + 2 * padding - kernel) // stride + 1


def receptive_fields(layers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Receptive field and jump after each layer of ``(kernel, stride)``.

    The field grows by (kernel - 1) times the jump so far; the jump (the
    distance in input pixels between neighbouring units) is multiplied by
    the stride. The input itself has field 1 and jump 1.
    """
    field, jump, out = 1, 1, []
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
        out.append((field, jump))
    return out


def convolve(image: np.ndarray, kernel: np.ndarray, stride: int = 1,
             padding: int = 0) -> np.ndarray:
    """A 2-D convolution as deep learning libraries compute it (the
    kernel is not flipped: a cross-correlation)."""
    x = torch.from_numpy(np.ascontiguousarray(image, np.float32))[None, None]
    k = torch.from_numpy(np.ascontiguousarray(kernel, np.float32))[None, None]
    return F.conv2d(x, k, stride=stride, padding=padding)[0, 0].numpy()


def convolve_by_hand(image: np.ndarray, kernel: np.ndarray,
                     stride: int = 1, padding: int = 0) -> np.ndarray:
    """The same convolution with two loops: each output is the sum of the
    kernel times the patch under it."""
    x = np.pad(np.asarray(image, np.float64), padding)
    kh, kw = kernel.shape
    out = np.zeros((output_size(image.shape[0], kh, stride, padding),
                    output_size(image.shape[1], kw, stride, padding)))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            r, c = i * stride, j * stride
            out[i, j] = float((x[r : r + kh, c : c + kw] * kernel).sum())
    return out


def pool(image: np.ndarray, size: int, kind: str = "max") -> np.ndarray:
    """Max or average pooling over ``size`` x ``size`` blocks (stride =
    size)."""
    x = torch.from_numpy(np.ascontiguousarray(image, np.float32))[None, None]
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    return fn(x, size)[0, 0].numpy()
