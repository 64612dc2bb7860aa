"""Part V additions to nncode, checked against finite differences and PyTorch autograd/optim."""

from __future__ import annotations

import numpy as np
import pytest
from booktest import lazy_module, randomize

from nncode import NN
from nncode.activations import softmax
from nncode.batchnorm import BatchNormNN, batchnorm_backward, batchnorm_forward
from nncode.gradcheck import gradient_check, numerical_gradient, relative_error
from nncode.init import INITIALIZERS, init_params, initialize
from nncode.losses import LOSSES, one_hot
from nncode.optim import SGD, Adam, Momentum
from nncode.training import fit, layer_gradient_norms, loss_and_gradients, minibatches

# imported by the tests that use it: the others run without PyTorch
torch = lazy_module("torch", "PyTorch (requirements-test.txt)")
F = lazy_module("torch.nn.functional", "PyTorch (requirements-test.txt)")


def classification_data(rng, n=12, d=5, k=4):
    X = rng.normal(size=(n, d))
    labels = rng.integers(0, k, size=n)
    return X, labels, one_hot(labels, k)


def torch_params(net):
    return {
        k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in net.params.items()
    }


CROSS_ENTROPY = LOSSES["cross_entropy"]


def torch_forward(params, L, X, hidden="relu", masks=None):
    """The network in PyTorch: hidden activation (times the dropout mask), then logits z(L)."""
    x = torch.tensor(X, dtype=torch.float64)
    for l in range(1, L + 1):
        z = x @ params[f"W{l}"] + params[f"b{l}"]
        if l == L:
            return z
        x = getattr(torch, hidden)(z)  # relu, tanh or sigmoid
        if masks is not None:
            x = x * torch.tensor(masks[l - 1])


# --------------------------------------------------------------- softmax + cross-entropy
def test_softmax_cross_entropy_matches_torch_and_finite_differences(rng):
    X, labels, Y = classification_data(rng)
    net = NN([5, 6, 4], "tanh", "softmax", "cross_entropy", seed=1)
    randomize(net, rng)
    params = torch_params(net)
    J = F.cross_entropy(torch_forward(params, net.L, X, "tanh"), torch.tensor(labels))
    J.backward()
    assert net.compute_loss(X, Y) == pytest.approx(J.item(), rel=1e-12)
    coef = net.forward_pass(X, training=True)
    grads = net.backward_pass(X, Y, coef)
    for k, p in params.items():
        np.testing.assert_allclose(grads["d" + k], p.grad.numpy(), rtol=1e-10, atol=1e-13)
    assert max(gradient_check(net, X, Y).values()) < 1e-7


def test_softmax_is_stable_and_sums_to_one():
    z = np.array([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -800.0]])
    p = softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], 1 / 3)
    want = torch.softmax(torch.tensor(z), dim=1).numpy()
    np.testing.assert_allclose(p, want, rtol=1e-12)
    loss = CROSS_ENTROPY["loss_from_z"](z, np.array([[0, 0, 1.0], [1.0, 0, 0]]))
    assert loss == pytest.approx(F.cross_entropy(torch.tensor(z), torch.tensor([2, 0])).item())
    assert np.isfinite(loss) and loss > 900


def test_softmax_and_cross_entropy_work_by_name():
    net = NN([2, 3, 3], "relu", "softmax", "cross_entropy", seed=0)
    assert net.fused and "softmax" in repr(net)
    p = net.forward_pass(np.array([[1.0, -2.0], [0.5, 0.0]]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_softmax_needs_its_paired_loss_and_the_output_layer():
    with pytest.raises(ValueError, match=r"activation_output='softmax'.*'cross_entropy'.*'mse'"):
        NN([2, 3], "relu", "softmax", "mse", seed=0)
    with pytest.raises(ValueError, match="activation_hidden: softmax is not elementwise"):
        NN([2, 3, 3], "softmax", "softmax", "cross_entropy")
    with pytest.raises(ValueError, match="activation_hidden: softmax"):
        NN([2, 3, 3, 3], ["relu", "softmax"], "softmax", "cross_entropy")
    softmax_entry = NN([2, 3], "relu", "softmax", "cross_entropy").activations[-1]
    with pytest.raises(ValueError, match="no elementwise derivative"):
        softmax_entry["derivative"](np.zeros((2, 3)))


def test_one_hot_checks_labels():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="labels must lie"):
        one_hot(np.array([3]), 3)
    with pytest.raises(TypeError, match=r"labels must be whole numbers 0\.\.2"):
        one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match="n_classes must be at least 1"):
        one_hot(np.array([0]), 0)
    with pytest.raises(TypeError, match="n_classes must be a whole number"):
        one_hot(np.array([0]), 2.5)


def test_softmax_wants_rows_of_receptors():
    with pytest.raises(ValueError, match=r"one row per sample.*reshape\(1, -1\)"):
        softmax(np.array([1.0, 2.0]))


# --------------------------------------------------------------- initialisers
@pytest.mark.parametrize(
    ("scheme", "torch_init"),
    [
        ("xavier", lambda w: torch.nn.init.xavier_normal_(w)),
        ("he", lambda w: torch.nn.init.kaiming_normal_(w, nonlinearity="relu")),
    ],
)
def test_initialiser_spread_matches_torch(scheme, torch_init):
    n_in, n_out = 300, 200
    ours = init_params([n_in, n_out], scheme, seed=3)["W1"]
    torch.manual_seed(0)
    # torch stores (out, in); its fan-in is the number of columns
    theirs = torch_init(torch.empty(n_out, n_in, dtype=torch.float64)).numpy()
    assert ours.shape == (n_in, n_out)
    assert ours.std() == pytest.approx(theirs.std(), rel=0.02)
    assert abs(ours.mean()) < 0.01 * ours.std() * 10


def test_initialiser_formulas_and_seed():
    assert INITIALIZERS["he"](50, 7) == pytest.approx(0.2)
    assert INITIALIZERS["xavier"](30, 70) == pytest.approx(np.sqrt(0.02))
    a = init_params([4, 3, 2], "normal", seed=9)
    net = NN([4, 3, 2], "relu", "identity", "mse", seed=9)
    for k in a:
        np.testing.assert_array_equal(a[k], net.params[k])
    initialize(net, "he", seed=9)
    assert net.params["W1"].std() > 0.1
    with pytest.raises(ValueError, match="unknown initialiser"):
        init_params([2, 2], "glorot")


# --------------------------------------------------------------- mini-batches
def test_minibatches_partition_and_are_seeded():
    batches = list(minibatches(10, 3, np.random.default_rng(5)))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    again = list(minibatches(10, 3, np.random.default_rng(5)))
    assert all(np.array_equal(a, b) for a, b in zip(batches, again))
    with pytest.raises(ValueError, match="batch_size"):
        list(minibatches(10, 0, np.random.default_rng(0)))


# --------------------------------------------------------------- optimisers + L2
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: SGD(0.1), lambda g: torch.optim.SGD(g, lr=0.1)),
        (lambda: Momentum(0.05, 0.9), lambda g: torch.optim.SGD(g, lr=0.05, momentum=0.9)),
        (lambda: Adam(0.01), lambda g: torch.optim.Adam(g, lr=0.01)),
    ],
)
@pytest.mark.parametrize("l2", [0.0, 0.03])
def test_optimisers_and_weight_decay_follow_torch(rng, ours, theirs, l2):
    X, labels, Y = classification_data(rng, n=16)
    net = NN([5, 7, 4], "relu", "softmax", "cross_entropy", seed=2)
    randomize(net, rng, 0.5)
    params = torch_params(net)
    groups = [
        {"params": [p for k, p in params.items() if k.startswith("W")], "weight_decay": l2},
        {"params": [p for k, p in params.items() if k.startswith("b")], "weight_decay": 0.0},
    ]
    opt = theirs(groups)
    for _ in range(6):
        opt.zero_grad()
        F.cross_entropy(torch_forward(params, net.L, X), torch.tensor(labels)).backward()
        opt.step()
    fit(net, X, Y, epochs=6, optimizer=ours(), l2=l2)
    for k, p in params.items():
        np.testing.assert_allclose(net.params[k], p.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_l2_gradient_matches_finite_differences(rng):
    X, _, Y = classification_data(rng)
    net = NN([5, 4, 4], "tanh", "softmax", "cross_entropy", seed=0)
    randomize(net, rng)
    _, grads = loss_and_gradients(net, X, Y, l2=0.2)
    for k, p in net.params.items():
        numeric = numerical_gradient(lambda: loss_and_gradients(net, X, Y, 0.2)[0], p)
        assert relative_error(grads["d" + k], numeric) < 1e-7


def test_full_batch_sgd_fit_is_nn_train(rng):
    X = rng.normal(size=(8, 3))
    Y = rng.normal(size=(8, 2))
    a = NN([3, 4, 2], "tanh", "identity", "mse", seed=4)
    b = NN([3, 4, 2], "tanh", "identity", "mse", seed=4)
    losses = a.train(X, Y, n_it=5, learning_rate=0.1, verbose=False)
    fit(b, X, Y, epochs=5, optimizer=SGD(0.1))
    for k in a.params:
        np.testing.assert_allclose(a.params[k], b.params[k], rtol=1e-13)
    assert losses[-1] > a.compute_loss(X, Y)


# --------------------------------------------------------------- dropout
class FixedUniform:
    """Stands in for a Generator: hands out the given 'random' arrays in turn (fixed masks)."""

    def __init__(self, *arrays):
        self.arrays = arrays
        self.calls = 0

    def random(self, shape):
        u = self.arrays[self.calls % len(self.arrays)]
        self.calls += 1
        assert shape == u.shape
        return u


def test_dropout_backward_matches_finite_differences_and_torch(rng):
    X, labels, Y = classification_data(rng, n=10)
    net = NN([5, 6, 7, 4], "relu", "softmax", "cross_entropy", seed=0)
    randomize(net, rng)
    keep = 0.7
    u1, u2 = rng.random((10, 6)), rng.random((10, 7))

    def passes():
        return net.forward(X, training=True, keep_prob=keep, rng=FixedUniform(u1, u2))

    coef = passes()
    masks = [(u1 < keep) / keep, (u2 < keep) / keep]
    np.testing.assert_array_equal(coef["m1"], masks[0])
    np.testing.assert_array_equal(coef["m2"], masks[1])
    assert "m3" not in coef  # never on the output layer
    grads = net.backward(coef, Y)
    for name, p in net.params.items():
        numeric = numerical_gradient(lambda: net.loss(passes(), Y), p)
        assert relative_error(grads["d" + name], numeric) < 1e-7, name
    params = torch_params(net)
    logits = torch_forward(params, net.L, X, masks=masks)
    F.cross_entropy(logits, torch.tensor(labels)).backward()
    for k, p in params.items():
        np.testing.assert_allclose(grads["d" + k], p.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("network", [NN, BatchNormNN])
def test_a_draw_equal_to_keep_prob_drops_the_neuron(network):
    """The mask is 1/p where u < p, for u uniform on [0, 1): u = p itself drops the neuron
    (so that P(keep) = p exactly, the half-open interval [0, p))."""
    net = network([2, 4, 1], "identity", "identity", "mse", seed=0)
    u = np.array([[0.5, 0.49, 0.5, 0.99], [0.0, 0.5, 0.51, 0.5]])
    coef = net.forward(np.ones((2, 2)), training=True, keep_prob=0.5, rng=FixedUniform(u))
    np.testing.assert_array_equal(coef["m1"], [[0.0, 2.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0]])


def test_dropout_acts_only_in_training_with_keep_prob_below_one(rng):
    X = rng.normal(size=(6, 3))
    net = NN([3, 5, 2], "tanh", "identity", "mse", seed=0)
    plain = net.forward(X)
    for coef in (
        net.forward(X, keep_prob=0.5, rng=np.random.default_rng(0)),  # inference
        net.forward(X, training=True, keep_prob=1.0, rng=np.random.default_rng(0)),
        net.forward(X, training=True),
    ):
        assert set(coef) == {"x0", "z1", "x1", "z2", "x2"}  # no dropout mask
        np.testing.assert_array_equal(coef["x2"], plain["x2"])
    with pytest.raises(ValueError, match="needs rng"):
        net.forward(X, training=True, keep_prob=0.5)
    with pytest.raises(ValueError, match=r"keep_prob must be a number in \(0, 1\]"):
        net.forward(X, training=True, keep_prob=0.0, rng=np.random.default_rng(0))


def test_dropout_keeps_the_expected_value_and_the_dtype():
    net = NN([3, 2000, 1], "identity", "identity", "mse", seed=0)
    X = np.ones((100, 3), dtype=np.float32)
    net.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    coef = net.forward(X, training=True, keep_prob=0.5, rng=np.random.default_rng(0))
    mask = coef["m1"]
    assert mask.dtype == np.float32 and coef["x1"].dtype == np.float32
    assert set(np.unique(mask)) == {0.0, 2.0}
    assert mask.mean() == pytest.approx(1.0, abs=0.01)
    np.testing.assert_allclose(coef["x1"], (X @ net.params["W1"]) * mask, rtol=1e-6)


def test_fit_with_dropout_is_sgd_on_the_masked_network(rng):
    """One full-batch epoch of fit = one SGD step of PyTorch with the masks fit drew.

    fit draws from default_rng(seed): first the order of the samples, then the masks.
    """
    X, labels, Y = classification_data(rng, n=9)
    net = NN([5, 6, 4], "tanh", "softmax", "cross_entropy", seed=0)
    randomize(net, rng)
    params = torch_params(net)
    draws = np.random.default_rng(11)
    order = draws.permutation(9)
    mask = (draws.random((9, 6)) < 0.6) / 0.6
    logits = torch_forward(params, net.L, X[order], "tanh", masks=[mask])
    F.cross_entropy(logits, torch.tensor(labels[order])).backward()
    fit(net, X, Y, epochs=1, optimizer=SGD(0.5), keep_prob=0.6, seed=11)
    for k, p in params.items():
        want = p.detach().numpy() - 0.5 * p.grad.numpy()
        np.testing.assert_allclose(net.params[k], want, rtol=1e-10, atol=1e-13)


def test_fit_rejects_bad_settings(rng):
    X, _, Y = classification_data(rng)
    net = NN([5, 3, 4], "relu", "softmax", "cross_entropy", seed=0)
    with pytest.raises(ValueError, match="keep_prob"):
        fit(net, X, Y, epochs=1, keep_prob=0)
    with pytest.raises(ValueError, match="l2"):
        fit(net, X, Y, epochs=1, l2=-1)
    with pytest.raises(ValueError, match="validation data"):
        fit(net, X, Y, epochs=1, patience=3)
    with pytest.raises(TypeError, match="optimizer"):
        fit(net, X, Y, epochs=1, optimizer="adam")


# --------------------------------------------------------------- early stopping
def test_early_stopping_restores_the_best_weights(rng):
    X = rng.normal(size=(20, 3))
    Y = X @ rng.normal(size=(3, 1)) + rng.normal(scale=1.0, size=(20, 1))
    Xv = rng.normal(size=(20, 3))
    Yv = Xv @ rng.normal(size=(3, 1))
    net = NN([3, 30, 1], "tanh", "identity", "mse", seed=0)
    initialize(net, "xavier", seed=0)
    h = fit(net, X, Y, epochs=500, optimizer=Adam(0.02), X_val=Xv, Y_val=Yv, patience=10)
    assert h["epochs_run"] < 500
    assert h["epochs_run"] == h["best_epoch"] + 11
    assert net.compute_loss(Xv, Yv) == pytest.approx(min(h["val_loss"]), rel=1e-12)


# --------------------------------------------------------------- batch norm
def test_batchnorm_matches_torch_and_finite_differences(rng):
    Z = rng.normal(loc=3.0, scale=2.0, size=(9, 4))
    gamma = rng.normal(size=(1, 4))
    beta = rng.normal(size=(1, 4))
    G = rng.normal(size=(9, 4))  # J = sum(G * Zbn), so dJ/dZbn = G
    out, cache = batchnorm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = batchnorm_backward(G, cache)

    tz = torch.tensor(Z, requires_grad=True)
    tg = torch.tensor(gamma[0], requires_grad=True)
    tb = torch.tensor(beta[0], requires_grad=True)
    tout = F.batch_norm(tz, None, None, tg, tb, training=True, eps=1e-5)
    (tout * torch.tensor(G)).sum().backward()
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dZ, tz.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dgamma[0], tg.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(dbeta[0], tb.grad.numpy(), rtol=1e-10)

    def J():
        return float(np.sum(G * batchnorm_forward(Z, gamma, beta)[0]))

    for arr, grad in ((Z, dZ), (gamma, dgamma), (beta, dbeta)):
        assert relative_error(grad, numerical_gradient(J, arr)) < 1e-7


def test_batchnorm_checks_shapes():
    with pytest.raises(ValueError, match="n >= 2"):
        batchnorm_forward(np.ones((1, 3)), np.ones((1, 3)), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="gamma must have shape"):
        batchnorm_forward(np.ones((4, 3)), np.ones((3,)), np.zeros((1, 3)))


# --------------------------------------------------------------- gradient norms per layer
def test_layer_gradient_norms_match_torch(rng):
    X, labels, Y = classification_data(rng)
    net = NN([5, 6, 6, 6, 4], "tanh", "softmax", "cross_entropy", seed=0)
    randomize(net, rng)
    params = torch_params(net)
    F.cross_entropy(torch_forward(params, net.L, X, "tanh"), torch.tensor(labels)).backward()
    want = [float(torch.linalg.norm(params[f"W{l}"].grad)) for l in range(1, net.L + 1)]
    np.testing.assert_allclose(layer_gradient_norms(net, X, Y), want, rtol=1e-10)


# --------------------------------------------------------------- float32 stays float32
@pytest.mark.parametrize("act", ["relu", "sigmoid", "tanh", "leaky_relu", "identity"])
def test_float32_data_and_weights_are_not_upcast(rng, act):
    X = rng.normal(size=(7, 5)).astype(np.float32)
    Y = one_hot(rng.integers(0, 3, size=7), 3).astype(np.float32)
    net = NN([5, 4, 3], act, "softmax", "cross_entropy", seed=0)
    net.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    coef = net.forward_pass(X, training=True)
    grads = net.backward_pass(X, Y, coef)
    assert {a.dtype for a in [*coef.values(), *grads.values()]} == {np.dtype(np.float32)}
    net.train(X, Y, n_it=2, learning_rate=0.1, verbose=False)
    assert {p.dtype for p in net.params.values()} == {np.dtype(np.float32)}
    # float64 stays the default for everything else (ints, lists, float64)
    assert NN([5, 3], act, "identity", "mse").forward_pass(X.astype(int)).dtype == np.float64
