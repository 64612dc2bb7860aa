"""Checks and hints for the book's exercises, one module per chapter.

Each exercise has a check, ``check_...(answer)``, which runs the reader's answer on data
of its own and returns a :class:`Feedback` (``ok`` and a ``message`` that names the
slip and says how to fix it), and hints, ``hint_...()``, from the most general to the
most specific (``hint_...(2)`` is the next one). A check never raises, whatever it is
given. The modules are named after the chapter files:

- :mod:`~nncode.exercises.trial` (Part I, one step of gradient descent; the chapter's
  file is ``part1/index.md``, so the module is named after what it teaches),
- :mod:`~nncode.exercises.perceptron` (Part I, the perceptron's threshold rule),
- :mod:`~nncode.exercises.layers` (Part I, an MLP's parameters: how many, which shapes),
- :mod:`~nncode.exercises.descent` (Part I, full-batch and stochastic descent),
- :mod:`~nncode.exercises.matrix` (Part II, the forward pass in matrix form),
- :mod:`~nncode.exercises.chain_rule` (Part II, one weight at a time),
- :mod:`~nncode.exercises.deltas` (Part II, backpropagation in matrix form),
- :mod:`~nncode.exercises.functions` (Part III, activations and the loss as dicts),
- :mod:`~nncode.exercises.nn_class` (Part III, the ``NN`` class piece by piece),
- :mod:`~nncode.exercises.twelve_steps` (Part IV, one step with a minus sign),
- :mod:`~nncode.exercises.walkthrough` (Part IV, one weight, one sample),
- :mod:`~nncode.exercises.moons` (Part IV, two moons),
- :mod:`~nncode.exercises.pytorch` (Part V, one step of gradient descent in PyTorch),
- :mod:`~nncode.exercises.activations` (Part V, leaky ReLU and softmax),
- :mod:`~nncode.exercises.initialisation` (Part V, He and Xavier initialisers),
- :mod:`~nncode.exercises.vanishing` (Part V, gradient norms per layer),
- :mod:`~nncode.exercises.regularisation` (Part V, inverted dropout and early stopping),
- :mod:`~nncode.exercises.batchnorm` (Part V, the backward pass and the running statistics),
- :mod:`~nncode.exercises.digits` (Part V, the softmax + cross-entropy delta and an Adam step),

and all of them are built from the shared kit, :mod:`~nncode.exercises.kit`, whose
docstring shows how to write a new check.
"""

from .kit import Feedback, Hint, fail, passed

__all__ = ["Feedback", "Hint", "fail", "passed"]
