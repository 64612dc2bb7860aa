"""BatchNormNN against PyTorch's BatchNorm1d (train and eval), finite differences, and fit."""

from __future__ import annotations

import numpy as np
import pytest
from booktest import lazy_module, randomize

from nncode.batchnorm import BN_EPS, BatchNormNN
from nncode.gradcheck import gradient_check, numerical_gradient, relative_error
from nncode.losses import one_hot
from nncode.network import TrainingDivergedError
from nncode.optim import SGD, Adam
from nncode.training import fit

torch = lazy_module("torch", "PyTorch (requirements-test.txt)")
DIMS = [5, 6, 4, 3]


def data(rng, n=12):
    X = rng.normal(loc=1.0, scale=2.0, size=(n, DIMS[0]))
    labels = rng.integers(0, DIMS[-1], size=n)
    return X, labels, one_hot(labels, DIMS[-1])


def bn_network(rng, hidden="tanh"):
    net = BatchNormNN(DIMS, hidden, "softmax", "cross_entropy", seed=0)
    randomize(net, rng)  # every W, b, gamma and beta gets an O(1) value
    return net


class TorchTwin:
    """The same network in PyTorch: Linear weights as tensors, nn.BatchNorm1d per hidden layer."""

    def __init__(self, net, hidden):
        self.act = {"relu": torch.relu, "tanh": torch.tanh}[hidden]
        self.L = net.L
        self.W = {}
        self.bn = {}
        for l in range(1, net.L + 1):
            for name in (f"W{l}", f"b{l}"):
                self.W[name] = torch.tensor(net.params[name], requires_grad=True)
            if l < net.L:
                bn = torch.nn.BatchNorm1d(DIMS[l], eps=BN_EPS, momentum=0.1, dtype=torch.float64)
                with torch.no_grad():
                    bn.weight.copy_(torch.tensor(net.params[f"gamma{l}"][0]))
                    bn.bias.copy_(torch.tensor(net.params[f"beta{l}"][0]))
                self.bn[l] = bn

    def parameters(self):
        return [*self.W.values()] + [p for bn in self.bn.values() for p in bn.parameters()]

    def train(self, mode=True):
        for bn in self.bn.values():
            bn.train(mode)

    def logits(self, X):
        x = torch.tensor(X)
        for l in range(1, self.L + 1):
            z = x @ self.W[f"W{l}"] + self.W[f"b{l}"]
            if l == self.L:
                return z
            x = self.act(self.bn[l](z))

    def grads(self):
        """Our names for PyTorch's gradients: dW1, db1, ..., dgamma1, dbeta1, ..."""
        out = {"d" + k: v.grad.numpy() for k, v in self.W.items()}
        for l, bn in self.bn.items():
            out[f"dgamma{l}"] = bn.weight.grad.numpy()[None, :]
            out[f"dbeta{l}"] = bn.bias.grad.numpy()[None, :]
        return out


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_training_pass_output_and_gradients_match_torch(rng, hidden):
    X, labels, Y = data(rng)
    net = bn_network(rng, hidden)
    twin = TorchTwin(net, hidden)
    J = torch.nn.functional.cross_entropy(twin.logits(X), torch.tensor(labels))
    J.backward()
    coef = net.forward(X, training=True)
    assert net.loss(coef, Y) == pytest.approx(J.item(), rel=1e-12)
    grads = net.backward(coef, Y)
    theirs = twin.grads()
    assert set(theirs) <= set(grads)
    for k, want in theirs.items():
        np.testing.assert_allclose(grads[k], want, rtol=1e-9, atol=1e-12, err_msg=k)
    # the bias before batch norm changes nothing: the batch mean subtracts it again
    np.testing.assert_allclose(grads["db1"], 0.0, atol=1e-12)


def test_gradients_match_finite_differences(rng):
    X, _, Y = data(rng)
    net = bn_network(rng)
    running = {k: v.copy() for k, v in net.running.items()}
    errors = gradient_check(net, X, Y)
    for k, v in running.items():  # the check ran on a copy
        np.testing.assert_array_equal(net.running[k], v)
    assert set(errors) == {f"{p}{l}" for l in (1, 2, 3) for p in "Wb"} | {
        f"{p}{l}" for l in (1, 2) for p in ("gamma", "beta")
    }
    # the hidden biases have gradient 0 (batch norm subtracts them): nothing to compare
    # relatively, so they are checked absolutely below
    assert max(e for k, e in errors.items() if k not in ("b1", "b2")) < 1e-7, errors
    grads = net.backward(net.forward(X, training=True), Y)
    for k in ("b1", "b2"):
        numeric = numerical_gradient(
            lambda: net.loss(net.forward(X, training=True), Y), net.params[k]
        )
        np.testing.assert_allclose(numeric, 0.0, atol=1e-9)
        np.testing.assert_allclose(grads["d" + k], 0.0, atol=1e-12)


def test_batch_norm_and_dropout_together_match_finite_differences(rng):
    X, _, Y = data(rng)
    net = bn_network(rng)

    def coef():  # the same masks every time: a generator seeded afresh
        return net.forward(X, training=True, keep_prob=0.6, rng=np.random.default_rng(4))

    grads = net.backward(coef(), Y)
    assert "m1" in coef() and "m2" in coef()
    for name, p in net.params.items():
        numeric = numerical_gradient(lambda: net.loss(coef(), Y), p)
        if name in ("b1", "b2"):  # gradient 0: compared absolutely
            np.testing.assert_allclose(grads["d" + name], numeric, atol=1e-9)
        else:
            assert relative_error(grads["d" + name], numeric) < 1e-7, name


def test_fit_trains_it_like_torch_running_statistics_and_eval_mode_included(rng):
    X, labels, Y = data(rng, n=16)
    net = bn_network(rng)
    twin = TorchTwin(net, "tanh")
    opt = torch.optim.SGD(twin.parameters(), lr=0.2)
    for _ in range(5):  # five full-batch steps in train mode
        opt.zero_grad()
        torch.nn.functional.cross_entropy(twin.logits(X), torch.tensor(labels)).backward()
        opt.step()
    history = fit(net, X, Y, epochs=5, optimizer=SGD(0.2))
    for k, p in twin.W.items():
        np.testing.assert_allclose(net.params[k], p.detach().numpy(), rtol=1e-9, atol=1e-12)
    for l, bn in twin.bn.items():
        np.testing.assert_allclose(
            net.params[f"gamma{l}"][0], bn.weight.detach().numpy(), rtol=1e-9
        )
        np.testing.assert_allclose(net.params[f"beta{l}"][0], bn.bias.detach().numpy(), rtol=1e-9)
        np.testing.assert_allclose(net.running[f"mean{l}"][0], bn.running_mean.numpy(), rtol=1e-9)
        np.testing.assert_allclose(net.running[f"var{l}"][0], bn.running_var.numpy(), rtol=1e-9)
        assert bn.num_batches_tracked.item() == 5
    # inference uses the running statistics: PyTorch's eval mode
    twin.train(False)
    with torch.no_grad():
        logits = twin.logits(X)
    np.testing.assert_allclose(
        net.forward_pass(X), torch.softmax(logits, dim=1).numpy(), rtol=1e-9, atol=1e-12
    )
    eval_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels)).item()
    assert history["train_loss"][-1] == pytest.approx(eval_loss, rel=1e-9)
    # one sample alone gets the same answer as inside the batch
    np.testing.assert_allclose(net.forward_pass(X[3:4]), net.forward_pass(X)[3:4], rtol=1e-12)


def test_running_statistics_follow_the_unbiased_momentum_rule(rng):
    X = rng.normal(loc=3.0, scale=2.0, size=(10, 2))
    net = BatchNormNN([2, 2, 1], "identity", "identity", "mse", seed=1, momentum=0.25)
    Z = X @ net.params["W1"]  # b1 = 0
    net.forward(X, training=True)
    # by hand: start at mean 0, variance 1; the variance divides by n - 1
    mean = 0.75 * 0.0 + 0.25 * Z.mean(axis=0)
    var = 0.75 * 1.0 + 0.25 * Z.var(axis=0, ddof=1)
    np.testing.assert_allclose(net.running["mean1"][0], mean, rtol=1e-13)
    np.testing.assert_allclose(net.running["var1"][0], var, rtol=1e-13)
    before = {k: v.copy() for k, v in net.running.items()}
    net.forward_pass(X)  # inference leaves them alone
    net.compute_loss(X, np.zeros((10, 1)))
    for k, v in before.items():
        np.testing.assert_array_equal(net.running[k], v)


def test_early_stopping_puts_back_the_running_statistics_too(rng):
    X, _, Y = data(rng, n=30)
    Xv, _, Yv = data(rng, n=30)
    net = BatchNormNN(DIMS, "relu", "softmax", "cross_entropy", seed=0)
    h = fit(
        net, X, Y, epochs=300, optimizer=Adam(0.05), batch_size=10, X_val=Xv, Y_val=Yv,
        patience=5, seed=0,
    )  # fmt: skip
    assert h["epochs_run"] < 300
    # the restored network computes exactly the best validation loss
    assert net.compute_loss(Xv, Yv) == pytest.approx(min(h["val_loss"]), rel=1e-12)


def test_clear_errors(rng):
    X, _, Y = data(rng)
    net = bn_network(rng)
    with pytest.raises(ValueError, match=r"training pass, forward\(X, training=True\)"):
        net.backward(net.forward(X), Y)
    with pytest.raises(ValueError, match="at least 2 samples.*batch_size"):
        net.forward(X[:1], training=True)
    with pytest.raises(ValueError, match="at least 2 samples"):
        fit(net, X[:5], Y[:5], epochs=1, batch_size=2)  # the last batch has one sample
    with pytest.raises(ValueError, match="momentum must be a number in"):
        BatchNormNN(DIMS, "relu", "softmax", "cross_entropy", momentum=0)
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        BatchNormNN(DIMS, "relu", "softmax", "cross_entropy", eps=-1.0)
    assert repr(net).startswith("BatchNormNN(layers_dims=[5, 6, 4, 3]")


def test_nn_train_trains_every_parameter_like_fit(rng):
    X, _, Y = data(rng)
    a = bn_network(rng)
    # one step of NN.train moves gamma by -lr dgamma (dgamma is checked against PyTorch above)
    c = BatchNormNN(DIMS, "tanh", "softmax", "cross_entropy", seed=0)
    c.params = {k: v.copy() for k, v in a.params.items()}
    dgamma = c.backward(c.forward(X, training=True), Y)["dgamma1"]
    c.params = {k: v.copy() for k, v in a.params.items()}
    c.train(X, Y, n_it=1, learning_rate=0.3, verbose=False)
    np.testing.assert_allclose(c.params["gamma1"], a.params["gamma1"] - 0.3 * dgamma, rtol=1e-12)
    assert np.abs(dgamma).max() > 1e-3  # so the comparison above has something to show
    b = BatchNormNN(DIMS, "tanh", "softmax", "cross_entropy", seed=0)
    b.params = {k: v.copy() for k, v in a.params.items()}
    a.train(X, Y, n_it=4, learning_rate=0.3, verbose=False)
    fit(b, X, Y, epochs=4, optimizer=SGD(0.3))
    for k in a.params:
        np.testing.assert_allclose(a.params[k], b.params[k], rtol=1e-12, atol=1e-14)
    for k in a.running:
        np.testing.assert_allclose(a.running[k], b.running[k], rtol=1e-12)


def test_divergence_names_the_array_the_training_pass_overflowed():
    """fit's message names the first array that overflowed in the *training* pass.

    By hand: Z(1) = X with W(1) = 1 on eight zeros and a one; the batch statistics
    normalise the one to (1 - 1/9) / sqrt(8/81) = 2 sqrt(2), and gamma = 1e308 takes
    it past the largest float64 (1.8e308) in zbn1. The running estimates (mean 0,
    variance 1) would give 1e308, finite: only the loss would overflow there.
    """
    net = BatchNormNN([1, 2, 1], "identity", "identity", "mse", seed=0)
    net.params["W1"][...] = 1.0
    net.params["gamma1"][...] = 1e308
    X, Y = np.zeros((9, 1)), np.zeros((9, 1))
    X[-1] = 1.0
    with pytest.raises(TrainingDivergedError) as caught:
        fit(net, X, Y, epochs=1, optimizer=SGD(0.1))
    assert str(caught.value) == (
        "the loss is inf in epoch 0, before any update: the forward pass overflowed in zbn1. "
        "The data are too large (largest |X| = 1, largest |Y| = 0) or the starting weights "
        "are: scale the data first (standardise each column of X, for example); a smaller "
        "learning rate cannot help"
    )
