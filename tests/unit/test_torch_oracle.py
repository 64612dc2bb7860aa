"""PyTorch autograd as an independent oracle: same float64 weights, same loss and gradients."""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from hypothesis import given, settings
from hypothesis import strategies as st

from nncode import NN

# every test here uses PyTorch
torch = require_module("torch", "PyTorch (requirements-test.txt)")
F = torch.nn.functional

TORCH_ACT = {
    "identity": lambda z: z,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=0.01),
}


def torch_loss_and_grads(net: NN, hidden, output, loss, X, Y):
    """The same network written in PyTorch; autograd gives the gradients."""
    params = {
        k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in net.params.items()
    }
    x = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(Y, dtype=torch.float64)
    zs = []
    for l in range(1, net.L + 1):
        z = x @ params[f"W{l}"] + params[f"b{l}"]
        z.retain_grad()
        zs.append(z)
        x = TORCH_ACT[output if l == net.L else hidden[l - 1]](z)
    n = X.shape[0]
    if loss == "mse":
        J = ((x - y) ** 2).sum() / (2 * n)
    else:
        J = F.binary_cross_entropy_with_logits(zs[-1], y, reduction="sum") / n
    J.backward()
    grads = {f"d{k}": p.grad.numpy() for k, p in params.items()}
    grads.update({f"dZ{l}": z.grad.numpy() for l, z in enumerate(zs, start=1)})
    return J.item(), grads


ACT_NAMES = sorted(TORCH_ACT)


@st.composite
def cases(draw):
    widths = draw(st.lists(st.integers(1, 6), min_size=2, max_size=6))
    hidden = draw(
        st.lists(st.sampled_from(ACT_NAMES), min_size=len(widths) - 2, max_size=len(widths) - 2)
    )
    loss = draw(st.sampled_from(["mse", "bce"]))
    output = "sigmoid" if loss == "bce" else draw(st.sampled_from(ACT_NAMES))
    n = draw(st.integers(1, 9))
    seed = draw(st.integers(0, 2**32 - 1))
    return widths, hidden, output, loss, n, seed


@settings(max_examples=120, deadline=None)
@given(cases())
def test_loss_and_gradients_equal_pytorch_autograd(case):
    widths, hidden, output, loss, n, seed = case
    rng = np.random.default_rng(seed)
    net = NN(widths, hidden, output, loss, seed=seed)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape)
    X = rng.normal(size=(n, widths[0]))
    Y = (
        rng.normal(size=(n, widths[-1]))
        if loss == "mse"
        else (rng.random((n, widths[-1])) > 0.5) * 1.0
    )
    J_torch, g_torch = torch_loss_and_grads(net, hidden, output, loss, X, Y)
    coef = net.forward_pass(X, training=True)
    ours = net.backward_pass(X, Y, coef)
    assert net.compute_loss(X, Y) == pytest.approx(J_torch, rel=1e-9, abs=1e-12)
    assert set(ours) == set(g_torch)
    for k in ours:
        np.testing.assert_allclose(ours[k], g_torch[k], rtol=1e-9, atol=1e-12, err_msg=k)


def test_training_trajectory_equals_torch_sgd():
    """Ten full-batch steps in both, with torch.optim.SGD: the weights stay equal."""
    rng = np.random.default_rng(11)
    net = NN([3, 5, 2], "tanh", "identity", "mse", seed=1)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape)
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    params = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    opt = torch.optim.SGD(params.values(), lr=0.05)
    for _ in range(10):
        opt.zero_grad()
        a = torch.tanh(torch.tensor(X) @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
        (((a - torch.tensor(Y)) ** 2).sum() / (2 * 7)).backward()
        opt.step()
    net.train(X, Y, 10, learning_rate=0.05, verbose=False)
    for k, p in params.items():
        np.testing.assert_allclose(net.params[k], p.detach().numpy(), rtol=1e-12, err_msg=k)
