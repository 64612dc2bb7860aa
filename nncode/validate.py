"""Argument checks shared by the whole package (public: use them in code of your own).

Every public function of ``nncode`` checks what it is given and, when something is
wrong, raises a ``TypeError`` or ``ValueError`` whose message names the argument,
says what was expected and what arrived. A learner should never have to decode a
NumPy broadcasting error or chase a silent NaN. Each check returns the value it
accepted, converted (a list becomes an array, a NumPy integer an ``int``), so a
function starts with lines such as ``lr = check_positive_number(lr, "lr")``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np


def shape_text(shape: tuple[int, ...]) -> str:
    """Write a shape the way NumPy prints it: ``(3,)``, ``(4, 2)``."""
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def check_layers_dims(layers_dims: Any) -> list[int]:
    """Return ``layers_dims`` as a list of ints, or say what is wrong with it."""
    if isinstance(layers_dims, (str, bytes)) or not hasattr(layers_dims, "__len__"):
        raise TypeError(
            "layers_dims must be a list of layer widths such as [2, 3, 2, 1]; "
            f"got {type(layers_dims).__name__}"
        )
    dims = list(layers_dims)
    if len(dims) < 2:
        raise ValueError(
            "layers_dims needs at least two entries (an input and an output layer), "
            f"e.g. [2, 3, 1]; got {dims!r}"
        )
    for l, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"layers_dims[{l}] must be a whole number of neurons; got {n!r} "
                f"({type(n).__name__})"
            )
        if n < 1:
            raise ValueError(f"layers_dims[{l}] must be at least 1 neuron; got {n}")
    return [int(n) for n in dims]


def check_function_dict(
    value: Any, argname: str, keys: tuple[str, ...], registry: Mapping[str, dict], kind: str
) -> dict:
    """Accept a registry name or a dict holding callables under ``keys``."""
    if isinstance(value, str):
        if value not in registry:
            raise ValueError(
                f"{argname}: unknown {kind} {value!r}; known names are {sorted(registry)}"
            )
        return registry[value]
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{argname} must be a dict with keys {list(keys)} (or a name from "
            f"{sorted(registry)}); got {type(value).__name__}"
        )
    missing = [k for k in keys if k not in value]
    if missing:
        article = "an" if kind[0] in "aeiou" else "a"
        raise ValueError(
            f"{argname} is missing the key(s) {missing}; {article} {kind} dict needs "
            f"{list(keys)}, it has {list(value)}"
        )
    for k in keys:
        if not isinstance(value[k], Callable):  # type: ignore[arg-type]
            raise TypeError(f"{argname}[{k!r}] must be a function; got {type(value[k]).__name__}")
    return dict(value)


def as_data(
    argname: str,
    value: Any,
    n_cols: int | None = None,
    n_rows: int | None = None,
    cols_meaning: str = "columns",
) -> np.ndarray:
    """Return ``value`` as a finite 2-D float array with the expected number of columns/rows.

    float32 arrays are returned as float32; everything else becomes float64.
    """
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{argname} must hold numbers; got an array of dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{argname} must hold real numbers; got complex values")
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = f"; for one column use {argname}.reshape(-1, 1), for one row reshape(1, -1)"
        want = "(n_samples, n_features)" if n_cols is None else f"(n_samples, {n_cols})"
        raise ValueError(
            f"{argname} must be a 2-D array of shape {want}, one row per sample; got "
            f"{arr.ndim}-D shape {shape_text(arr.shape)}{hint}"
        )
    if arr.size == 0:
        raise ValueError(f"{argname} is empty (shape {shape_text(arr.shape)}); it needs data")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(
            f"{argname} has {arr.shape[1]} columns but the network expects {n_cols} "
            f"({cols_meaning}); got shape {shape_text(arr.shape)}"
        )
    if n_rows is not None and arr.shape[0] != n_rows:
        raise ValueError(
            f"{argname} has {arr.shape[0]} rows but X has {n_rows}: one row per sample in both"
        )
    if arr.dtype != np.float32:  # float32 data stays float32 (no silent upcast)
        arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{argname} contains NaN or infinite values (first at row {bad[0]}, column {bad[1]})"
        )
    return arr


def check_positive_number(value: Any, argname: str) -> float:
    """A finite, strictly positive real number (a learning rate, a step size)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argname} must be a positive number; got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{argname} must be a finite number > 0; got {value!r}")
    return float(value)


def check_probability(value: Any, argname: str) -> float:
    """A probability in (0, 1], such as dropout's ``keep_prob`` (1 means: keep everything)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argname} must be a number in (0, 1]; got {value!r}")
    if not 0 < float(value) <= 1:
        raise ValueError(f"{argname} must be a number in (0, 1]; got {value!r}")
    return float(value)


def check_count(value: Any, argname: str) -> int:
    """A whole number >= 0 (a number of iterations or epochs)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{argname} must be a whole number >= 0; got {value!r}")
    if value < 0:
        raise ValueError(f"{argname} must be >= 0; got {value}")
    return int(value)


def check_seed(seed: Any) -> int | None:
    """``None`` or a non-negative whole number."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be None or a whole number >= 0; got {seed!r}")
    return int(seed)
