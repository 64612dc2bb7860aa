"""nncode: the NumPy code of *Feedforward Neural Networks from Scratch*.

The package the book's chapters import: every number, table and diagram in the book
is computed here. Each module goes with a chapter:

- ``activations`` -- activation functions and derivatives (``ACTIVATIONS``)
- ``losses`` -- cost functions and derivatives (``LOSSES``)
- ``network`` -- the feedforward network ``NN`` built in Part III
- ``classic`` -- the one-hidden-layer sigmoid network of Part IV
- ``gradcheck`` -- finite-difference gradient checks
- ``diagrams`` -- the data and static pictures of the network diagrams (not imported here)

Part V adds, beside ``NN`` and working on the same network object:

- ``multiclass`` -- softmax output and cross-entropy loss (``SOFTMAX``, ``CROSS_ENTROPY``)
- ``init`` -- weight initialisers: normal(0.001), Xavier/Glorot, He
- ``optim`` -- SGD, momentum and Adam
- ``training`` -- mini-batches, L2 weight decay, dropout, early stopping, gradient norms
- ``batchnorm`` -- batch normalisation, forward and backward
"""

from .activations import ACTIVATIONS
from .losses import LOSSES
from .network import NN, TrainingDivergedError

__all__ = ["ACTIVATIONS", "LOSSES", "NN", "TrainingDivergedError"]
__version__ = "0.1.0"
