"""The exercises of *Weight decay, dropout and early stopping* (``book/part5/regularisation.md``).

- ``check_dropout(dropout_forward, dropout_backward)``: inverted dropout.
  ``dropout_forward(x, keep_prob, rng, training)`` returns ``(out, mask)``: in a training
  pass each entry of x is kept with probability keep_prob and divided by keep_prob, or set
  to 0; in any other pass out is x itself. ``dropout_backward(d_out, mask)`` returns
  dJ/dx = d_out times the *same* mask, scale included;
- ``check_early_stopping(early_stopping)``: ``early_stopping(net, train_epoch, val_loss,
  max_epochs, patience)`` calls ``train_epoch()`` (which changes ``net.params`` in place)
  and then ``val_loss()`` once per epoch, stops as soon as ``patience`` epochs in a row
  have brought no new lowest validation loss, and leaves ``net.params`` holding the
  weights of the best epoch;

each with its ``hint_dropout`` and ``hint_early_stopping``.

A dropout mask is random, so the dropout check reads what the reader's forward pass did
from its output: out / x is 0 where a neuron was dropped and 1/keep_prob where it was
kept. It draws enough entries that the fraction kept is known to within a few thousandths.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

KEEP_PROB = 0.8
"""The probability of keeping a neuron in the dropout check, far from 1 - KEEP_PROB."""


def _activations() -> np.ndarray:
    """200 samples of 50 hidden activations, none of them 0, so out / x reads the mask."""
    return kit.read_only(np.random.default_rng(8).uniform(0.5, 2.0, size=(200, 50)))


def _forward(dropout_forward: Any, x: np.ndarray, seed: int, training: bool) -> tuple[Any, Any]:
    got = kit.run(
        dropout_forward,
        "dropout_forward(x, keep_prob, rng, training)",
        {
            "x": x,
            "keep_prob": KEEP_PROB,
            "rng": np.random.default_rng(seed),
            "training": training,
        },
        in_place="multiply into a new array, out = x * mask, instead of changing x",
    )
    if not isinstance(got, tuple) or len(got) != 2:
        raise NotYet(
            "dropout_forward must return two things, (out, mask): the backward pass needs the "
            "mask that the forward pass drew. It returned "
            + ("one array" if isinstance(got, np.ndarray) else f"{type(got).__name__} {got!r:.40}")
            + "."
        )
    return got


def _read_mask(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    """out / x: what the forward pass multiplied each activation by."""
    if out.shape != x.shape:
        raise NotYet(
            f"out has shape {kit.shape_text(out.shape)}; dropout keeps the shape of x, "
            f"{kit.shape_text(x.shape)}: draw one mask entry per sample and neuron, "
            "rng.random(x.shape)."
        )
    return out / x


def _check_training_pass(R: np.ndarray) -> None:
    """Raise NotYet unless every entry of R is 0 or 1/p and about p of them are kept."""
    p = KEEP_PROB
    kept = R != 0
    values = np.unique(np.round(R[kept], 9))
    if not kept.any():
        raise NotYet("dropout_forward set every activation to 0: keep each one with probability p.")
    if np.all(kept) and np.allclose(R, 1.0):
        raise NotYet(
            "dropout_forward returned x unchanged in a training pass: drop each activation "
            "with probability 1 - keep_prob."
        )
    if values.size == 1 and np.isclose(values[0], 1.0):
        raise NotYet(
            "the kept activations are not divided by keep_prob. In *inverted* dropout they are "
            "scaled up by 1/keep_prob, so that their expected value stays x and nothing needs "
            "rescaling at inference: out = x * keep / keep_prob."
        )
    if values.size == 1 and np.isclose(values[0], p):
        raise NotYet(
            "the kept activations are multiplied by keep_prob; inverted dropout *divides* them "
            "by keep_prob, so that their expected value stays x: out = x * keep / keep_prob."
        )
    if values.size != 1 or not np.isclose(values[0], 1.0 / p):
        raise NotYet(
            "each entry of out must be either 0 (a dropped neuron) or x / keep_prob (a kept "
            f"one); out / x takes the values {values[:4].round(4).tolist()}..."
        )
    fraction = float(kept.mean())
    if abs(fraction - (1 - p)) < 0.03:
        raise NotYet(
            f"dropout_forward keeps {fraction:.1%} of the activations, about 1 - keep_prob: it "
            "drops a neuron with probability keep_prob. keep_prob is the probability of "
            "*keeping* it: keep = rng.random(x.shape) < keep_prob."
        )
    if abs(fraction - p) > 0.03:
        raise NotYet(
            f"dropout_forward keeps {fraction:.1%} of the activations; with keep_prob = {p} it "
            f"should keep about {p:.0%}: keep = rng.random(x.shape) < keep_prob."
        )
    if np.all(kept == kept[:1, :]):
        raise NotYet(
            "the same neurons are dropped for every sample: the mask has one entry per neuron "
            "only. Draw one entry per sample and neuron, rng.random(x.shape)."
        )
    if np.all(kept == kept[:, :1]):
        raise NotYet(
            "a sample keeps all its neurons or none: the mask has one entry per sample only. "
            "Draw one entry per sample and neuron, rng.random(x.shape)."
        )


@never_raises
def check_dropout(dropout_forward: Any, dropout_backward: Any) -> Feedback:
    """Check inverted dropout: ``dropout_forward(x, keep_prob, rng, training)`` returning
    ``(out, mask)`` and ``dropout_backward(d_out, mask)``."""
    x = _activations()
    out, mask = _forward(dropout_forward, x, seed=1, training=True)
    R = _read_mask(kit.as_array(out, "out"), x)
    _check_training_pass(R)
    again, _ = _forward(dropout_forward, x, seed=1, training=True)
    if not np.array_equal(kit.as_array(again, "out"), kit.as_array(out, "out")):
        raise NotYet(
            "two generators in the same state dropped different neurons: dropout_forward draws "
            "from somewhere else (np.random.rand uses NumPy's global generator). Draw from the "
            "rng it is given, rng.random(x.shape), so that a seed reproduces the training."
        )
    other, _ = _forward(dropout_forward, x, seed=2, training=True)
    if np.array_equal(kit.as_array(other, "out"), kit.as_array(out, "out")):
        raise NotYet(
            "two generators with different seeds dropped the same neurons: dropout_forward "
            "ignores its rng. Draw the mask with rng.random(x.shape)."
        )
    test_out, _ = _forward(dropout_forward, x, seed=3, training=False)
    compare(
        "out of an inference pass (training=False)",
        test_out,
        x,
        [
            Slip(
                x * KEEP_PROB,
                "an inference pass multiplies x by keep_prob. Inverted dropout did its scaling "
                "in training already: at inference every neuron is used, unchanged; out = x.",
            ),
            Slip(
                x / KEEP_PROB,
                "an inference pass divides x by keep_prob. That scaling belongs to the kept "
                "neurons of a training pass; at inference out = x.",
            ),
        ],
        otherwise=(
            "an inference pass (training=False) changes x: dropout acts in training only. At "
            "inference every neuron is used, unchanged: out = x (the mask may be None)."
        ),
    )
    d_out = kit.read_only(np.random.default_rng(9).normal(size=x.shape))
    d_x = kit.run(
        dropout_backward,
        "dropout_backward(d_out, mask)",
        {"d_out": d_out, "mask": mask},
        in_place="return d_out * mask as a new array instead of changing d_out",
    )
    d_x = kit.as_array(d_x, "dropout_backward(d_out, mask)")
    want = d_out * R
    if d_x.shape == want.shape and not np.allclose(d_x, want):
        zeros_differ = (d_x == 0).any() and not np.array_equal(d_x == 0, R == 0)
        if zeros_differ and np.all(
            np.isin(np.round(d_x / d_out, 9), np.round([0, 1 / KEEP_PROB], 9))
        ):
            raise NotYet(
                "dropout_backward lets the gradient through other neurons than the forward pass "
                "kept: it draws a new mask. Reuse the mask that dropout_forward returned, "
                "d_out * mask."
            )
    compare(
        "dropout_backward(d_out, mask)",
        d_x,
        want,
        [
            Slip(
                d_out,
                "dropout_backward returns d_out unchanged: a dropped neuron passed nothing "
                "forward, so it gets no gradient back; multiply by the forward's mask.",
            ),
            Slip(
                d_out * (R != 0),
                "dropout_backward multiplies by the mask of 0s and 1s but not by 1/keep_prob: "
                "the forward pass scaled the kept activations by 1/keep_prob, so their gradient "
                "carries the same factor: d_out * keep / keep_prob.",
            ),
            Slip(
                d_out / KEEP_PROB,
                "dropout_backward divides by keep_prob but drops nothing: multiply by the "
                "forward's mask, zeros included.",
            ),
            Slip(
                d_out * R**2,
                "dropout_backward applies the scale 1/keep_prob twice: the mask already holds "
                "it, so dJ/dx = d_out * mask.",
            ),
        ],
        shape_hint="dJ/dx has the shape of x.",
    )
    return passed(
        f"inverted dropout is right: about {KEEP_PROB:.0%} of the activations kept and divided "
        "by keep_prob, drawn from rng, nothing changed at inference, and the same mask in the "
        "backward pass."
    )


SCRIPTS = (
    ((0.90, 0.70, 0.60, 0.65, 0.55, 0.58, 0.57, 0.60, 0.62, 0.61, 0.50, 0.49), 3),
    ((0.90, 0.80, 0.70, 0.60, 0.50, 0.40), 2),
)
"""Validation losses epoch by epoch, and the patience. In the first run the loss gets worse
once and then improves again (before the patience runs out) and later improves once more,
but too late; in the second it improves in every epoch until max_epochs."""


def _expected(losses: tuple[float, ...], patience: int) -> tuple[int, int]:
    """(epochs run, epochs trained by the best weights) of the rule in ``fit``."""
    best, best_epoch = np.inf, 0
    for epoch, loss in enumerate(losses):
        if loss < best:
            best, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch + 1, best_epoch + 1
    return len(losses), best_epoch + 1


def _run_script(early_stopping: Any, losses: tuple[float, ...], patience: int) -> tuple[int, Any]:
    """Run the reader's loop on a fake network whose weights count the epochs trained."""
    net = SimpleNamespace(params={"W1": np.zeros((2, 3)), "b1": np.zeros((1, 3))})
    trained = [0]

    def train_epoch() -> None:
        trained[0] += 1
        for p in net.params.values():
            p += 1.0

    def val_loss() -> float:
        return 1.0 if trained[0] == 0 else losses[min(trained[0], len(losses)) - 1]

    kit.run(
        early_stopping,
        "early_stopping(net, train_epoch, val_loss, max_epochs, patience)",
        {},
        before=(net, train_epoch, val_loss, len(losses), patience),
    )
    W = kit.as_array(
        net.params.get("W1") if isinstance(net.params, dict) else None, "net.params['W1']"
    )
    return trained[0], W


@never_raises
def check_early_stopping(early_stopping: Any) -> Feedback:
    """Check ``early_stopping(net, train_epoch, val_loss, max_epochs, patience)``."""
    for losses, patience in SCRIPTS:
        runs, W = _run_script(early_stopping, losses, patience)
        want_runs, want_weights = _expected(losses, patience)
        story = f"with the validation losses {list(losses)} and patience = {patience}"
        if runs != want_runs:
            first_worse = next(
                (i + 1 for i in range(1, len(losses)) if losses[i] >= min(losses[:i])), None
            )
            if runs == want_runs - 1:
                why = (
                    "it stopped one epoch early: stop when the epochs since the best one "
                    "(not counting the best itself) reach patience, epoch - best_epoch >= "
                    "patience."
                )
            elif runs == want_runs + 1:
                why = (
                    "it stopped one epoch late: stop as soon as epoch - best_epoch reaches "
                    "patience (>=, not >)."
                )
            elif runs == first_worse:
                why = (
                    "it stopped at the first epoch that did not improve; patience allows that "
                    "many epochs without improvement before stopping."
                )
            elif runs == len(losses):
                why = "it never stopped early: count the epochs since the best one and stop."
            elif runs > len(losses):
                why = f"it trained {runs} epochs, more than max_epochs = {len(losses)}."
            else:
                why = f"it ran {runs} epochs."
            raise NotYet(f"{story}, training should stop after {want_runs} epochs, but {why}")
        if W.shape != (2, 3) or not np.all(W == W.flat[0]):
            raise NotYet(
                "net.params['W1'] is not one of the weights the training produced: put back a "
                "copy of the best weights, net.params[k][...] = best[k]."
            )
        epoch_of_weights = round(float(W.flat[0]))
        if epoch_of_weights == want_weights:
            continue
        if epoch_of_weights == runs:
            raise NotYet(
                f"{story}, net.params ends with the weights of the last epoch run ({runs}), not "
                f"those of the best epoch ({want_weights}). Keep a *copy* of the best weights "
                "when the validation loss improves, {k: v.copy() for k, v in "
                "net.params.items()}, and put it back at the end. (A dict that refers to the "
                "same arrays changes with them as training goes on.)"
            )
        if epoch_of_weights == want_weights - 1:
            raise NotYet(
                f"{story}, net.params ends with the weights of the epoch *before* the best one: "
                "copy the weights after train_epoch(), when val_loss() says they are the best."
            )
        raise NotYet(
            f"{story}, net.params ends with the weights after epoch {epoch_of_weights}; the "
            f"best validation loss came after epoch {want_weights}."
        )
    return passed(
        "early stopping is right: it stops after patience epochs without improvement and "
        "puts back the weights of the best epoch."
    )


hint_dropout = hints(
    __name__,
    "dropout",
    "In a training pass each activation is kept with probability keep_prob and scaled by "
    "1/keep_prob, or set to 0. Keep the mask: the backward pass needs the same one.",
    "rng.random(x.shape) < keep_prob is True with probability keep_prob; dividing it by "
    "keep_prob gives the mask with the scale in it. With training=False, return x itself.",
    "mask = (rng.random(x.shape) < keep_prob) / keep_prob; return x * mask, mask. "
    "Backward: return d_out * mask.",
)


hint_early_stopping = hints(
    __name__,
    "early_stopping",
    "Loop over at most max_epochs epochs: train one epoch, read the validation loss, "
    "and remember the best loss, its epoch and a copy of its weights.",
    "Stop when epoch - best_epoch >= patience. The weights must be copied "
    "({k: v.copy() for k, v in net.params.items()}): train_epoch changes the arrays in "
    "place.",
    "After the loop, put the copy back into the arrays: for k, v in best.items(): "
    "net.params[k][...] = v.",
)
