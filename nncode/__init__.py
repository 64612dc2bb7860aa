"""nncode: the NumPy code of *Feedforward Neural Networks from Scratch*.

The package the book's chapters import: every number, table and diagram in the book
is computed here. Each module goes with a chapter:

- ``activations`` -- activation functions and derivatives (``ACTIVATIONS``), softmax too
- ``losses`` -- cost functions and derivatives (``LOSSES``), cross-entropy and ``one_hot``
- ``network`` -- the feedforward network ``NN`` built in Part III
- ``classic`` -- the one-hidden-layer sigmoid network of Part IV
- ``descent`` -- full-batch against stochastic gradient descent (Part I)
- ``gradcheck`` -- finite-difference gradient checks
- ``data`` -- the book's data: the worked example, the data of Parts I and IV, the digits
- ``validate`` -- the argument checks every public function uses
- ``present``, ``diagrams``, ``stepthrough`` -- tables and figures (not imported here)
- ``r_bridge`` -- the classic network's data and results as CSV, for the R chapter

Part V adds, beside ``NN`` and working on the same network object:

- ``init`` -- weight initialisers: normal(0.001), Xavier/Glorot, He
- ``optim`` -- SGD, momentum and Adam
- ``training`` -- ``fit``: mini-batches, L2 weight decay, dropout, early stopping
- ``batchnorm`` -- batch normalisation, forward and backward, and ``BatchNormNN``

The public core of ``NN`` that these modules use is ``check_data``, ``forward``,
``loss``, ``output_delta`` and ``backward``.
"""

from .activations import ACTIVATIONS
from .losses import LOSSES
from .network import NN, TrainingDivergedError

__all__ = ["ACTIVATIONS", "LOSSES", "NN", "TrainingDivergedError"]
__version__ = "0.2.0"
