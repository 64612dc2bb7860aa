"""The exercises of *Capstone: handwritten digits* (``book/part5/digits.md``).

- ``check_output_delta(output_delta)``: ``output_delta(Z, labels)`` returns
  dJ/dZ(L) = (P - Y)/n for softmax outputs P = softmax(Z) (row by row), the one-hot
  targets Y of the integer ``labels`` and the cross-entropy J = -1/n sum_i sum_k y_ik log p_ik;
- ``check_adam_step(adam_step)``: ``adam_step(w, g, m, v, t, lr, beta1, beta2, eps)``
  returns ``(w, m, v)`` after Adam's step number t (counted from 1):
  m := beta1 m + (1 - beta1) g, v := beta2 v + (1 - beta2) g^2, and
  w := w - lr m_hat / (sqrt(v_hat) + eps) with m_hat = m / (1 - beta1^t) and
  v_hat = v / (1 - beta2^t);

each with its ``hint_output_delta`` and ``hint_adam_step``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import sigmoid, softmax
from ..losses import cross_entropy_delta_from_z, one_hot
from ..optim import Adam
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

Z = kit.read_only(
    [
        [2.0, -1.0, 0.5, 0.0],
        [0.1, 0.2, 0.3, 0.4],
        [-3.0, 1.0, 2.0, -0.5],
        [40.0, 38.0, -2.0, 0.0],
        [0.0, 0.0, 0.0, 0.0],
        [1.5, -2.5, 0.7, 3.0],
    ]
)
"""Receptors of six samples for four classes. n differs from K, so that a wrong axis or a
wrong divisor shows; row 3 is far from 0 and row 4 is all 0."""

LABELS = np.array([0, 3, 2, 1, 2, 3])
"""The class of each sample; every class occurs."""


def _explain_labels(exc: BaseException, line: str) -> str | None:
    """``P - labels``: integer labels are not the one-hot targets."""
    n, k = Z.shape
    shapes = kit.broadcast_shapes(exc)
    if (n,) in shapes:
        return (
            f"labels holds one integer class per sample, shape ({n},); the targets Y are its "
            f"one-hot rows, shape ({n}, {k}): Y = np.eye(Z.shape[1])[labels] "
            "(or nncode.losses.one_hot(labels, K)), then (P - Y)/n."
        )
    if (n, n) in shapes:
        return (
            f"the one-hot targets have {n} columns, one per sample; they need one per class, "
            f"K = Z.shape[1] = {k}: np.eye(Z.shape[1])[labels]."
        )
    return None


@never_raises
def check_output_delta(output_delta: Any) -> Feedback:
    """Check ``output_delta(Z, labels)``: (softmax(Z) - one_hot(labels)) / n."""
    labels = LABELS.copy()
    got = kit.run(
        output_delta,
        "output_delta(Z, labels)",
        {"Z": Z, "labels": labels},
        explain=[_explain_labels],
        in_place="compute new arrays instead of changing Z or labels",
    )
    n, k = Z.shape
    Y = one_hot(LABELS, k)
    P = softmax(Z)
    want = cross_entropy_delta_from_z(Z, Y)
    columns = np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0)
    right = "(P - Y) / n"
    compare(
        "output_delta(Z, labels)",
        got,
        want,
        [
            Slip(
                P - Y,
                f"the delta is not divided by the number of samples n = {n}: J averages over "
                f"the samples, so dJ/dZ = {right}.",
            ),
            Slip(-want, f"the delta has the wrong sign: {right}, the prediction minus the target."),
            Slip(
                (P - Y) / (n * k),
                f"the delta divides by n * K = {n * k}, the number of entries; J sums over the "
                f"K = {k} classes and averages over the n = {n} samples: {right}.",
            ),
            Slip(
                (P - Y) / k,
                f"the delta divides by the number of classes K = {k}; divide by the number of "
                f"samples n = Z.shape[0] = {n}.",
            ),
            Slip(
                (columns - Y) / n,
                "softmax is taken over the wrong axis: each column sums to 1. Each *row* (one "
                "sample) is a probability distribution: np.max and np.sum with axis=1, "
                "keepdims=True.",
            ),
            Slip(
                (P - LABELS[:, None]) / n,
                "the delta subtracts each sample's label number from every one of its "
                "probabilities; subtract its one-hot row instead: Y = np.eye(K)[labels].",
            ),
            Slip(
                (Z - Y) / n,
                f"the delta uses the receptors Z where the probabilities P = softmax(Z) belong: "
                f"{right}.",
            ),
            Slip(
                (sigmoid(Z) - Y) / n,
                "the delta squashes each receptor with the sigmoid; the probabilities come from "
                "softmax, which divides each exponential by the sum over its row.",
            ),
            Slip(
                P * (1 - P) * (P - Y) / n,
                "the delta is multiplied by P(1 - P): for softmax with cross-entropy that factor "
                f"cancels, and dJ/dZ is simply {right}.",
            ),
            Slip(
                (P - Y[::-1]) / n,
                "the one-hot rows are in the wrong order: row i of Y belongs to sample i.",
            ),
        ],
        shape_hint=f"one entry per receptor, shape ({n}, {k}), like Z.",
    )
    return passed(
        "dJ/dZ = (P - Y)/n is right: softmax row by row, one-hot targets, divided by the n "
        "samples, even for large receptors."
    )


# ---------------------------------------------------------------- Adam

LR, BETA1, BETA2, EPS = 0.01, 0.9, 0.999, 1e-8
"""Adam's settings in the check, the defaults of PyTorch and nncode (with lr = 0.01)."""


def _adam_data() -> tuple[np.ndarray, list[np.ndarray]]:
    """Starting weights and three gradients; one entry is tiny in every step, so that eps
    under the square root shows."""
    rng = np.random.default_rng(44)
    w = rng.normal(size=(2, 3))
    grads = [rng.normal(size=(2, 3)) for _ in range(3)]
    for g in grads:
        g[1, 2] = 1e-5
    return w, grads


def _adam_slips(
    w: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, t: int
) -> tuple[list[Slip], list[Slip], list[Slip]]:
    """The slips of m, v and w for one step from (w, m, v) with gradient g."""
    m1 = BETA1 * m + (1 - BETA1) * g
    v1 = BETA2 * v + (1 - BETA2) * g * g
    c1, c2 = 1 - BETA1**t, 1 - BETA2**t
    m_hat, v_hat = m1 / c1, v1 / c2
    rule = "w - lr * m_hat / (np.sqrt(v_hat) + eps)"
    m_slips = [
        Slip(
            (1 - BETA1) * m + BETA1 * g,
            "m keeps 1 - beta1 of its old value and takes beta1 of the gradient: the other way "
            "round. beta1 (0.9) is the weight of the past: m = beta1 * m + (1 - beta1) * g.",
        ),
    ]
    if t == 1:  # m starts at 0: both slips give m = g
        m_slips.append(
            Slip(
                g,
                "m after step 1 is the gradient itself: either m adds the whole gradient (the "
                "momentum rule) or the m you return is bias-corrected. Adam keeps, and returns, "
                "the running average m = beta1 * m + (1 - beta1) * g; m / (1 - beta1**t) is "
                "used only inside the step.",
            )
        )
    m_slips += [
        Slip(
            BETA1 * m + g,
            "m adds the whole gradient (the momentum rule); Adam's m is an average: "
            "m = beta1 * m + (1 - beta1) * g.",
        ),
        Slip(
            m1 / c1,
            "the m you return is bias-corrected; return the running m itself and use "
            "m / (1 - beta1**t) only inside the step.",
        ),
    ]
    v_slips = [
        Slip(
            (1 - BETA2) * v + BETA2 * g * g,
            "v keeps 1 - beta2 of its old value and takes beta2 of g²: the other way round, "
            "v = beta2 * v + (1 - beta2) * g**2.",
        ),
        Slip(
            BETA2 * v + (1 - BETA2) * g,
            "v averages the gradient itself; it averages its square, g**2, elementwise.",
        ),
        Slip(
            BETA2 * v + (1 - BETA2) * np.abs(g),
            "v averages |g|; it averages the square, g**2.",
        ),
        Slip(
            v1 / c2,
            "the v you return is bias-corrected; return the running v itself and "
            "use v / (1 - beta2**t) only inside the step.",
        ),
    ]
    w_slips = [
        Slip(
            w - LR * m1 / (np.sqrt(v1) + EPS),
            f"the step has no bias correction: at step t = {t} divide m by 1 - beta1**t and v "
            f"by 1 - beta2**t before using them ({rule}); without it the first steps are too "
            "small, because m and v start at 0.",
        ),
        Slip(
            w - LR * m_hat / (np.sqrt(v1) + EPS),
            "v is not bias-corrected: v_hat = v / (1 - beta2**t).",
        ),
        Slip(
            w - LR * m1 / (np.sqrt(v_hat) + EPS),
            "m is not bias-corrected: m_hat = m / (1 - beta1**t).",
        ),
        Slip(
            w - LR * (m1 / (1 - BETA1 ** (t + 1))) / (np.sqrt(v1 / (1 - BETA2 ** (t + 1))) + EPS),
            f"the bias correction uses t + 1; this is step t = {t} (counted from 1): 1 - beta1**t.",
        ),
        Slip(w + LR * m_hat / (np.sqrt(v_hat) + EPS), f"the step goes uphill: {rule}."),
        Slip(
            w - LR * m_hat / np.sqrt(v_hat + EPS),
            f"eps is inside the square root; it is added after it: {rule}. (With a tiny "
            "gradient, as in entry [1, 2], the difference is large.)",
        ),
        Slip(
            w - LR * m_hat / (v_hat + EPS),
            f"the step divides by v_hat, not by its square root: {rule}.",
        ),
        Slip(w - m_hat / (np.sqrt(v_hat) + EPS), f"the learning rate is missing: {rule}."),
        Slip(w - LR * g, "the step is plain gradient descent, w - lr * g; Adam uses m and v."),
        Slip(
            w - LR * m_hat * np.sqrt(v_hat),
            f"the step multiplies by sqrt(v_hat); it divides by it: {rule}.",
        ),
    ]
    return m_slips, v_slips, w_slips


@never_raises
def check_adam_step(adam_step: Any) -> Feedback:
    """Check ``adam_step(w, g, m, v, t, lr, beta1, beta2, eps)`` over three steps."""
    w0, grads = _adam_data()
    params = {"W": w0.copy()}
    adam = Adam(LR, BETA1, BETA2, EPS)
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    for t, g in enumerate(grads, start=1):
        got = kit.run(
            adam_step,
            "adam_step(w, g, m, v, t, lr, beta1, beta2, eps)",
            {
                "w": kit.read_only(w),
                "g": kit.read_only(g),
                "m": kit.read_only(m),
                "v": kit.read_only(v),
                "t": t,
                "lr": LR,
                "beta1": BETA1,
                "beta2": BETA2,
                "eps": EPS,
            },
            in_place="return new arrays (w = w - ..., m = beta1 * m + ...) instead of "
            "changing w, m or v in place",
        )
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise NotYet(
                "adam_step must return three arrays, (w, m, v): the new weights and the new "
                "running averages, which the next step needs."
            )
        new_w, new_m, new_v = (kit.as_array(v, name) for v, name in zip(got, ("w", "m", "v")))
        adam.step(params, {"dW": g})
        m_slips, v_slips, w_slips = _adam_slips(w, g, m, v, t)
        compare(f"m after step {t}", new_m, adam.m["W"], m_slips)
        compare(f"v after step {t}", new_v, adam.s["W"], v_slips)
        if not np.all(np.isfinite(new_w)) and t == 1:
            raise NotYet(
                "w is not finite after step 1: the bias correction 1 - beta**t is 0 when t is "
                "0. The steps are counted from t = 1."
            )
        compare(f"w after step {t}", new_w, params["W"], w_slips)
        w, m, v = params["W"].copy(), adam.m["W"].copy(), adam.s["W"].copy()
    return passed(
        "three Adam steps are right: m and v averaged with beta1 and beta2, both "
        "bias-corrected, eps after the square root, and the step downhill."
    )


hint_output_delta = hints(
    __name__,
    "output_delta",
    "Three pieces: the probabilities P = softmax(Z) row by row, the one-hot targets Y of "
    "the labels, and their difference divided by the number of samples.",
    "Y = np.eye(Z.shape[1])[labels] picks, for every sample, the row of the identity "
    "matrix of its class. n is Z.shape[0].",
    "e = np.exp(Z - Z.max(axis=1, keepdims=True)); P = e / e.sum(axis=1, keepdims=True); "
    "return (P - Y) / Z.shape[0].",
)


hint_adam_step = hints(
    __name__,
    "adam_step",
    "Update the two running averages first, m of the gradient and v of its square; then "
    "correct them for starting at 0, and take the step.",
    "m = beta1 * m + (1 - beta1) * g; v = beta2 * v + (1 - beta2) * g**2; "
    "m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t).",
    "w = w - lr * m_hat / (np.sqrt(v_hat) + eps); return w, m, v (the running m and v, "
    "not the corrected ones).",
)
