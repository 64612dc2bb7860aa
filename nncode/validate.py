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


def to_array(value: Any, argname: str) -> np.ndarray:
    """``value`` as a NumPy array of real numbers (any shape), or an error that says why not.

    A ragged list (rows of different lengths) and anything that is not numbers are named
    as such, instead of NumPy's "inhomogeneous shape" or "could not convert".
    """
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except ValueError as exc:
            if "inhomogeneous" not in str(exc):
                raise TypeError(f"{argname} must be an array of numbers; {exc}") from None
            arr = np.array(value, dtype=object)
    if arr.dtype == object:
        lengths = _row_lengths(arr)
        if lengths:
            raise ValueError(
                f"{argname} is a ragged list: its rows have different lengths {lengths}; "
                "every row needs the same number of entries"
            )
        raise TypeError(f"{argname} must hold numbers; got an array of Python objects")
    if np.iscomplexobj(arr):
        raise TypeError(f"{argname} must hold real numbers; got complex values")
    if not (np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)):
        raise TypeError(f"{argname} must hold numbers; got an array of dtype {arr.dtype}")
    return arr


def _row_lengths(arr: np.ndarray) -> list[int]:
    """The lengths of the rows of a 1-D object array of sequences ([] if it is not one)."""
    if arr.ndim != 1 or not all(hasattr(row, "__len__") for row in arr):
        return []
    return [len(row) for row in arr]


def as_matrix(argname: str, value: Any, want: str = "(rows, columns)") -> np.ndarray:
    """``value`` as a finite, non-empty 2-D float array; ``want`` names the expected shape.

    float32 arrays are returned as float32; everything else becomes float64.
    """
    arr = to_array(value, argname)
    if arr.ndim != 2:
        raise ValueError(
            f"{argname} must be a 2-D array of shape {want}; got {arr.ndim}-D shape "
            f"{shape_text(arr.shape)}"
        )
    if arr.size == 0:
        raise ValueError(f"{argname} is empty (shape {shape_text(arr.shape)}); it needs data")
    if arr.dtype != np.float32:  # float32 data stays float32 (no silent upcast)
        arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{argname} contains NaN or infinite values (first at row {bad[0]}, column {bad[1]})"
        )
    return arr


def as_data(
    argname: str,
    value: Any,
    n_cols: int | None = None,
    n_rows: int | None = None,
    cols_meaning: str = "columns",
    rows_of: str = "X",
) -> np.ndarray:
    """Return ``value`` as a finite 2-D float array with the expected number of columns/rows.

    One row per sample: ``n_rows`` is the number of rows of ``rows_of`` (the data the
    rows must match). float32 arrays are returned as float32; everything else becomes
    float64.
    """
    arr = to_array(value, argname)
    if arr.ndim != 2:
        want = "(n_samples, n_features)" if n_cols is None else f"(n_samples, {n_cols})"
        raise ValueError(
            f"{argname} must be a 2-D array of shape {want}, one row per sample; got "
            f"{arr.ndim}-D shape {shape_text(arr.shape)}{_one_d_hint(argname, arr, n_cols)}"
        )
    if n_cols is not None and arr.size and arr.shape[1] != n_cols:
        raise ValueError(
            f"{argname} has {arr.shape[1]} columns but the network expects {n_cols} "
            f"({cols_meaning}); got shape {shape_text(arr.shape)}"
        )
    if n_rows is not None and arr.shape[0] != n_rows:
        raise ValueError(
            f"{argname} has {arr.shape[0]} rows but {rows_of} has {n_rows}: one row per "
            "sample in both"
        )
    return as_matrix(argname, arr)


def _one_d_hint(argname: str, arr: np.ndarray, n_cols: int | None) -> str:
    """What to do with a 1-D array: integer class labels need one_hot, not a reshape."""
    if arr.ndim != 1:
        return ""
    if np.issubdtype(arr.dtype, np.integer) and n_cols != 1:
        k = "K" if n_cols is None else str(n_cols)
        return (
            f"; {argname} looks like integer class labels: turn them into one row per sample "
            f"with nncode.losses.one_hot({argname}, {k})"
        )
    if n_cols == 1:
        return f"; for one column use {argname}.reshape(-1, 1)"
    return f"; for one column use {argname}.reshape(-1, 1), for one row reshape(1, -1)"


def check_params(
    params: Any, shapes: Mapping[str, tuple[int, ...]], writable: bool = False
) -> None:
    """Check that ``params`` holds exactly the arrays ``shapes`` names, with those shapes.

    Each must be a finite float array; with ``writable``, one that training can update in
    place. The message names the key, the shape it needs and what to do.
    """
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must be a dict of arrays {list(shapes)}; got {type(params).__name__}"
        )
    fresh = "initialize_parameters() makes a fresh set"
    missing = [k for k in shapes if k not in params]
    if missing:
        wanted = ", ".join(f"{k!r} (shape {shape_text(shapes[k])})" for k in missing)
        raise ValueError(f"params is missing {wanted}; {fresh}")
    extra = [k for k in params if k not in shapes]
    if extra:
        raise ValueError(
            f"params has keys this network does not have: {extra}; it needs {list(shapes)}"
        )
    for key, shape in shapes.items():
        value = params[key]
        if not isinstance(value, np.ndarray) or not np.issubdtype(value.dtype, np.floating):
            kind = f"dtype {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
            raise TypeError(
                f"params[{key!r}] must be a float NumPy array of shape {shape_text(shape)}; "
                f"got {kind}: use np.array(..., dtype=float)"
            )
        if value.shape != shape:
            raise ValueError(
                f"params[{key!r}] has shape {shape_text(value.shape)} but {_role(key, shape)}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"params[{key!r}] contains NaN or infinite values; {fresh} (training that "
                "diverged leaves them: try a smaller learning rate)"
            )
        if writable and not value.flags.writeable:
            raise ValueError(
                f"params[{key!r}] is read-only, so training cannot update it; train a copy: "
                "net.params = {k: v.copy() for k, v in net.params.items()}"
            )


def _role(key: str, shape: tuple[int, ...]) -> str:
    """What the parameter ``key`` of shape ``shape`` is, for a message."""
    name, l = key.rstrip("0123456789"), key[len(key.rstrip("0123456789")) :]
    if name == "W":
        return (
            f"layer {l} needs {shape_text(shape)}: one row per neuron of layer {int(l) - 1} "
            f"({shape[0]}) and one column per neuron of layer {l} ({shape[1]})"
        )
    return f"layer {l} needs {shape_text(shape)}: a row with one entry per neuron of layer {l}"


def _real(value: Any, argname: str, what: str) -> float:
    """A real number (Python's or NumPy's, such as np.float32(0.1)) as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argname} must be {what}; got {value!r}")
    return float(value)


def check_positive_number(value: Any, argname: str) -> float:
    """A finite, strictly positive real number (a learning rate, a step size)."""
    number = _real(value, argname, "a positive number")
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{argname} must be a finite number > 0; got {value!r}")
    return number


def check_nonnegative_number(value: Any, argname: str) -> float:
    """A finite real number >= 0 (a penalty strength such as ``l2``; 0 switches it off)."""
    number = _real(value, argname, "a number >= 0")
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{argname} must be a finite number >= 0; got {value!r}")
    return number


def check_fraction(value: Any, argname: str) -> float:
    """A number in [0, 1), such as momentum's mu or Adam's beta1 and beta2."""
    number = _real(value, argname, "a number in [0, 1)")
    if not 0 <= number < 1:
        raise ValueError(f"{argname} must be a number in [0, 1); got {value!r}")
    return number


def check_probability(value: Any, argname: str) -> float:
    """A probability in (0, 1], such as dropout's ``keep_prob`` (1 means: keep everything)."""
    number = _real(value, argname, "a number in (0, 1]")
    if not 0 < number <= 1:
        raise ValueError(f"{argname} must be a number in (0, 1]; got {value!r}")
    return number


def check_count(value: Any, argname: str, minimum: int = 0) -> int:
    """A whole number >= ``minimum`` (a number of iterations or epochs, a batch size)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        hint = f" (use int({value!r}))" if isinstance(value, float) and value.is_integer() else ""
        raise TypeError(f"{argname} must be a whole number >= {minimum}; got {value!r}{hint}")
    if value < minimum:
        bound = ">= 0" if minimum == 0 else f"at least {minimum}"
        raise ValueError(f"{argname} must be {bound}; got {value}")
    return int(value)


def check_seed(seed: Any) -> int | None:
    """``None`` or a non-negative whole number."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed must be None or a whole number >= 0; got {seed!r}")
    return int(seed)


def check_network(net: Any, argname: str = "net") -> Any:
    """A network with ``NN``'s public core (``check_data``, ``forward``, ``loss``,
    ``backward``, ``params``), such as an ``NN`` or a ``BatchNormNN``, returned as it is."""
    core = ("check_data", "check_params", "forward", "loss", "backward", "params", "layers_dims")
    if isinstance(net, type) or not all(hasattr(net, name) for name in core):
        what = f"the class {net.__name__}" if isinstance(net, type) else type(net).__name__
        raise TypeError(
            f"{argname} must be a network such as NN([2, 3, 1], 'relu', 'identity', 'mse'); "
            f"got {what}"
        )
    return net


def check_dropout_rng(rng: Any) -> Any:
    """The generator that draws dropout's masks: anything with ``random(shape)``."""
    needs = "dropout (keep_prob < 1) needs rng, a generator such as np.random.default_rng(0)"
    if rng is None:
        raise ValueError(needs)
    if not callable(getattr(rng, "random", None)):
        raise TypeError(f"{needs}; got {rng!r}")
    return rng


def check_random_state(rng: Any, argname: str = "rng") -> Any:
    """A source of random numbers with ``uniform``: a seed (a whole number >= 0, which
    becomes ``np.random.RandomState(seed)``, the generator behind ``np.random.seed``), a
    ``np.random.RandomState`` or a ``np.random.Generator``, returned as such."""
    if isinstance(rng, (np.random.RandomState, np.random.Generator)):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral) or not 0 <= int(rng) < 2**32:
        raise TypeError(
            f"{argname} must be a seed (a whole number >= 0), an np.random.RandomState or an "
            f"np.random.Generator; got {rng!r}"
        )
    return np.random.RandomState(int(rng))


def check_same_shape(
    a: Any, Y: Any, a_name: str = "a", Y_name: str = "Y"
) -> tuple[np.ndarray, np.ndarray]:
    """Two 2-D arrays of one shape (n_samples, n_outputs), such as a loss compares.

    Catches what NumPy would broadcast silently: a Y with one column against K outputs
    computes a wrong number, not an error.
    """
    a, Y = to_array(a, a_name), to_array(Y, Y_name)
    if a.shape != Y.shape or a.ndim != 2:
        hint = _one_d_hint(Y_name, Y, a.shape[1] if a.ndim == 2 else None)
        raise ValueError(
            f"{a_name} and {Y_name} must have the same shape (n_samples, n_outputs); got "
            f"{a_name} {shape_text(a.shape)} and {Y_name} {shape_text(Y.shape)}{hint}"
        )
    return a, Y
