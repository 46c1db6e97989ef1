"""Importers: 今日內容 digests and clipped web pages become clean notes, nothing lost."""

import ast
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from kb.importers import clip, digest, writer
from kb.importers.model import ImportError_
from kb.importers import pycode
from kb.importers.repair import RECONSTRUCTED_NOTE as RECONSTRUCTED
from kb.importers.repair import DOUBT_NOTE as DOUBT
from kb.importers.repair import UNCERTAIN_NOTE as UNCERTAIN
from kb.importers.repair import LONG_NOTE, STRINGS_NOTE
from kb.importers.repair import (fence_code, rebuild_lists, reindent_python, residue_lines,
                                 restore_math, split_run_together)
from kb.core.parse import decode, parse_text
from kb.core.text import key
from kb.core.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = ROOT.parent / "shared" / "formats" / "digest-example.txt"
DIGESTS = sorted((FIXTURES / "digests").glob("*.txt")) + ([SAMPLE] if SAMPLE.exists() else [])


def read(path: Path) -> str:
    text, problems = decode(str(path), path.read_bytes())
    assert not problems
    return text


def parsed(path: Path):
    return digest.parse_digest(path.name, read(path))


# -- repairs -----------------------------------------------------------------------------------

EXPECTED = """import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.fc = nn.Linear(n, 2)
    def forward(self, x):
        out = x
        for _ in range(2):
            out = out * 2
            if out.sum() > 0:
                out = -out
            else:
                pass
        return self.fc(out)
net = Net(3)
print(net(torch.zeros(1, 3)).shape)"""
STRIPPED = "\n".join(line.strip() for line in EXPECTED.split("\n"))  # as the export gives it


def test_reindent_classes_methods_loops_returns():
    """Classes, methods, a loop and its if, statements after the class: the nesting comes
    back, or where another was about as likely (the if after the loop's first line), the block
    says so at that line; it is never silently wrong."""
    fixed = pycode.reindent(STRIPPED.split("\n"))
    assert fixed.compiles
    if fixed.lines != EXPECTED.split("\n"):
        assert fixed.uncertain and fixed.doubt is not None
        first = next(i for i, (a, b) in enumerate(zip(fixed.lines, EXPECTED.split("\n")))
                     if a != b)
        assert fixed.doubt <= first
    # what is not in doubt: methods in the class, the code after it at the top
    assert fixed.lines[3] == "    def __init__(self, n):"
    assert fixed.lines[6] == "    def forward(self, x):"
    assert fixed.lines[-2:] == ["net = Net(3)", "print(net(torch.zeros(1, 3)).shape)"]


SEQ2SEQ = (Path(__file__).parent / "fixtures" / "code" / "seq2seq.py").read_text(encoding="utf-8")


def test_a_seq2seq_example_comes_back_whole_and_runs():
    """Three classes whose methods unpack tuples (``outputs, (hidden, cell) = ...``), call
    calls, loop and choose with a conditional expression, exported without indentation and
    with prose around it: one block, the same program, and it runs."""
    lines = ["下面是完整的 seq2seq 代码 (encoder + decoder)：",
             *[ln.strip() for ln in SEQ2SEQ.split("\n")],
             "运行结果: torch.Size([2, 6, 20])", "Note: the decoder sees one token at a time."]
    out, regions = fence_code(lines)
    assert len(regions) == 1 and regions[0].compiles
    code = "\n".join(ln for ln in regions[0].code if not ln.lstrip().startswith("# kb import"))
    assert ast.dump(ast.parse(code)) == ast.dump(ast.parse(SEQ2SEQ))
    assert out[0] == lines[0] and out[-2:] == lines[-2:]
    pytest.importorskip("torch")
    # in a process of its own: torch's thread pools must not start in pytest's process, which
    # the snippet runner forks later
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "torch.Size([2, 6, 20])"


@pytest.mark.parametrize("line, kind", [
    ("outputs, (hidden, cell) = self.lstm(embedded)", "strong"),
    ("return hidden, cell", "strong"),
    ("token = trg[:, t] if torch.rand(1).item() < tf else best", "strong"),
    ("def forward(self, src, trg, teacher_forcing=0.5):", "header"),
    ("else:", "header"),
    ("except ValueError as e:", "header"),
    ("@torch.no_grad()", "header"),
    ("Attention (Vaswani et al., 2017) changed everything.", None),
    ("Attention (2017)", "weak"),
    ("Summary", None),
    ("Note: the shape is (batch, seq, dim).", None),
    ("结果: loss = 0.25", None),
    ("x = 1  # 中文注释", "strong"),
    ("print('中文字符串')", "strong"),
    ("return home", "keyword"),
    ("pip install torch", "bash"),
])
def test_a_line_is_code_by_pythons_grammar(line, kind):
    assert pycode.line_kind(line) == kind


def test_open_brackets_keep_their_lines_with_them():
    lines = ["model = nn.Sequential(", "nn.Linear(4, 8),", "nn.ReLU(),", "nn.Linear(8, 2)", ")",
             "这是一个两层的网络。", 'doc = """', "any text: even (this)", '"""']
    regions = pycode.find_regions(lines)
    assert [(r.start, r.end) for r in regions] == [(0, 5), (6, 9)]


def test_reindent_try_except_elif_else_after_raise():
    code = ["def f(v):", "try:", "if v < 0:", "raise ValueError(v)", "elif v == 0:",
            "return 0", "else:", "return 1", "except ValueError:", "return -1", "print(f(2))"]
    out, ok = reindent_python(code)
    assert ok
    namespace: dict = {}
    exec("\n".join(out[:-1]), namespace)
    assert [namespace["f"](v) for v in (-1, 0, 5)] == [-1, 0, 1]
    assert out[-1] == "print(f(2))"


@pytest.mark.parametrize("code, step", [
    ("loss.backward()", True), ("opt.step()", True), ("opt.zero_grad()", True),
    ("p.grad = None", True), ("p.data -= lr * p.grad", True), ("w -= lr * w.grad", True),
    ("torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)", True),
    ("print(p.grad)", False), ("size = sum((q.grad ** 2).sum() for q in ps)", False),
    ("assert w.grad is not None", False), ("w = w - 0.1", False)])
def test_a_training_step_is_what_takes_one_not_what_reads_a_gradient(code, step):
    import ast

    assert pycode._train_step(ast.parse(code).body[0]) is step


def test_a_report_of_the_gradients_after_their_loop_stays_after_it():
    """Reading the gradients once the loop has set them is a report after the loop, not a
    step of it."""
    code = ["import torch", "ws = [torch.ones(2, requires_grad=True) for _ in range(3)]",
            "for w in ws:", "w.grad = torch.full_like(w, 3.0)",
            "size = torch.sqrt(sum((w.grad ** 2).sum() for w in ws))",
            "assert size.item() > 5"]
    fixed = pycode.reindent(code)
    assert fixed.lines[3] == "    w.grad = torch.full_like(w, 3.0)"
    assert fixed.lines[4].startswith("size =") and fixed.lines[5].startswith("assert")


def test_a_loop_over_what_the_outer_loop_just_made_is_nested():
    code = ["pairs = []", "for word in ['ab', 'cde']:", "chars = ['^'] + list(word) + ['$']",
            "for left, right in zip(chars, chars[1:]):", "pairs.append(left + right)",
            "print(len(pairs))"]
    fixed = pycode.reindent(code)
    assert fixed.lines[3] == "    for left, right in zip(chars, chars[1:]):"
    assert fixed.lines[4] == "        pairs.append(left + right)"
    assert fixed.lines[5] == "print(len(pairs))"


def test_what_a_loop_collected_is_combined_after_it_but_a_value_updated_stays():
    collect = ["parts = []", "for n in [3, 1, 2]:", "half = n / 2", "parts.append(half)",
               "parts = sorted(parts)", "print(parts)"]
    assert pycode.reindent(collect).lines[4] == "parts = sorted(parts)"
    # a value updated again and again (x = g(x)) is not a collection: nothing says "after"
    update = ["def f(v):", "out = v", "for _ in range(3):", "out = out * 2", "out = -out",
              "return out"]
    inside = pycode.path_features(pycode.units_of(update), [0, 1, 1, 2, 2, 1])
    assert inside is not None and "collected_remade_in_loop" not in inside
    collected = pycode.path_features(pycode.units_of(collect), [0, 0, 1, 1, 1, 0])
    assert collected["collected_remade_in_loop"] == 1


# Each case: a script as notes hold it, the feature of :mod:`kb.importers.pycode` that reads
# what it means, and the misreading the feature speaks against (lines of the wrong nesting).
DATAFLOW = {
    "dead_in_loop": ("""feats = []
for img in images:
    with torch.no_grad():
        f = backbone(img)
    feats.append(f)
feats = torch.stack(feats)""", [0, 0, 1, 2, 0, 0]),  # only the last image's f would be kept
    "init_unread": ("""seen = 0
for k, batch in enumerate(batches):
    seen += len(batch)
    if k % 50 == 49:
        print(k, seen)
        seen = 0
print('end')""", [0, 0, 1, 1, 2, 0, 0]),  # a reset after the loop that nothing reads
    "kept_read_in_loop": ("""hits = 0
n = 0
for q, gold in pairs:
    guess = answer(q)
    hits += guess == gold
    n += 1
rate = hits / n
print(rate)""", [0, 0, 0, 1, 1, 1, 1, 0]),  # the rate of the sums so far, at every turn
    "loop_body_constant": ("""for ep in range(3):
    net.train()
    for a, b in batches:
        err = loss_fn(net(a), b)
        optim.zero_grad()
        err.backward()
        optim.step()
    net.eval()
    print(ep, err.item())""", [0, 1, 0, 1, 1, 1, 1, 0, 0]),  # three turns of net.train()
    "endless_loop": ("""words = []
for _ in range(4):
    chars = []
    cur = start
    while True:
        cur = pick(cur)
        if cur == end:
            break
        chars.append(cur)
    words.append(''.join(chars))""", [0, 0, 1, 1, 1, 2, 1, 2, 1, 1]),  # no way out of the while
    "shape_elsewhere": ("""log = {'fit': [], 'dev': []}
for ep in range(8):
    net.train()
    fit_loss = run_epoch(net, fit_data)
    log['fit'].append(fit_loss)
    net.eval()
    dev_loss = run_epoch(net, dev_data)
    log['dev'].append(dev_loss)
print(log)""", [0, 0, 1, 1, 1, 0, 0, 0, 0]),  # log['dev'] filled once, log['fit'] each turn
    "backward_in_with": ("""for ep in range(2):
    for a, b in batches:
        with torch.autocast('cpu'):
            err = loss_fn(net(a), b)
        err.backward()
        optim.step()
        optim.zero_grad()
    print(ep)""", [0, 1, 2, 3, 3, 3, 3, 1]),  # the backward pass under autocast
    "init_skipped_by_loop": ("""state = torch.zeros(1, 8)
trace = []
for t in range(steps):
    state = torch.tanh(inputs[t] @ Wx + state @ Wh)
    trace.append(state)
trace = torch.cat(trace)""", [0, 0, 0, 1, 0, 0]),  # the list made for the loop, filled after it
    "exit_after_if": ("""best = None
wait = 0
for ep in range(50):
    score = validate(net)
    if best is None or score > best:
        best = score
        wait = 0
    else:
        wait += 1
        if wait > 3:
            print('early stop', ep)
            break""", [0, 0, 0, 1, 1, 2, 2, 1, 2, 2, 3, 2]),  # stops at the first bad epoch
    "step_leaves_loop": ("""for ep in range(4):
    for xs, _ in batches:
        noise = torch.randn(xs.size(0), 16)
        made = gen(noise)
        c_loss = critic(made.detach()).mean() - critic(xs).mean()
        c_opt.zero_grad()
        c_loss.backward()
        c_opt.step()
        g_loss = -critic(made).mean()
        g_opt.zero_grad()
        g_loss.backward()
        g_opt.step()
    print(ep, c_loss.item(), g_loss.item())""", [0, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]),
    "branch_shape_left": ("""k = 0
parts = []
while k < len(text):
    if text[k] == '\\\\':
        parts.append(text[k:k + 2])
        k += 2
    else:
        parts.append(text[k])
        k += 1
print(parts)""", [0, 0, 0, 1, 2, 2, 1, 2, 1, 0]),  # k += 1 for both branches
    "report_after_break": ("""x = 10.0
for n in range(100):
    fx = x * x - 2
    x = x - fx / (2 * x)
    if abs(fx) < 1e-12:
        break
print(n, x)""", [0, 0, 1, 1, 1, 2, 1]),  # where Newton's method stopped, shown at each turn
    "elif_unlike_if": ("""for name, m in net.named_modules():
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, std=0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.LayerNorm):
        nn.init.ones_(m.weight)""", [0, 1, 2, 2, 3, 2, 3]),  # the elif taken for the bias's
    "stay_top_if": ("""if torch.cuda.is_available():
    net = net.cuda()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for a, b in batches:
    err = loss_fn(net(a), b)
    opt.zero_grad()
    err.backward()
    opt.step()""", [0, 1, 1, 1, 2, 2, 2, 2]),  # the whole script under the if
    "outer_report_in_inner": ("""for ep in range(5):
    for a, b in batches:
        err = loss_fn(net(a), b)
        opt.zero_grad()
        err.backward()
        opt.step()
    print(ep, err.item())""", [0, 1, 2, 2, 2, 2, 2]),  # the epoch printed at every batch
    "item_loop_left": ("""for p in params:
    p.grad = None
err = loss_fn(forward(xs), ys)
err.backward()""", [0, 1, 1, 1]),  # the forward and backward passes once per parameter
    "invariant_after_work": ("""for k, img in enumerate(images):
    axes.flat[k].imshow(img)
    axes.flat[k].axis('off')
fig.suptitle('samples')
plt.show()""", [0, 1, 1, 1, 0]),  # the title set again for every image
    "step_split": ("""opt.zero_grad()
for k, (a, b) in enumerate(batches):
    err = loss_fn(net(a), b) / 4
    err.backward()
    if (k + 1) % 4 == 0:
        opt.step()
        sched.step()
        opt.zero_grad()
print(err.item())""", [0, 0, 1, 1, 1, 2, 1, 1, 0]),  # the gradients cleared after every batch
    "resource_left": ("""sizes = []
with open('sizes.txt') as fh:
    for line in fh:
        sizes.append(int(line))
sizes.sort()
print(sizes[len(sizes) // 2])""", [0, 0, 1, 2, 1, 0]),  # sorted with the file still open
    "loop_like_earlier_elsewhere": ("""for p in encoder.parameters():
    p.requires_grad = False
for epoch in range(3):
    fit(decoder, batches)
    print(epoch)
for p in encoder.top.parameters():
    p.requires_grad = True""", [0, 1, 0, 1, 1, 1, 2]),  # the encoder thawed every epoch
    "loop_exit_unconditional": ("""def first_bad(rows):
    for k, row in enumerate(rows):
        if not check(row):
            return k
    return -1
print(first_bad(table))""", [0, 1, 2, 3, 2, 0]),  # return -1 ends the loop's first turn
    "shape_moved": ("""for it in range(200):
    loss = ((a * xs + c - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        a -= 0.05 * a.grad
        c -= 0.05 * c.grad
    a.grad.zero_()
    c.grad.zero_()""", [0, 1, 1, 1, 2, 1, 1, 1]),  # c -= ... split from a -= ...
    "save_left_record": ("""top = 0.0
for ep in range(40):
    fit(net, data)
    score = check(net, held)
    if score > top:
        top = score
        torch.save(net.state_dict(), 'top.pt')
    print(ep, score)""", [0, 0, 1, 1, 1, 2, 1, 1]),  # a checkpoint written every epoch
    "schedule_in_inner_loop": ("""temp = 1.0
for game in range(300):
    s = board.reset()
    for move in range(50):
        a = choose(s, temp)
        s, done = board.play(a)
        if done:
            break
    temp = max(0.1, temp * 0.98)""", [0, 0, 1, 1, 2, 2, 2, 3, 2]),  # cooled every move
    "class_value_after_method": ("""class Pairs(Dataset):
    def __init__(self, rows):
        self.rows = rows
    def __len__(self):
        return len(self.rows)
    def __getitem__(self, i):
        return self.rows[i]
pairs = Pairs(load_rows('train.tsv'))""", [0, 1, 2, 1, 2, 1, 2, 1]),  # a class attribute
    "scheduler_off_its_loop": ("""opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=n_epochs * len(dl))
for ep in range(n_epochs):
    for a, b in dl:
        cost = crit(net(a), b)
        opt.zero_grad()
        cost.backward()
        opt.step()
        sched.step()
    print(ep, cost.item())""", [0, 0, 0, 1, 2, 2, 2, 2, 1, 1]),  # a one-cycle schedule per epoch
    "guard_left": ("""def attend(q, k, v, pad=None):
    w = q @ k.transpose(-2, -1)
    if pad is not None:
        pad = pad.bool()
        w = w.masked_fill(pad, float('-inf'))
    w = w.softmax(-1)
    return w @ v""", [0, 1, 1, 2, 1, 1, 1]),  # the mask used where it may be None
    "def_falls_off": ("""def pick_device(prefer):
    name = prefer.lower()
    if name == 'cuda' and torch.cuda.is_available():
        name = 'cuda:0'
        return torch.device(name)
    return torch.device('cpu')""", [0, 1, 1, 2, 2, 2]),  # None when there is no GPU
    "loop_var_collected_outside": ("""keep = []
for word, n in ranked:
    if n < cutoff:
        break
    keep.append(word)
print(len(keep))""", [0, 0, 1, 2, 0, 0]),  # only the word the loop stopped at is kept
    "count_left_reader": ("""it = 0
for ep in range(epochs):
    for a, b in dl:
        cost = crit(net(a), b)
        opt.zero_grad()
        cost.backward()
        opt.step()
        board.add_scalar('cost', cost.item(), it)
        it += 1
    print(ep, it)""", [0, 0, 1, 2, 2, 2, 2, 2, 1, 1]),  # the batch loop logs one step number
    "repeat_loop_other_step": ("""for ep in range(epochs):
    for real in loader:
        for _ in range(5):
            noise = torch.randn(len(real), 64)
            gap = critic(gen(noise).detach()).mean() - critic(real).mean()
            c_opt.zero_grad()
            gap.backward()
            c_opt.step()
        noise = torch.randn(len(real), 64)
        g_loss = -critic(gen(noise)).mean()
        g_opt.zero_grad()
        g_loss.backward()
        g_opt.step()
    print(ep, gap.item(), g_loss.item())""", [0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0]),  # 5 G steps
    "turn_value_after_loop": ("""for k in range(3):
    picks = []
    cur = 0
    while True:
        cur = sample(table[cur])
        if cur == 0:
            break
        picks.append(names[cur])
    print('-'.join(picks))""", [0, 1, 1, 1, 2, 2, 3, 2, 0]),  # only the last sample shown
    "branch_store_left": ("""if n_gpu > 1:
    rank = int(os.environ['RANK'])
    dev = f'cuda:{rank}'
    lead = rank == 0
else:
    dev = 'cpu'
    lead = True
net = Model().to(dev)""", [0, 1, 1, 1, 0, 1, 0, 0]),  # lead = True overrides the rank check
}


def test_a_while_whose_test_nothing_in_it_changes_is_endless():
    """``while node is not None:`` ends only when its body moves ``node``: the line that
    does is the loop's, not the function's after it."""
    code = """def depth_of(node):
    n = 0
    while node is not None:
        n += 1
        node = node.up
    return n"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    units = pycode.units_of(stripped)
    assert pycode.path_features(units, [0, 1, 1, 2, 1, 1]).get("endless_loop") == 1
    assert "endless_loop" not in pycode.path_features(units, [0, 1, 1, 2, 2, 1])


def test_a_best_kept_in_an_if_is_read_after_the_loop():
    """What the loop keeps under ``if dev < top:`` (a copy of the weights) is neither dead
    in the loop nor a start value the loop skipped: restoring it after the loop is right."""
    code = """top_state = None
top = float('inf')
for ep in range(epochs):
    dev = run(net, dev_dl)
    if dev < top:
        top = dev
        top_state = copy.deepcopy(net.state_dict())
net.load_state_dict(top_state)"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    phi = pycode.path_features(pycode.units_of(stripped), right)
    assert "dead_in_loop" not in phi and "init_skipped_by_loop" not in phi
    left = pycode.path_features(pycode.units_of(stripped), right[:6] + [1, 0])
    assert left.get("save_left_record") == 1  # the copy of the weights is the checkpoint


def test_an_update_over_the_parameters_stays_with_its_backward_pass():
    """Plain SGD written by hand: ``with torch.no_grad():`` right after ``backward()`` holds
    the update, and its loop over the parameters is not a loop of the script's, so the update
    is the batch loop's (after it, the model would learn once an epoch from summed grads).
    After the optimizer's own step, the same ``with`` is an evaluation, free to follow."""
    update = """for ep in range(5):
    for i in range(0, n, 20):
        err = ((xs[i:i + 20] @ k + c - ys[i:i + 20]) ** 2).mean()
        err.backward()
        with torch.no_grad():
            for t in (k, c):
                t -= 0.05 * t.grad
                t.grad.zero_()
    print(ep, err.item())"""
    folds = """for part in range(4):
    net = build()
    for ep in range(8):
        for a, b in chunks(train[part]):
            cost = crit(net(a), b)
            opt.zero_grad()
            cost.backward()
            opt.step()
    with torch.no_grad():
        dev = crit(net(held[part][0]), held[part][1]).item()
    marks.append(dev)
print(sum(marks) / 4)"""
    for code in (update, folds):
        stripped = [line.strip() for line in code.split("\n")]
        assert pycode.reindent(stripped).lines == code.split("\n")
    units = pycode.units_of([line.strip() for line in update.split("\n")])
    after = pycode.path_features(units, [0, 1, 2, 2, 1, 2, 3, 3, 1])
    assert after.get("step_leaves_loop", 0) >= 1


def test_an_environment_step_is_not_a_training_step():
    """``obs, reward, done, info = env.step(a)`` is the game's move, not the optimizer's: the
    episode loop that makes moves is not where the policy's update goes. (Read as a training
    step, it pulled the update into the episode loop, silently.)"""
    code = """for ep in range(300):
    obs, _ = env.reset()
    picks, gains = [], []
    over = False
    while not over:
        dist = torch.distributions.Categorical(logits=pi(torch.as_tensor(obs)))
        act = dist.sample()
        picks.append(dist.log_prob(act))
        obs, gain, over, _, _ = env.step(act.item())
        gains.append(gain)
    ret = torch.tensor(discount(gains, 0.99))
    loss = -(torch.stack(picks) * ret).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    steps = {u.lines[0]: u.train_step for u in pycode.units_of(stripped)}
    assert not steps["obs, gain, over, _, _ = env.step(act.item())"]
    assert steps["opt.step()"] and steps["loss.backward()"]
    assert pycode.units_of(["scaler.step(opt)"])[0].train_step


NOTE_SHAPES = {
    # a prompt and a docstring written flush with their code, a call laid out by black
    "strings_and_brackets": '''GUIDE = """
Answer in one line.
Never guess.
"""
def ask(client, q):
    """Ask once.

    The reply is text.
    """
    reply = client.create(
        model="m1",
        messages=[
            {"role": "system", "content": GUIDE},
            {"role": "user", "content": q},
        ],
    )
    return reply.text''',
    # a def under @staticmethod is a method though it takes no self
    "staticmethod": '''class Temp:
    def __init__(self, c):
        self.c = c
    @staticmethod
    def to_f(c):
        return c * 9 / 5 + 32
    @staticmethod
    def valid(c):
        return c > -273.15
print(Temp.to_f(100))''',
    # a class's body cannot name the class: Counter.made += 1 is the method's
    "own_class_in_body": '''class Counter:
    made = 0
    def __init__(self, start):
        self.n = start
        Counter.made += 1
a = Counter(3)
print(Counter.made)''',
    # print() in a class body after a method is rare: it is the method's
    "class_call_after_method": '''class Base:
    def hi(self):
        print("base")
class Kid(Base):
    def hi(self):
        super().hi()
        print("kid")
Kid().hi()''',
    # the fields of a model stay together across a comment
    "fields": '''class Item(BaseModel):
    sku: str
    price: float
    # stock may be left out
    stock: int = 0
row = Item(sku="a1", price=2.5)''',
    # a loop left by raise leaves no "where it stopped": the next check is the loop's
    "raise_in_loop": '''def check(opts, allowed):
    for key in opts:
        if key.startswith("_"):
            raise KeyError(key)
        if key not in allowed:
            raise KeyError(f"unknown {key}")
    return True''',
    # a chat loop reads its whole history every turn, and shows what it made this turn
    "chat_loop": '''history = [{"role": "system", "content": "be brief"}]
while True:
    text = input("> ")
    if text == "quit":
        break
    history.append({"role": "user", "content": text})
    answer = llm(history)
    history.append({"role": "assistant", "content": answer})
    print(answer)''',
    # after an if whose every branch returned, nothing more of the function is reached
    "every_branch_returns": '''def larger(a, b):
    if a > b:
        return a
    else:
        return b
best = max(scores)
print(best)''',
    # the else of ``if x is None`` is where x can be looked into
    "else_of_is_none": '''def describe(cfg):
    if cfg.teacher is None:
        print("no teacher")
    else:
        print("teacher:")
        print(cfg.teacher.name)''',
    # an entry at a fixed key is written once, after the loop that wrote the others
    "fixed_key_after_loop": '''fpr, tpr = {}, {}
for k in range(n_classes):
    fpr[k], tpr[k] = curve(y[:, k], s[:, k])
fpr["micro"], tpr["micro"] = curve(y.ravel(), s.ravel())
print(len(fpr))''',
    # a notebook's cell awaits at its top level
    "top_level_await": '''async def main():
    reply = await client.ask("hello")
    print(reply)
await main()''',
    # the last items of what the batch loop keeps are read each epoch
    "latest_items_per_epoch": '''losses = []
for epoch in range(3):
    for xb, yb in loader:
        loss = train_step(xb, yb)
        losses.append(loss)
    recent = sum(losses[-len(loader):]) / len(loader)
    print(f"epoch {epoch}: {recent:.3f}")''',
    # the main guard holds the rest of the script, prints too
    "main_guard": '''def area(r):
    return 3.14159 * r * r
if __name__ == "__main__":
    r = 2.0
    print("radius", r)
    a = area(r)
    print("area", a)''',
    # the main guard written the other way round holds the rest too
    "main_guard_reversed": '''import json
def load(path):
    with open(path) as f:
        return json.load(f)
if "__main__" == __name__:
    rows = load("train.json")
    print(len(rows))
    vocab = sorted({w for r in rows for w in r["text"].split()})
    print(len(vocab))
    json.dump(vocab, open("vocab.json", "w"))''',
    # a part switched off by a constant test is the rest of the cell
    "switched_off": '''model = train(model, loader)
if False:  # True to export
    print("exporting")
    model.save_pretrained("out")
    tokenizer.save_pretrained("out")
    print("saved")''',
    # what a chat app does with the message it got is under the if that got it
    "chat_input_got": '''import streamlit as st
if "messages" not in st.session_state:
    st.session_state["messages"] = []
if prompt := st.chat_input():
    st.session_state.messages.append({"role": "user", "content": prompt})
    st.chat_message("user").write(prompt)
    inputs = tokenizer(prompt, return_tensors="pt")
    outputs = model.generate(**inputs, max_new_tokens=256)
    response = tokenizer.decode(outputs[0])
    st.session_state.messages.append({"role": "assistant", "content": response})
    st.chat_message("assistant").write(response)''',
    # a no_grad block a function opens with holds the whole function
    "no_grad_function": '''def topk_hits(logits, labels, k=5):
    """How many rows have their label among the k best."""
    with torch.no_grad():
        best = logits.topk(k, dim=1).indices
        hits = (best == labels[:, None]).any(dim=1)
        total = hits.sum().item()
        rate = total / len(labels)
        print(f"top-{k}: {total} of {len(labels)} ({rate:.1%})")''',
    # what a with bound is used inside it; after it, only shown
    "with_bound_used_in_it": '''def train_remote(model, loader, opt, epochs):
    for epoch in range(epochs):
        for xb, yb in loader:
            with dist_autograd.context() as ctx:
                out = model(xb)
                loss = F.cross_entropy(out, yb)
                dist_autograd.backward(ctx, [loss])
                opt.step(ctx)
        print("epoch", epoch, "done")''',
    # a name both branches set is used after the if, however deep the use
    "both_branches_then_deep": '''def evaluate(model, loader):
    model.eval()
    hits = 0
    if torch.cuda.is_available() and model.gpus > 0:
        name = torch.cuda.get_device_name()
        device = torch.device("cuda:0")
    else:
        device = torch.device("cpu")
    with torch.no_grad():
        for i, (xb, yb) in enumerate(loader):
            out = model(xb)
            pred = out.argmax(dim=1)
            pred, yb = pred.to(device), yb.to(device)
            hits += (pred == yb).sum().item()
    print(f"accuracy {hits / len(loader.dataset)}")''',
    # an evaluation's loop over data stays in its no_grad block
    "no_grad_eval_loop": '''def run_validate(loader, model, criterion, meters, print_freq, base=0):
    with torch.no_grad():
        end = time.time()
        for i, (images, target) in enumerate(loader):
            i = base + i
            images = images.to(device, non_blocking=True)
            target = target.to(device, non_blocking=True)
            output = model(images)
            loss = criterion(output, target)
            meters["loss"].update(loss.item(), images.size(0))
            meters["time"].update(time.time() - end)
            end = time.time()
            if i % print_freq == 0:
                print(i, meters["loss"].avg)''',
    # and so does a loop over a list in it (a gain put on each layer's weights)
    "no_grad_loop_over_layers": '''with torch.no_grad():
    layers[-1].weight *= 0.1
    for layer in layers[:-1]:
        if isinstance(layer, Linear):
            layer.weight *= 5 / 3
parameters = [p for layer in layers for p in layer.parameters()]
print(sum(p.nelement() for p in parameters))
for p in parameters:
    p.requires_grad = True''',
    # what a with block set is used after it: its body always ran
    "set_in_with_used_after": '''class Shard(nn.Module):
    def forward(self, x):
        x = x.to(self.device)
        with self.lock:
            y = self.net(x)
        return y.cpu()''',
    # what looks into a checked name stays under its check, a few lines on too
    "late_guard": '''def resume(model, ckpt=None):
    start = 0
    if ckpt is not None:
        model.load_state_dict(torch.load(ckpt))
        print("resumed")
        start = int(ckpt.stem.split("-")[1])
    return start''',
    # a name set under a test is read under the same test again, not only in that if
    "same_test_again": '''def train_epoch(model, loader, rank):
    total = 0.0
    if rank == 0:
        bar = tqdm(total=len(loader))
    for batch in loader:
        total += step(model, batch)
        if rank == 0:
            bar.update(1)
    if rank == 0:
        bar.close()
    return total''',
    # what only an except set is undefined when nothing was raised: it is read in the except
    "except_name": '''try:
    run(job)
except Exception as e:
    error = e
    print("failed:", error)''',
    # a name both branches set is not set again after the if, unread: the lines are the else's
    "branch_store_overwritten": '''def evaluate(model, X, y, grid=None):
    if grid:
        search = GridSearchCV(model, grid)
        search.fit(X, y)
        mean = search.best_score_
        std = 0.0
    else:
        print("no grid")
        results = cross_val_score(model, X, y)
        mean = results.mean()
        std = results.std()
    return mean, std''',
    # a loop that accumulates gradients (the loss divided by its count) is stepped after it,
    # the gradients clipped first if asked
    "gradient_accumulation": '''optimizer.zero_grad()
for micro in range(accum_steps):
    xb, yb = next_batch()
    loss = model(xb, yb) / accum_steps
    loss.backward()
if clip_norm:
    torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
optimizer.step()
print(loss.item())''',
    "gradient_accumulation_in_loop": '''for it in range(max_iters):
    for micro in range(accum_steps):
        xb, yb = next_batch()
        loss = model(xb, yb) / accum_steps
        loss.backward()
    optimizer.step()
    optimizer.zero_grad()''',
    # a loop does not end on an if that continues (the continue would skip nothing)
    "continue_then_work": '''rows = []
for label, folder in enumerate(["neg", "pos"]):
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text().strip()
        if len(text) < 10:
            continue
        rows.append((text, label))
random.shuffle(rows)''',
    # model.eval() and model.train() bracket an evaluation at one level; what the if's
    # branch computed, even in a with, is read in that branch
    "eval_bracket": '''for it in range(steps):
    loss = train_step(model)
    if it % 100 == 0:
        model.eval()
        with torch.no_grad():
            val = evaluate(model)
        model.train()
        print(it, loss, val)''',
    # whether a loop found anything is asked after it (not a buffer's threshold); a name both
    # branches set is read after them
    "any_found_after_loop": '''predictions = {}
for ex_id, feats in grouped.items():
    answers = []
    for f in feats:
        starts = top_k(f.start_logits)
        ends = top_k(f.end_logits)
        for s in starts:
            for e in ends:
                if e < s or e - s + 1 > max_len:
                    continue
                text = f.context[f.offsets[s][0]:f.offsets[e][1]]
                answers.append((f.start_logits[s] + f.end_logits[e], text))
    if len(answers) > 0:
        best = max(answers)[1]
    else:
        best = ""
    predictions[ex_id] = best
print(len(predictions))''',
    # a return right after a name is set, not reading it, would have set it for nothing
    "return_after_search": '''data = [4, 1, 9, 7]
data.sort()
def search(arr, key, lo, hi):
    while lo <= hi:
        mid = lo + (hi - lo) // 2
        if arr[mid] == key:
            return mid
        elif arr[mid] < key:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
key = 7
lo = 0
hi = len(data) - 1
print(search(data, key, lo, hi))''',
    # a bare return ends a branch, not the function it would end anyway
    "bare_return_ends_branch": '''def stream(events):
    for ev in events:
        kind = ev.get("kind")
        text = ev.get("text")
        if kind == "start":
            yield f"begin {text}"
            continue
        if kind == "end":
            yield f"finish {text}"
            return
for line in stream(log):
    print(line)''',
    # a loop over what an if asked was not empty is that if's
    "tested_loop": '''def report(errors, warnings):
    if errors:
        print(f"{len(errors)} errors")
        for e in errors:
            log.error(e)
    if warnings:
        print(f"{len(warnings)} warnings")
        for w in warnings:
            log.warning(w)
    return not errors''',
    # sys.exit() ends its block like raise: the check it ends is a guard
    "exit_in_guard": '''import sys
if len(sys.argv) < 2:
    print("usage: show FILE")
    sys.exit(1)
path = sys.argv[1]
print(open(path).read())''',
    "exit_in_def": '''def load(path):
    if not os.path.exists(path):
        print(f"missing: {path}")
        sys.exit(2)
    with open(path) as fh:
        return json.load(fh)''',
    # nothing comes after a while True that nothing leaves: a worker's lines are in it
    "worker_loop": '''import threading
import time
def heartbeat():
    while True:
        time.sleep(1)
        print("still alive")
threading.Thread(target=heartbeat, daemon=True).start()
time.sleep(3)''',
    # after a while True that no break leaves nothing runs: the next line is the script's
    "after_endless_loop": '''def read_all(sock):
    chunks = []
    while True:
        data = sock.recv(1024)
        if not data:
            return b"".join(chunks)
        chunks.append(data)
conn = socket.create_connection((host, 80))
conn.sendall(request)''',
    # a loop that tries again until it works is whole, though its turns change nothing
    "retry_loop": '''def wait_ready(url):
    while True:
        try:
            requests.get(url, timeout=1)
            return True
        except requests.ConnectionError:
            time.sleep(0.5)
server = start_server()
print("started", server.pid)''',
    # a static method may set a self of its own
    "own_self": '''class Agent:
    def __init__(self, n):
        self.n = n
        self.pending = n
    @staticmethod
    def select(agent_ref, state):
        self = agent_ref.local_value()
        self.pending -= 1
        return self.policy(state)''',
    # a while that only counts its turns down does nothing: its lines go on after the count
    "countdown": '''async def main(rounds=3):
    team.hire([Writer(), Critic()])
    while rounds > 0:
        rounds -= 1
        print(f"{rounds} rounds left")
        await team.run()''',
    # one namespace's calls, one after the other, are at one level (a module's functions)
    "namespace_calls": '''def free_memory():
    if torch.cuda.is_available():
        with torch.cuda.device(CUDA_DEVICE):
            torch.cuda.empty_cache()
            torch.cuda.ipc_collect()
app = FastAPI()
@app.post("/")
async def create_item(request):
    return await request.json()''',
    # a name remade from itself, one line per name, under the test that asked for it
    "remade_names": '''def process(example):
    ids = tokenizer(example["text"])["input_ids"]
    mask = [1] * len(ids)
    labels = list(ids)
    if len(ids) > MAX_LENGTH:
        ids = ids[:MAX_LENGTH]
        mask = mask[:MAX_LENGTH]
        labels = labels[:MAX_LENGTH]
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}''',
    # a variable's attribute is no namespace: its calls are each where their test puts them
    "attribute_calls": '''for p in group["params"]:
    if p.grad.grad_fn is not None:
        p.grad.detach_()
    else:
        p.grad.requires_grad_(False)
    p.grad.zero_()''',
    # an else that set all its if set, in as many lines, is done: a line of the if's shape
    # after it is the block's own (self.conv3 = ... / else: self.conv3 = None / self.bn1 = ...)
    "else_mirrored": '''class Residual(nn.Module):
    def __init__(self, cin, cout, use_1x1conv=False):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(cin, cout, kernel_size=1)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(cout)
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        if self.conv3:
            X = self.conv3(X)
        return F.relu(Y + X)''',
    # a with is left by the line after the one that read what it opened, shape or no shape
    "with_resource_read": '''class Detections(Dataset):
    def __init__(self, root, image_size=(256, 256)):
        self.image_size = image_size
        with open(os.path.join(root, "label.json")) as f:
            self.label = json.load(f)
        self.transform = transforms.Compose([transforms.ToTensor()])
    def __len__(self):
        return len(self.label)''',
    # a state the loop steps from itself (x -= eta * 2 * x) is no sum kept for after the loop:
    # what reads it each turn stays in the loop
    "stepped_state": '''def gd(eta):
    x = 10
    results = [x]
    for i in range(10):
        x -= eta * 2 * x
        results.append(x)
    print("epoch 10, x:", x)
    return results''',
    # a loop over a call of the note's own does not say which argument it goes over: the
    # batch size it reads in the body is no sign that the loop ended
    "loop_over_own_call": '''for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y).sum()
        l.backward()
        sgd([w, b], lr, batch_size)
        w.grad.data.zero_()
    train_l = loss(net(features, w, b), labels)
    print(epoch + 1, train_l.mean().item())''',
    # what a with block set is set after it (its body always runs): an if after it that
    # narrows the name hides nothing
    "with_sets_for_after": '''def read_images(root, max_num=None):
    with open(root + "/train.txt") as f:
        images = f.read().split()
    if max_num is not None:
        images = images[:max_num]
    features = [None] * len(images)
    for i, fname in enumerate(images):
        features[i] = Image.open(root + "/" + fname)
    return features''',
    # a loop over data reads what it goes over: its body is not only the two lines that
    # read neither (model.train(), zero_grad()) with the batch's work after the loop; and a
    # line under an if on what the inner loop made is the inner loop's, through the if
    "loop_reads_its_items": '''cur_epoch = -1
for epoch_index in range(6):
    num_batches = len(train_loader)
    for batch_index, (target, token_index) in enumerate(train_loader):
        model.train()
        optimizer.zero_grad()
        target = target.to(device)
        token_index = token_index.to(device)
        step = num_batches * epoch_index + batch_index + 1
        logits = model(token_index)
        loss = F.nll_loss(F.log_softmax(logits, dim=-1), target)
        loss.backward()
        optimizer.step()
        if step % 300 == 0:
            cur_epoch = epoch_index
    print(epoch_index, cur_epoch)''',
    # a bare value shown is a notebook cell's last line, at its top level
    "shown_value": '''if torch.cuda.is_available():
    x = x.cuda()
x.device''',
}


@pytest.mark.parametrize("name", sorted(NOTE_SHAPES))
def test_shapes_of_code_in_real_notes_come_back_whole(name):
    """Shapes that public vaults' Python blocks have and the benchmark's scripts did not:
    multi-line strings and black's brackets, static methods, classes used right after they
    are made, model fields, chat loops. The stripped block comes back exactly as written."""
    code = NOTE_SHAPES[name]
    assert pycode.reindent([line.strip() for line in code.split("\n")]).lines == \
        code.split("\n")


def test_a_nesting_the_search_merged_into_the_best_one_is_a_doubt():
    """The beam keeps one path per shape of open blocks; a path it merged into the best one may
    have cost as little, and then the block is in doubt where the two part, however far the
    next whole nesting in the beam is."""
    code = """def build_prompt(question, context, *, system=None, history=None):
    if history is None:
        history = []
    header = ''
    if system is not None:
        history.append(('system', system))
        header = '[system]'
    turns = '\\n'.join(f'{r}: {t}' for r, t in history)
    text = f'{header}\\n{turns}\\nQ: {question}'
    cut = len(text) - 2000
    text = text[max(cut, 0):]
    parts = {}
    parts['context'] = context
    return text, parts"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    assert fixed.compiles and fixed.uncertain
    assert lines[fixed.doubt].strip() == "header = '[system]'"
    best = pycode._search(pycode.units_of([line.strip() for line in lines]))[0]
    assert best.rival and best.rival[0] < 1.0


def test_lists_made_together_are_filled_together_without_doubt():
    """``xs, ys = [], []`` and then ``xs.append(i)`` / ``ys.append(j)`` in a loop: the second
    append is not a line after the loop, and the block is not marked for it."""
    code = """xs, ys = [], []
for w in words:
    chars = ["<"] + list(w) + [">"]
    for a, b in zip(chars, chars[1:]):
        i = index[a]
        j = index[b]
        xs.append(i)
        ys.append(j)
xs = torch.tensor(xs)
ys = torch.tensor(ys)
print(xs.shape, ys.shape)"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    assert fixed.lines == lines and not fixed.uncertain


def test_a_long_block_nested_deep_is_marked_for_review():
    """Real blocks of forty statements or more with a line four levels in almost never come
    back whole, however sure the search is: such a block says so. A short one does not."""
    head = ["def run(pairs):", "for a in pairs:", "for b in pairs:", "if a < b:"]
    body = [f"x{k} = a * {k} + b" for k in range(pycode.LONG_BLOCK)]
    fixed = pycode.reindent(head + body)
    assert fixed.compiles and fixed.uncertain
    assert max(len(line) - len(line.lstrip()) for line in fixed.lines) == 16
    short = pycode.reindent(head + body[:3])
    assert short.compiles and not short.uncertain
    # the note says why: its length and depth, not another nesting as likely
    out, regions = fence_code(["代码如下："] + head + body + ["以上。"])
    assert regions[0].uncertain and LONG_NOTE in out and UNCERTAIN not in out


def test_a_buffer_flushed_now_and_then_is_read_in_its_loop():
    """What a loop keeps (buffer_r.append(r)) is read after it, as a rule; under an if that
    asks for every n-th turn (if total_step % n == 0 or done:) it is read in the loop, flushed
    and started over: the written nesting pays nothing for that read."""
    code = [
        "buffer_s, buffer_r = [], []", "total_step = 1", "for episode in range(MAX_EP):",
        "    s = env.reset()", "    v = 0", "    while True:", "        a = agent.act(s)",
        "        s_, r, done, _ = env.step(a)", "        buffer_s.append(s)",
        "        buffer_r.append(r)", "        if total_step % UPDATE_EVERY == 0 or done:",
        "            targets = []", "            for r in buffer_r[::-1]:",
        "                v = r + GAMMA * v", "                targets.append(v)",
        "            agent.learn(buffer_s, targets)", "            buffer_s, buffer_r = [], []",
        "        s = s_", "        total_step += 1", "        if done:", "            break"]
    units = pycode.units_of([line.strip() for line in code])
    depths = [(len(line) - len(line.lstrip())) // 4 for line in code]
    assert pycode.path_features(units, depths).get("kept_read_in_loop", 0) == 0
    # the same read with no such if still counts: the buffer is read after the loop
    plain = code[:10] + ["        s = s_", "    agent.learn(buffer_s, buffer_r)"]
    units = pycode.units_of([line.strip() for line in plain])
    inside = [(len(line) - len(line.lstrip())) // 4 for line in plain[:-1]] + [2]
    assert pycode.path_features(units, inside).get("kept_read_in_loop", 0) == 1


def test_a_class_body_does_not_name_its_class_and_fields_stay_together():
    """The misreadings the two rules stop: ``Counter.made += 1`` in the class's own body
    (a NameError there), ``stock: int = 0`` moved off the fields above it."""
    counter = [line.strip() for line in NOTE_SHAPES["own_class_in_body"].split("\n")]
    in_body = pycode.path_features(pycode.units_of(counter), [0, 1, 1, 2, 1, 0, 0])
    assert in_body["own_class_in_body"] == 1
    fields = [line.strip() for line in NOTE_SHAPES["fields"].split("\n")]
    moved = pycode.path_features(pycode.units_of(fields), [0, 1, 1, 0, 0])
    assert moved["shape_moved"] == 1


def test_a_loop_that_breaks_may_have_an_else():
    """``for ... else`` is odd for a loop with no break, and the idiom for one with."""
    with_break = ["for who in people:", "if ok(who):", "break", "else:", "print('none')"]
    without = ["for who in people:", "if ok(who):", "print(who)", "else:", "print('none')"]
    for_else = [0, 1, 2, 0, 1]
    assert "for_else" not in pycode.path_features(pycode.units_of(with_break), for_else)
    assert pycode.path_features(pycode.units_of(without), for_else)["for_else"] == 1


def test_an_evaluation_after_training_steps_is_not_a_training_step():
    """A ``with torch.no_grad():`` that is not right after a backward pass is an
    evaluation, which may follow the training loop; ``net.eval()`` in the loop means ``net``
    changes with it, so the evaluation reading ``net`` is the loop's."""
    code = """for ep in range(30):
    net.train()
    for a, b in dl:
        cost = crit(net(a), b)
        opt.zero_grad()
        cost.backward()
        opt.step()
    net.eval()
    with torch.no_grad():
        dev = sum(crit(net(a), b).item() for a, b in dev_dl)
    print(ep, dev / len(dev_dl))
with torch.no_grad():
    test = sum(crit(net(a), b).item() for a, b in test_dl)
print(test)"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    phi = pycode.path_features(pycode.units_of(stripped), right)
    assert "train_step_outside" not in phi and "invariant_after_work" not in phi


def test_a_scheduler_made_for_epochs_is_stepped_after_the_batch_loop():
    """``StepLR`` is stepped once an epoch: its ``step()`` is not a training step, so the
    optimizer's step stays in the batch loop and the scheduler's comes after it."""
    code = """opt = torch.optim.Adam(net.parameters(), lr=3e-4)
decay = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)
for ep in range(20):
    for a, b in dl:
        cost = crit(net(a), b)
        opt.zero_grad()
        cost.backward()
        opt.step()
    decay.step()
    print(ep, decay.get_last_lr())"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    units = {u.lines[0]: u for u in pycode.units_of(stripped)}
    assert units["decay.step()"].sched == "epoch" and not units["decay.step()"].train_step
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    inside = right[:8] + [2, 1]  # decay.step() in the batch loop
    units = pycode.units_of(stripped)
    assert pycode.path_features(units, inside).get("scheduler_off_its_loop", 0) > \
        pycode.path_features(units, right).get("scheduler_off_its_loop", 0)


def test_a_replay_buffer_is_used_where_it_is_filled():
    """A buffer the loop appends to and samples from once it holds enough (``if len(memory)
    > 256:``) is not a sum read too early: the update stays in the step loop."""
    code = """memory = []
for ep in range(100):
    s = world.reset()
    over = False
    while not over:
        a = pick(s)
        s2, r, over = world.step(a)
        memory.append((s, a, r, s2))
        s = s2
        if len(memory) > 256:
            sample = random.sample(memory, 32)
            cost = td_loss(qnet, sample)
            opt.zero_grad()
            cost.backward()
            opt.step()
    print(ep, len(memory))"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    assert not pycode.path_features(pycode.units_of(stripped), right).get("kept_read_in_loop")


def test_what_a_line_after_the_loop_made_does_not_tie_the_next_lines_to_the_loop():
    """``fig, ax = plt.subplots()`` reads nothing the loop changes; the lines that draw on
    ``ax`` are after the loop with it, not kept in the loop because ``ax`` was made there."""
    code = """counts = np.zeros((n_cls, n_cls))
for truth, guess in zip(ys, preds):
    counts[truth, guess] += 1
fig, ax = plt.subplots(figsize=(5, 5))
ax.matshow(counts)
ax.set_title('confusion')
fig.savefig('cm.png')"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    units = pycode.units_of(stripped)
    inside = pycode.path_features(units, [0, 0, 1, 1, 1, 1, 1])
    assert inside["invariant_after_work"] >= 1 and inside["kept_read_in_loop"] >= 1


def test_a_name_only_an_else_sets_is_read_in_that_else():
    """``layer`` is set only in the else branch: read after the if/else it would be undefined
    whenever the if's own branch ran, so the lines that read it stay in the else."""
    code = """def build(dim, custom=None):
    if custom is not None:
        block = custom
    else:
        layer = Layer(dim)
        norm = Norm(dim)
        block = Stack(layer, norm)
    return block"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    units = pycode.units_of(stripped)
    early = pycode.path_features(units, [0, 1, 2, 1, 2, 1, 1, 1])  # the else ends on layer
    assert early["hidden_name"] >= 1
    assert "hidden_name" not in pycode.path_features(units, [0, 1, 2, 1, 2, 2, 2, 1])


def test_a_log_of_the_outer_turn_leaves_the_inner_loop():
    """Two logging lines of one shape, the first in the batch loop (the batch's loss), the next
    after it showing the epoch: lines of one shape stay together, except one that leaves an
    inner loop to show the outer loop's variable."""
    code = """step = 0
for epoch in range(3):
    for a, b in batches:
        err = fit(a, b)
        step += 1
        logger.info('loss %s %s', err, step)
    logger.info('epoch %s %s', epoch, step)"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    assert "shape_moved" not in pycode.path_features(pycode.units_of(stripped), right)


def test_a_start_value_a_later_loop_fills_is_not_skipped():
    """``size = 0`` before two loops, the second counting: the first loop leaving it alone
    costs nothing once a later loop fills it; a list made for a loop and filled after it
    still costs."""
    code = """size = 0
for layer in net.children():
    if isinstance(layer, nn.Conv2d):
        nn.init.xavier_uniform_(layer.weight)
for w in net.parameters():
    size += w.numel()
print(size)"""
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    right = pycode.path_features(pycode.units_of(stripped), [0, 0, 1, 2, 0, 1, 0])
    assert right.get("init_skipped_by_loop", 0) == 0
    filled_after = pycode.path_features(pycode.units_of(stripped[:4] + ["size += 1"]),
                                        [0, 0, 1, 2, 0])
    assert filled_after["init_skipped_by_loop"] == 1


def test_a_count_checked_where_it_is_counted_stays_there():
    """``step += 1`` and ``if step % k == 0`` in the batch loop of a ``while step < n`` loop:
    the count is the outer loop's, but checking it where it is counted is not reading a sum
    after its loop (where the report goes, once a turn of the while or at the count, both
    are written: the block is marked uncertain)."""
    code = """step = 0
while step < total:
    for batch in loader:
        fit(batch)
        step += 1
        if step % 100 == 0:
            print(step)
        if step >= total:
            break
print('done', step)"""
    stripped = [line.strip() for line in code.split("\n")]
    fixed = pycode.reindent(stripped)
    assert fixed.lines == code.split("\n") or fixed.uncertain
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    assert "kept_read_in_loop" not in pycode.path_features(pycode.units_of(stripped), right)


@pytest.mark.parametrize("feature", sorted(DATAFLOW))
def test_a_training_script_comes_back_whole(feature):
    """Scripts whose nesting only what their names do tells (a value a loop sets, a sum it
    keeps, a list made for it, a while True that needs its break): the stripped script comes
    back exactly, and the feature that reads it costs the misreading more than the script."""
    code, wrong = DATAFLOW[feature]
    stripped = [line.strip() for line in code.split("\n")]
    assert pycode.reindent(stripped).lines == code.split("\n")
    units = pycode.units_of(stripped)
    right = [(len(line) - len(line.lstrip())) // 4 for line in code.split("\n")]
    assert right != wrong
    misread = pycode.path_features(units, wrong)
    assert misread is not None, "the misreading must be one the grammar allows"
    assert misread.get(feature, 0) > pycode.path_features(units, right).get(feature, 0)


def test_the_beam_judges_a_choice_by_the_blocks_its_step_leaves():
    """The search tells choices apart before making their states (``_shape_after``); that
    must be the shape of open blocks ``_step`` then leaves, for every choice the grammar
    allows, or the beam would drop or keep the wrong ones."""
    code = DATAFLOW["exit_after_if"][0] + "\n" + DATAFLOW["elif_unlike_if"][0]
    units = [u for u in pycode.units_of([line.strip() for line in code.split("\n")])
             if u.kind not in ("blank", "comment")]
    states, forced, checked = [pycode._State((), 0.0, (), frozenset(), False)], False, 0
    for unit in units:
        nxt = []
        for state in states:
            for d in range(len(state.stack), -1, -1):
                cost = pycode._cost(state, unit, d, forced)
                if cost is None:
                    continue
                after = pycode._step(state, unit, d, cost)
                assert pycode._shape_after(state, unit, d) == tuple(
                    (f.kw, f.statements > 0, f.ended) for f in after.stack)
                nxt.append(after)
                checked += 1
        states, forced = sorted(nxt, key=lambda s: s.score)[:16], unit.kind == "header"
    assert checked > 100


def test_a_very_deep_expression_does_not_stop_the_import():
    """A chain of 1,500 additions is 1,500 levels deep: walking it must not overflow
    Python's stack (the block comes back, compiled or marked)."""
    line = "x = " + "+".join(["1"] * 1500)
    fixed = pycode.reindent(["for i in range(3):", line, "print(x)"])
    assert fixed.lines[1] == "    " + line
    out, regions = fence_code(["说明", "for i in range(3):", line, "print(x)"])
    assert regions and "    " + line in out
    # the same depth as a call's receiver and as an if's or elif's test, which the nesting
    # features look into (a scheduler's step, the kind of test an elif repeats)
    chain = "+".join(["a"] * 1500)
    for lines in (["for i in range(3):", f"({chain}).step()", "print(i)"],
                  ["for i in range(3):", f"if {chain} > 0:", "x = 1", f"elif {chain} < 0:",
                   "x = 2"]):
        fixed = pycode.reindent(lines)
        assert fixed.compiles and fixed.lines[1] == "    " + lines[1]


def test_fence_marks_reconstructed_and_skips_what_does_not_compile():
    lines = ["说明:", *STRIPPED.split("\n"), "完。"]
    out, regions = fence_code(lines)
    assert out[0] == "说明:" and out[-1] == "完。"
    assert "```python reconstructed" in out and (RECONSTRUCTED in out or UNCERTAIN in out)
    assert regions[0].reconstructed and regions[0].compiles
    bad, regions = fence_code(["for i in range(3):", "print(i))"])
    assert not regions[0].compiles and bad[0].startswith('```python skip="kb import')
    assert bad[2:4] == ["for i in range(3):", "    print(i))"]  # kept for review
    assert bad[1] in (RECONSTRUCTED, UNCERTAIN)


def test_a_call_of_a_bare_step_function_is_read(monkeypatch):
    """``step(model, x)`` (a function of the note's, not a method) once stopped the importer."""
    code = "for x in batches:\nstep(model, x)\nupdate(log)\nprint('done')"
    fixed = pycode.reindent(code.split("\n"))
    assert fixed.compiles and fixed.lines[1] == "    step(model, x)"


def test_a_failure_of_the_reindenter_keeps_the_block_for_review(monkeypatch):
    """Whatever goes wrong inside the re-indenter, the note keeps its code, marked."""
    def broken(lines, beam=64):
        raise RuntimeError("bug")
    monkeypatch.setattr(pycode, "reindent", broken)
    out, regions = fence_code(["Code:", "for i in range(3):", "print(i)", "Done."])
    assert out[0] == "Code:" and out[-1] == "Done."
    assert "for i in range(3):" in out and "print(i)" in out
    assert regions[0].uncertain and UNCERTAIN in out


def test_a_string_whose_inner_layout_was_lost_is_marked_for_review():
    """The export strips the lines inside a multi-line string too; when they held a layout
    of their own (a prompt's nested list) nothing can bring it back, so the block says so.
    A docstring's text is marked only when it has sections (Args:), whose lines are indented
    under them; otherwise its layout is the code's, and it comes back."""
    prompt = ['def ask(q):', 'text = f"""Answer:', '- first', '  - a nested point',
              'Question: {q}"""', 'return llm(text)']
    fixed = pycode.reindent([ln.strip() for ln in prompt])
    assert fixed.compiles and fixed.strings and not fixed.uncertain
    out, regions = fence_code(["Code:", *[ln.strip() for ln in prompt], "Done."])
    assert STRINGS_NOTE in out and regions[0].strings
    documented = ["def area(r):", '"""The area of a circle.', "", 'r: its radius."""',
                  "return 3.14159 * r * r"]
    assert not pycode.reindent(documented).strings
    # a docstring's sections indent what is under them: that layout is gone too
    sections = ["def area(r):", '"""The area of a circle.', "Args:", 'r: its radius."""',
                "return 3.14159 * r * r"]
    assert pycode.reindent(sections).strings
    # so does a bracket left open at a line's end: a model's repr kept in a bare string
    shown = ["print(model)", "'''", "Net(", "(encoder): Encoder(", "(fc): Linear(4, 2)", ")",
             ")", "'''"]
    assert pycode.reindent(shown).strings
    # and a bracket still open at a line's end (a tensor shown), or a parameter's line
    for text in (["tensor([[0, 0, 1, 1],", "[0, 1, 0, 1]])"],
                 ["pred (Tensor): 预测的类别。", "beta (float): 比例因子。"]):
        assert pycode.reindent(["def f(pred, beta):", '"""', *text, '"""', "return pred"]).strings
    # a docstring's parenthesis closed on its line is no sign of a layout
    assert not pycode.reindent(["def area(r):", '"""The area (r: the radius).', "", 'Uses pi."""',
                                "return 3.14 * r * r"]).strings
    # a nesting in doubt and a string that lost its layout: the block says both
    both = fence_code(["for x in xs:", "y = x * 2", "print(y)", 'msg = """a', "- b", '"""'])[0]
    assert UNCERTAIN in both and STRINGS_NOTE in both


def test_a_header_laid_over_lines_with_comments_in_chinese_is_code():
    """``def __init__(self,`` / ``dim,  # 输入的维度`` / ...: each line's comment is its own,
    and the header is read without them."""
    lines = ["模型如下：", "class Block(nn.Module):", "def __init__(self,", "dim,  # 输入的维度",
             "heads,  # 注意力头的个数", "norm=nn.LayerNorm):  # 默认用 LayerNorm",
             "super().__init__()", "self.norm = norm(dim)", "以上。"]
    regions = fence_code(lines)[1]
    assert [(r.start, r.end) for r in regions] == [(1, 8)]
    assert regions[0].compiles


def test_a_comment_right_below_the_code_is_its_last_line():
    """A line commented out at a block's end (# model = nn.DataParallel(model)) is the code's;
    a heading of a chat answer (two hashes or more) after it is not."""
    lines = ["model = Net()", "model = model.to(device)", "# model = nn.DataParallel(model)",
             "## 小结", "模型放到了 GPU 上。"]
    regions = fence_code(lines)[1]
    assert [(r.start, r.end) for r in regions] == [(0, 3)]


def test_a_value_shown_at_a_cells_end_stays_with_its_code():
    """A notebook cell ends on the value it shows (df_melted, X.shape, res[0]); right after the
    code it is the code's last line. A word on its own after a blank line is prose."""
    lines = ["df = load()", "df_melted = df.melt(id_vars=['id'])", "df_melted", "", "Nice",
             "x = torch.ones(2, 3)", "y = x.T", "y.shape", "结果如上。"]
    regions = fence_code(lines)[1]
    assert [(r.start, r.end) for r in regions] == [(0, 3), (5, 8)]


def test_any_value_a_cell_shows_of_its_own_names_stays_with_its_code():
    """A cell's last line may show any expression of the names its code uses (``output``,
    ``'# tokens: %d' % n``, ``f(a, b).shape``); a word the code never used stays prose."""
    for shown in ("output", "'# tokens: %d' % num_tokens", "'#batches:', len(output)",
                  "comp(conv, X).shape"):
        lines = ["说明：", "output = net(X)", "num_tokens = len(output)",
                 "conv = nn.Conv2d(1, 1, 3)", "y = comp(conv, X)", shown, "以上。"]
        regions = fence_code(lines)[1]
        assert [(r.start, r.end) for r in regions] == [(1, 6)], shown
    for word in ("then", "Output", "result"):
        lines = ["说明：", "output = net(X)", "y = output.sum()", word, "以上。"]
        assert [(r.start, r.end) for r in fence_code(lines)[1]] == [(1, 3)], word


def test_a_value_pasted_over_lines_is_code_and_a_markdown_link_is_not():
    """A dict or list shown over several lines (a model's layers, a config) is one expression
    Python reads: it is code. ``[text](page.md)`` parses too, as a list called: it is prose."""
    shown = ["{'0': Conv2d(3, 64, kernel_size=(3, 3)),", "'1': ReLU(inplace=True),",
             "'2': MaxPool2d(kernel_size=2, stride=2)}"]
    regions = fence_code(["输出如下："] + shown + ["可以看到三层。"])[1]
    assert [(r.start, r.end) for r in regions] == [(1, 4)]
    out, regions = fence_code(["[Fine-tuning](chapter4/4.1-fine-tuning.ipynb)",
                               "[Fast.ai](chapter4/4.3-fastai.ipynb)"])
    assert regions == []


def test_code_shapes_real_notes_hold_are_found_whole():
    """Shapes of real notes' code the finder lost to prose: a branch and its body on one line;
    a string continued by a backslash inside triple quotes; a list of schemas longer than
    sixty lines; JSON pasted over lines; a module's docstring; a shebang and a file-name
    comment; a dataclass's fields after its header."""
    one_line = ["try:", "ratio = float(guess) / float(answer)",
                "if ratio >= 0.9: score += 2.0", "elif ratio >= 0.8: score += 1.5",
                "else: score -= 2.5 # 惩罚", "except ValueError: score -= 4.5"]
    backslash = ["with gr.Blocks() as demo:", 'gr.Markdown("""\\',
                 "This demo is based on Qwen. \\", '(本演示基于 Qwen 打造。)""")',
                 "chatbot = gr.Chatbot(height=750)"]
    schemas = ["tools = ["] + [f"{{'type': 'function', 'name': 'f{k}'}}," for k in range(80)] + [
        "]", "reply = ask(tools)"]
    json_ = ["{", "'response': '我是一个大模型',", "'status': 200", "}"]
    docstring = ["#!/usr/bin/env python", '"""', "使用 Python API 下载模型", '"""', "import os",
                 "from huggingface_hub import snapshot_download"]
    file_name = ["#start_server.py", "import torch", "server = launch(torch)"]
    fields = ["class ChatResponse(BaseModel):", "response: str", "status: int",
              "usage: Dict[str, int]", "time: float | None"]
    for code in (one_line, backslash, schemas, json_, docstring, file_name, fields):
        regions = fence_code(["下面是代码："] + code + ["Note: this", "以上。"])[1]
        assert [(r.start, r.end) for r in regions] == [(1, 1 + len(code))], code[0]
    # a tag line stays prose, with or without Chinese
    for tags in ("#设置在文件最开始部分", "#pytorch #lstm"):
        regions = fence_code(["说明。", tags, "import os", "os.environ['A'] = '2'"])[1]
        assert [(r.start, r.end) for r in regions] == [(2, 4)], tags


def test_prose_is_not_code():
    out, regions = fence_code(["梯度裁剪: torch.nn.utils.clip_grad_norm_(p, 1.0)",
                               "Attention(Q, K, V) = softmax(QK^T) V", "x is small"])
    assert regions == []



def test_a_docstring_in_chinese_is_the_code_s_text_not_prose():
    """A function's docstring written in Chinese (or a prompt string) is inside the code: the
    block stays one run of code, and a prompt longer than sixty lines is one statement."""
    code = ["def build(words):", '"""', "第一步：建一棵树，加快过滤", ":param words: 词表", '"""',
            "tree = Trie()", "for i, w in enumerate(words):", "tree.add(w, (i, w))", "return tree"]
    out, regions = fence_code(["先说明一下。"] + code + ["就这样。"])
    assert len(regions) == 1 and (regions[0].start, regions[0].end) == (1, 1 + len(code))
    prompt = ['PROMPT = """'] + [f"第 {k} 条规则：回答要短。" for k in range(100)] + ['"""',
                                                                              "ask(PROMPT)"]
    units = [u for u in pycode.units_of(prompt) if u.kind != "blank"]
    assert [len(u.lines) for u in units] == [102, 1]
    regions = pycode.find_regions(["说明："] + prompt)
    assert len(regions) == 1 and regions[0].end == len(prompt) + 1



def test_a_comment_right_above_the_code_is_its_first_line():
    """``# 导入工具库`` right above ``import torch`` is the block's first line; a chat answer's
    heading (two hashes or more) and a line of tags stay prose."""
    out, regions = fence_code(["先导入。", "# 导入工具库", "import torch", "x = torch.ones(2)"])
    assert (regions[0].start, regions[0].end) == (1, 4)
    for above in ("## 代码", "### Step 1: the model", "#pytorch #lstm"):
        out, regions = fence_code(["说明。", above, "import torch", "x = torch.ones(2)"])
        assert (regions[0].start, regions[0].end) == (2, 4), above


@pytest.mark.parametrize("line, expected", [
    ("[ a_t = \\sigma(W \\cdot x_t) ]", "$$\na_t = \\sigma(W \\cdot x_t)\n$$"),
    ("值是 ( \\hat{y} ) 和 ( y )", "值是 $\\hat{y}$ 和 ( y )"),
    ("[1, 2, 3] 不是公式", "[1, 2, 3] 不是公式"),
    ("( x_i ) 下标", "$x_i$ 下标"),
    ("(or", "(or"),
    ("at start)", "at start)"),
])
def test_math_only_where_clearly_latex(line, expected):
    assert restore_math(line)[0] == expected


def test_lists_rebuilt():
    out, n = rebuild_lists(["-", "第一项", "-", "第二项 - 第三项", "1.", "编号项"])
    assert out == ["- 第一项", "- 第二项", "- 第三项", "1. 编号项"] and n == 3
    assert split_run_together("3 - 2 = 1") == ["3 - 2 = 1"]


def test_residue_recognised():
    lines = ["正文", "Shortcuts for Next Step:", "- input “1” for more", "- input “2” for less",
             "Or, you can just type “continue” or “c”, I will continue automatically.", "尾"]
    assert residue_lines(lines) == {1, 2, 3, 4}


# -- digests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DIGESTS, ids=lambda p: p.name)
def test_every_line_is_accounted_for(path):
    p = parsed(path)
    accounted = p.accounted()
    assert set(range(1, p.total_lines + 1)) <= accounted
    kinds = {kind for _, kind in p.dropped}
    assert kinds <= {"header", "blank", "separator", "residue", "duplicate", "toc"}


@pytest.mark.parametrize("path", DIGESTS, ids=lambda p: p.name)
def test_every_python_block_compiles_or_is_marked(path):
    for d in parsed(path).drafts:
        for block in parse_text("n.md", d.body).code:
            if block.lang == "python" and "skip" not in block.options:
                compile(block.code, d.title, "exec")


def test_sample_digest():
    if not SAMPLE.exists():
        pytest.skip("shared/formats is not beside this checkout")
    p = parsed(SAMPLE)
    titles = [d.title for d in p.drafts]
    assert titles[:2] == ["dropout", "softmax为什么要减去最大值? 数值稳定性和 overflow 的关系"]
    assert "浏览器插件笔记" in titles  # the stray space before the closing quote
    softmax = p.drafts[1]
    assert softmax.tags == ["softmax", "numerics"]  # #Softmax merged
    assert str(softmax.date) == "2024-08-02 22:14:51-04:00"
    assert "$$\n\\text{softmax}(z)_i" in softmax.body and "Shortcuts" not in softmax.body
    assert [(line, of) for line, of in p.duplicates] == [
        (53, "一个最小的 GRU 分类器"), (70, "attention 的 Q, K, V 是什么")]
    assert "[[为什么训练循环神经网络的时候梯度会随着时间步指数级地衰减或者增长为什么训练" in p.daily.body


def test_own_digest_quirks():
    p = parsed(FIXTURES / "digests" / "2024-07-24.txt")
    by_title = {d.title: d for d in p.drafts}
    lstm = next(d for d in p.drafts if d.title.startswith("LSTM 的遗忘门"))
    assert lstm.title.endswith("硬的 0 和 1 的开关")              # cut title resolved
    assert lstm.tags == ["LSTM", "遗忘门", "rnn/lstm"]            # #lstm merged with #LSTM
    assert "$\\sigma$" in lstm.body and "(比如这样)" in lstm.body and "[a, b]" in lstm.body
    assert "- f_t 接近 0:几乎全部忘掉\n- 中间的值就是部分保留" in lstm.body
    assert "    return torch.sigmoid(z)" in lstm.body
    guard = by_title["try/except 和 if/else 的写法: 训练循环里的保护"]  # closing ‘ with a space
    (block,) = parse_text("n.md", guard.body).code
    assert block.info == "python reconstructed"
    printed = []
    exec(block.code, {"print": lambda *a: printed.append(" ".join(map(str, a)))})
    assert printed == ["ok 0.5", "step done", "loss exploded", "step done",
                       "stopped: nan at step 2", "step done"]
    assert by_title["空笔记"].body == ""
    assert "(or" in by_title["词表里的 <sos> 和 <eos>"].body            # lost HTML: kept as is
    assert p.duplicates == [(69, "词表里的 <sos> 和 <eos>")]           # 0. -> 1. differences
    kept = by_title["顺便记一下:明天要复习 GRU 的更新门,和 LSTM 对比一下参数量"]
    assert any("titleless chunk kept" in n for n in kept.notes)
    warmup = by_title["学习率调度 warmup: 为什么 transformer 要先升后降?"]
    assert warmup.extra["aliases"] == ["学习率调度"] and "```bash\npip install" in warmup.body
    daily = p.daily.body
    assert "> 遗忘门决定上一步的 cell state 留下多少" in daily       # preview line kept
    assert daily.count("[[学习率调度 warmup") == 1 and "[[学习率调度]]" not in daily


def test_broken_front_matter_line_is_reported_and_kept():
    p = parsed(FIXTURES / "digests" / "2024-08-05-crlf.txt")
    second = p.drafts[2]
    assert second.title == "同名笔记" and "layout: post title:" in second.body
    assert "front-matter line not understood" in second.notes[0]
    assert str(p.drafts[0].date) == "2024-08-05 10:00:00-07:00"


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("   \n\n", "the file is empty"),
    ("just some text\nno separators here\n", "no separator line"),
    ("a\x00b", "binary"),
])
def test_bad_digests(text, message):
    with pytest.raises(ImportError_, match=message):
        digest.parse_digest("bad.txt", text)


# -- writing -----------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: notes\n", encoding="utf-8")
    return tmp_path


def kb(*args, cwd):
    return subprocess.run([sys.executable, "-m", "kb", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def import_json(project, *files, extra=()):
    result = kb("import", "digest", *map(str, files), "--json", *extra, cwd=project)
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def test_import_round_trip_and_report_shape(project):
    result, report = import_json(project, FIXTURES / "digests" / "2024-07-24.txt")
    assert set(report) >= {"notes", "daily", "duplicates", "dropped"}
    assert {n["status"] for n in report["notes"]} == {"created"}
    assert report["duplicates"] == [{"line": 69, "of": "词表里的 <sos> 和 <eos>"}]
    vault = Vault.load(project / "notes")
    for n in report["notes"]:
        note = vault.notes[n["path"]]
        assert note.title == n["title"] and note.date_json() == n["date"]
        assert note.tag_keys[:len(n["tags"])] == [key(t) for t in n["tags"]]
        assert not [p for p in note.problems], note.problems
    daily = vault.notes[report["daily"]]
    assert daily.title == "2024-07-24 今日內容"
    assert not vault.unresolved  # every daily link reaches its note
    assert kb("check", cwd=project).returncode == 0


def test_second_import_changes_nothing(project):
    path = FIXTURES / "digests" / "2024-07-24.txt"
    import_json(project, path)
    before = {p: p.stat().st_mtime_ns for p in (project / "notes").rglob("*.md")}
    _, report = import_json(project, path)
    assert {n["status"] for n in report["notes"]} == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in (project / "notes").rglob("*.md")} == before


def test_edited_note_is_never_overwritten(project):
    path = FIXTURES / "digests" / "2024-07-24.txt"
    _, first = import_json(project, path)
    target = project / "notes" / first["notes"][2]["path"]
    target.write_text(target.read_text(encoding="utf-8") + "\n我自己加的一行。\n",
                      encoding="utf-8")
    result, second = import_json(project, path)
    assert result.returncode == 1
    statuses = {n["path"]: n["status"] for n in second["notes"]}
    assert statuses[first["notes"][2]["path"]] == "conflict"
    assert "我自己加的一行" in target.read_text(encoding="utf-8")
    assert target.with_name(target.name + ".kb-new").exists()
    _, forced = import_json(project, path, extra=("--force",))
    assert {n["path"]: n["status"] for n in forced["notes"]}[first["notes"][2]["path"]] == \
        "updated"
    assert "我自己加的一行" not in target.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(project):
    result = kb("import", "digest", str(FIXTURES / "digests" / "2024-07-24.txt"), "--dry-run",
                cwd=project)
    assert result.returncode == 0 and "dry run" in result.stdout
    assert not list((project / "notes").rglob("*.md"))


def test_paths_are_safe_unique_and_fit(project):
    _, report = import_json(project, FIXTURES / "digests" / "2024-08-05-crlf.txt")
    paths = [n["path"] for n in report["notes"]]
    assert len(set(paths)) == len(paths) == 3
    # two notes with one title: the daily page links each by its own file
    daily = (project / "notes" / report["daily"]).read_text(encoding="utf-8")
    assert "[[daily/2024-08-05-同名笔记|同名笔记]]" in daily
    assert "[[daily/2024-08-05-同名笔记-2|同名笔记]]" in daily
    vault = Vault.load(project / "notes")
    targets = {rl.target for rl in vault.links[report["daily"]]}
    assert {"daily/2024-08-05-同名笔记.md", "daily/2024-08-05-同名笔记-2.md"} <= targets
    for p in paths:
        name = p.rsplit("/", 1)[-1]
        assert not set('/\\:*?"<>|') & set(name) and len(name.encode()) <= 255
    if SAMPLE.exists():
        _, sample = import_json(project, SAMPLE)
        long = max(sample["notes"], key=lambda n: len(n["title"].encode()))
        assert len(long["title"].encode()) > 255 and len(long["path"].rsplit("/", 1)[-1]
                                                        .encode()) <= 255


def test_bad_input_writes_nothing(project, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x89PNG\x00\x00garbage")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("今日內容\n".encode("big5"))
    good = FIXTURES / "digests" / "2024-07-24.txt"
    for bad, message in ((empty, "empty"), (binary, "binary"), (gbk, "not UTF-8")):
        result = kb("import", "digest", str(good), str(bad), cwd=project)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "nothing written" in result.stderr
    assert not list((project / "notes").rglob("*.md"))


def test_interrupted_write_leaves_no_half_note(project, monkeypatch):
    p = parsed(FIXTURES / "digests" / "2024-07-24.txt")
    planned = writer.plan([p], project / "notes" / "daily", project / "notes")
    calls = {"n": 0}
    real = os.replace

    def failing_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        writer.write(planned, project / "notes", project)
    monkeypatch.setattr(os, "replace", real)
    files = list((project / "notes").rglob("*"))
    assert not [f for f in files if f.name.startswith(".kb-import-")]  # no temp files left
    for f in files:
        if f.suffix == ".md":
            assert f.read_text(encoding="utf-8") in {x.text for x in planned}  # whole notes
    writer.write(planned, project / "notes", project)  # the import can simply be run again
    assert len(list((project / "notes").rglob("*.md"))) == len(planned)


def test_two_imports_at_once(project):
    paths = [FIXTURES / "digests" / "2024-07-24.txt", FIXTURES / "digests" / "2024-08-05-crlf.txt"]
    results = []

    def run(path):
        results.append(kb("import", "digest", str(path), "--json", cwd=project))

    threads = [threading.Thread(target=run, args=(p,)) for p in paths * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    notes = list((project / "notes").rglob("*.md"))
    assert len(notes) == 7 + 4 and not list((project / "notes").rglob("*.kb-new"))
    state = json.loads((project / ".kb" / "import-state.json").read_text(encoding="utf-8"))
    assert len(state) == len(notes)


@pytest.mark.slow
def test_ten_megabyte_digest(tmp_path):
    note = ("{sep}\n2024-09-01-笔记 {i}\nlayout: post title: ‘笔记 {i}’ date: 2024-09-01T10:00:00"
            "+08:00\n" + "这是一段很长的正文,讲 attention 和 LSTM。" * 20 + "\nx = {i}\n#bulk\n")
    sep = "🐿️🐿️下一個筆記🐿️🐿️"
    text = "2024-09-01, 10:00 PM-今日內容\n" + "".join(
        note.format(sep=sep, i=i) for i in range(8500))
    assert len(text.encode()) > 10_000_000
    p = digest.parse_digest("big.txt", text)
    assert len(p.drafts) == 8500 and set(range(1, p.total_lines + 1)) <= p.accounted()


# -- clippings ---------------------------------------------------------------------------------


def clip_of(name, vault=None, accept=False):
    path = FIXTURES / "clips" / name
    return clip.parse_clip(name, read(path), vault, accept)


def test_clip_with_site_chrome():
    vault = Vault.load(ROOT / "notes")
    p = clip_of("chrome-article.txt", vault)
    (d,) = p.drafts
    assert d.title == "PyTorch 打印模型参数形状"
    assert d.extra["url"] == "http://blog.example.cn/article/12345"
    assert str(d.date) == "2024-02-01 08:18:00"
    assert "本文主要" not in d.body and "相关文章" not in d.body and "保存 state_dict" not in d.body
    assert '```python skip="clipped from a web page"\nfor name, p in m.named_parameters():' \
           'print(name, p.shape)\n```' in d.body
    assert {"lstm", "gru"} <= set(p.suggested_tags) and d.tags == []
    kinds = dict((line, kind) for line, kind in p.dropped)
    assert kinds[1] == "chrome" and kinds[4] == "promo" and kinds[13] == "related"
    assert set(range(1, p.total_lines + 1)) <= p.accounted()
    accepted = clip_of("chrome-article.txt", vault, accept=True).drafts[0]
    assert {"lstm", "gru"} <= set(accepted.tags)


def test_clip_list_page_split_and_dated():
    p = clip_of("list-page.txt")
    assert [(d.title, str(d.date)) for d in p.drafts] == [
        ("Attention 是怎么来的", "2024-09-20"), ("GRU 和 LSTM 比较", "2024-11-03"),
        ("Why dropout works", "2024-09-02")]
    assert all(d.extra == {"excerpt": True} and "Excerpt" in d.body for d in p.drafts)
    assert set(range(1, p.total_lines + 1)) <= p.accounted()


def test_clip_with_empty_properties():
    p = clip_of("empty-properties.txt")
    (d,) = p.drafts
    assert d.title == "Embedding 就是一张可以学习的查找表"
    assert "password" not in d.body and d.body.startswith("Embedding 就是")
    assert [kind for _, kind in p.dropped] == ["empty-property"] * 9


def test_clip_cli_report(project):
    result = kb("import", "clip", str(FIXTURES / "clips" / "list-page.txt"), "--json",
                cwd=project)
    report = json.loads(result.stdout)
    assert [n["status"] for n in report["notes"]] == ["created"] * 3
    assert report["daily"] is None and report["dropped"]
    vault = Vault.load(project / "notes")
    assert {n.title for n in vault} == {"Attention 是怎么来的", "GRU 和 LSTM 比较",
                                        "Why dropout works"}


def digest_of(day: str, notes: list[tuple[str, str, str]]) -> str:
    """A 今日內容 digest: notes as (title, time, body line)."""
    y, m, d = day.split("-")
    out = [f"{y} {m} {d}, 1000 pm 今日內容", f"{day}, 10:00 PM-今日內容"]
    out += [f"{day}-{title}" for title, _, _ in notes]
    for title, time, body in notes:
        out += ["🐿️🐿️🐿️下一個筆記🐿️🐿️🐿️", f"{day}-{title}",
                f"layout: post title: ‘{title}’ date: {day}T{time}:00+08:00", body, "#digest"]
    return "\n".join(out) + "\n"


def test_day_pages_link_notes_by_path_where_a_title_is_taken(project, tmp_path):
    (project / "notes" / "rnn").mkdir()
    (project / "notes" / "rnn" / "lstm.md").write_text("# LSTM\nthe vault's own note\n",
                                                      encoding="utf-8")
    source = tmp_path / "d.txt"
    source.write_text(digest_of("2024-09-01", [("LSTM", "09:00", "门控记忆。")]),
                      encoding="utf-8")
    _, report = import_json(project, source)
    vault = Vault.load(project / "notes")
    targets = [rl.target for rl in vault.links[report["daily"]] if rl.link.kind == "wiki"]
    assert targets == [report["notes"][0]["path"]] != ["rnn/lstm.md"]
    check = kb("check", "--json", cwd=project)
    assert report["daily"] not in check.stdout, check.stdout


def test_a_second_digest_of_a_day_adds_to_its_day_page_in_time_order(project, tmp_path):
    first, second = tmp_path / "morning.txt", tmp_path / "evening.txt"
    first.write_text(digest_of("2024-09-02", [("Early", "08:00", "早上。"),
                                              ("Late", "21:00", "晚上。")]), encoding="utf-8")
    second.write_text(digest_of("2024-09-02", [("Noon", "12:00", "中午。")]), encoding="utf-8")
    _, one = import_json(project, first)
    _, two = import_json(project, second)
    assert one["daily"] == two["daily"] and two["daily_status"] == "updated"
    vault = Vault.load(project / "notes")
    listed = [vault.notes[rl.target].title for rl in vault.links[two["daily"]]
              if rl.link.kind == "wiki"]
    assert listed == ["Early", "Noon", "Late"]  # both imports, in time order
    page = (project / "notes" / two["daily"]).read_text(encoding="utf-8")
    assert "`morning.txt`" in page and "`evening.txt`" in page
    # importing the first again changes nothing, and keeps the second's note on the page
    _, again = import_json(project, first)
    assert again["daily_status"] == "unchanged"


def test_long_titles_give_readable_names_the_same_on_every_import(project, tmp_path):
    long_a = "Why does the LSTM forget gate use a sigmoid and not a tanh, and what happens then"
    long_b = long_a.replace("then", "later on")
    cjk = "为什么" * 30
    source = tmp_path / "long.txt"
    source.write_text(digest_of("2024-09-03", [(long_a, "09:00", "a"), (long_b, "10:00", "b"),
                                               (cjk, "11:00", "c")]), encoding="utf-8")
    _, report = import_json(project, source)
    names = [n["path"].rsplit("/", 1)[-1][:-3] for n in report["notes"]]
    assert len(set(names)) == 3
    for name in names:
        stem = name[len("2024-09-03-"):]
        assert 40 <= len(stem) <= 70, stem
    assert names[0].startswith("2024-09-03-Why does the LSTM forget gate use a sigmoid")
    vault = Vault.load(project / "notes")
    assert {vault.notes[n["path"]].title for n in report["notes"]} == {long_a, long_b, cjk}
    _, again = import_json(project, source)
    assert [n["path"] for n in again["notes"]] == [n["path"] for n in report["notes"]]
    assert {n["status"] for n in again["notes"]} == {"unchanged"}


def test_a_damaged_or_foreign_day_record_is_not_followed(project, tmp_path):
    """``.kb/import-days.json`` is read back from disk: entries of the wrong shape, or paths
    that leave the vault, are left out of the day page."""
    (project / ".kb").mkdir(exist_ok=True)
    outside = tmp_path / "secret.md"
    outside.write_text("# not in the vault\n", encoding="utf-8")
    (project / ".kb" / "import-days.json").write_text(json.dumps({
        "2024-09-04": {"old.txt": [{"rel": "../secret.md", "title": "Secret"},
                                   {"rel": str(outside), "title": "Absolute"},
                                   {"title": "no path"}, "not a dict"],
                       "bad.txt": "not a list"},
        "2024-09-05": ["not a dict"]}), encoding="utf-8")
    source = tmp_path / "d.txt"
    source.write_text(digest_of("2024-09-04", [("Fine", "09:00", "好。")]), encoding="utf-8")
    _, report = import_json(project, source)
    page = (project / "notes" / report["daily"]).read_text(encoding="utf-8")
    assert "Fine" in page and "Secret" not in page and "Absolute" not in page


def test_an_uncertain_nesting_is_said_in_the_note_and_the_report(project, tmp_path):
    """Where another nesting was about as likely, the note marks the line in doubt and the
    report says to check it."""
    source = tmp_path / "loop.txt"
    # print(y): each turn's value, or the last one after the loop? Both are written
    notes = [("Loop", "09:00", "\n".join(["下面的代码：", "for x in range(3):", "y = x * 2",
                                          "print(y)"]))]
    source.write_text(digest_of("2024-09-06", notes), encoding="utf-8")
    _, report = import_json(project, source)
    repairs = report["notes"][0]["repairs"]
    text = (project / "notes" / report["notes"][0]["path"]).read_text(encoding="utf-8")
    assert any("check the marked line" in r for r in repairs), repairs
    assert UNCERTAIN in text and DOUBT in text
    code = text.split("```python reconstructed\n", 1)[1].split("```", 1)[0]
    assert code.index(DOUBT) < code.index("print(y)")


def test_a_long_deep_block_is_said_in_the_note_and_the_report(project, tmp_path):
    """A block of forty statements four levels deep is marked for its length and depth, in
    the note and in the report, though the search had no runner-up as likely."""
    source = tmp_path / "long.txt"
    code = ["def run(pairs):", "for a in pairs:", "for b in pairs:", "if a < b:"] + [
        f"x{k} = a * {k} + b" for k in range(pycode.LONG_BLOCK)]
    notes = [("Long", "09:00", "\n".join(["下面的代码：", *code]))]
    source.write_text(digest_of("2024-09-08", notes), encoding="utf-8")
    _, report = import_json(project, source)
    repairs = report["notes"][0]["repairs"]
    text = (project / "notes" / report["notes"][0]["path"]).read_text(encoding="utf-8")
    assert any("long and deep" in r for r in repairs), repairs
    assert LONG_NOTE in text and DOUBT not in text


def test_a_string_that_lost_its_layout_is_said_in_the_note_and_the_report(project, tmp_path):
    """A prompt whose lines had a layout of their own comes back flush: the note and the
    report say to check its text."""
    source = tmp_path / "prompt.txt"
    notes = [("Prompt", "09:00", "\n".join([
        "下面的代码：", "def ask(q):", 'text = f"""Answer in steps:', "- first the facts",
        "- each with a source", 'Question: {q}"""', "return llm(text)"]))]
    source.write_text(digest_of("2024-09-07", notes), encoding="utf-8")
    _, report = import_json(project, source)
    repairs = report["notes"][0]["repairs"]
    text = (project / "notes" / report["notes"][0]["path"]).read_text(encoding="utf-8")
    assert any("multi-line string" in r for r in repairs), repairs
    assert STRINGS_NOTE in text


def test_results_of_one_call_with_the_same_keywords_are_made_at_one_level():
    """Two results of one function called with the same keywords, one after the other, are
    siblings: the second does not leave the ``no_grad`` block the first is in, and is not
    in doubt."""
    code = """def score_pair(batch, model, reference):
    chosen = model(batch["good"]).mean()
    rejected = model(batch["bad"]).mean()
    with torch.no_grad():
        ref_good = log_likelihood(
            logits=reference(batch["good"]),
            targets=batch["good"],
            mask=batch["good_mask"]
        )
        ref_bad = log_likelihood(
            logits=reference(batch["bad"]),
            targets=batch["bad"],
            mask=batch["bad_mask"]
        )
    loss = pair_loss(
        chosen=chosen,
        rejected=rejected,
        reference_good=ref_good,
        reference_bad=ref_bad
    )
    return loss"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    twin = lines.index('        ref_bad = log_likelihood(')
    assert fixed.lines[:twin + 5] == lines[:twin + 5]
    # (whether the loss is made in the block too is another question, and may be asked)
    assert fixed.doubt is None or fixed.doubt > twin + 4


def test_a_function_does_not_end_on_a_local_nothing_reads():
    """A function that would end by setting a name it never reads (pyflakes' F841) has
    swallowed the module's next line: the line is put after it, or the block is in doubt."""
    code = """def seed_worker(worker_id):
    numpy.random.seed(torch.initial_seed() % 2 ** 32 + worker_id)
augment = Augmenter(p=0.5)"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    assert fixed.lines == lines or fixed.uncertain and fixed.doubt == 2
    units = pycode.units_of([line.strip() for line in lines])
    inside = pycode.path_features(units, [0, 1, 1])
    after = pycode.path_features(units, [0, 1, 0])
    assert inside["local_unread"] == 1 and "local_unread" not in after
    # a parameter set again on the last line, after the function read it, is as dead
    code = """def attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float("-inf"))
    weights = scores.softmax(dim=-1)
    return weights @ v, weights
q = k = v = torch.randn(2, 5, 64)
out, w = attention(q, k, v)"""
    lines = code.split("\n")
    assert pycode.reindent([line.strip() for line in lines]).lines == lines
    units = pycode.units_of([line.strip() for line in lines])
    assert pycode.path_features(units, [0, 1, 1, 2, 2, 2, 1, 0])["local_unread"] == 1


def test_a_function_binds_no_name_it_read_before():
    """A line that binds a name the function already read would make that read fail
    (UnboundLocalError): the line is the module's, after the function. In a loop the read
    may be of the turn before, and costs nothing."""
    code = """def show(k):
    print(names[k], "->", scores[k])
names = load_names("names.txt")
scores = [len(n) for n in names]
show(0)"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    assert fixed.lines == lines
    loop = """def stack_layers(sizes, x):
    for i, size in enumerate(sizes):
        if i == 0:
            inputs = x
        else:
            inputs = out
        out = dense(inputs, size)
    return out"""
    units = pycode.units_of([line.strip() for line in loop.split("\n")])
    assert "read_before_local" not in pycode.path_features(units, [0, 1, 2, 3, 2, 3, 2, 1])
    # nor a name the function declared global, nor its *args made over
    for other in ("def bump():\nglobal count\nprint(count)\ncount = count + 1",
                  "def rest(*args, **kw):\nargs = args[1:]\nkw = dict(kw)\nreturn args, kw"):
        units = pycode.units_of(other.split("\n"))
        features = pycode.path_features(units, [0] + [1] * (len(units) - 1))
        assert features is not None and "read_before_local" not in features


def test_a_return_is_not_a_loops_last_line_of_its_own():
    """``return`` as the last line of a loop's body, not under an if, would end the loop on
    its first turn: the return is after the loop, and so is the script after the class.
    (A ``break`` there is a notebook's way to look at one batch, and costs less.)"""
    code = """class Repeat(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.inner = nn.Linear(width, width)
        self.head = nn.Linear(width, 1)
    def forward(self, x):
        h = self.inner(x).relu()
        for _ in range(random.randint(1, 4)):
            h = self.inner(h).relu()
        y = self.head(h)
        return y
# sizes of the toy problem
n, width = 32, 16
x = torch.randn(n, width)
y = torch.randn(n, 1)
net = Repeat(width)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
for step in range(100):
    loss = F.mse_loss(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    # (the line after the loop's one-line body may be marked: see SHORT_BODY_MARGIN)
    assert fixed.lines == lines and (not fixed.uncertain or fixed.doubt == 9)
    units = pycode.units_of([line.strip() for line in lines])
    depths = [0, 1, 2, 2, 2, 1, 2, 2, 3, 3, 3] + [2] * 5 + [2, 3, 3, 3, 3]
    inside = pycode.path_features(units, depths)
    assert inside["loop_return_unconditional"] == 1


def test_a_call_written_again_in_an_else_mirrors_the_if_and_is_in_doubt():
    """The same call, word for word, closing an if's branch and again after its else's lines
    is the else's mirror of it: put after the else, the block says it is in doubt."""
    code = """free_gb = round(free_bytes / 2 ** 30, 1)
if free_gb >= 24:
    batch = 64
    crop = 256
    print(f"{free_gb} GB free: batch {batch}, crop {crop}")
else:
    batch = 16
    crop = 160
    print(f"{free_gb} GB free: batch {batch}, crop {crop}")"""
    lines = code.split("\n")
    fixed = pycode.reindent([line.strip() for line in lines])
    assert fixed.lines == lines or fixed.uncertain
    units = pycode.units_of([line.strip() for line in lines])
    after = pycode.path_features(units, [0, 0, 1, 1, 1, 0, 1, 1, 0])
    assert after["branch_shape_left"] == 1
    assert "branch_shape_left" not in pycode.path_features(units, [0, 0, 1, 1, 1, 0, 1, 1, 1])


def test_a_loss_summed_over_a_sequence_is_taken_back_after_the_loop():
    """A loop that adds each step's loss to a sum (``loss += criterion(...)``) and takes no
    step of its own is followed by the step: taking the sum back inside the loop would go
    through the first turn's graph again on the second, and torch raises an error. A loop
    whose lines take their own steps keeps the step after it in doubt as before."""
    code = """def train(line):
    hidden = decoder.init_hidden()
    loss = 0
    for c in range(len(line) - 1):
        output, hidden = decoder(line[c], hidden)
        loss += criterion(output, line[c + 1])
    decoder.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item() / len(line)"""
    lines = code.split("\n")
    assert pycode.reindent([line.strip() for line in lines]).lines == lines
    units = pycode.units_of([line.strip() for line in lines])
    inside = pycode.path_features(units, [0, 1, 1, 1, 2, 2, 2, 2, 2, 1])
    after = pycode.path_features(units, [0, 1, 1, 1, 2, 2, 1, 1, 1, 1])
    assert inside["backward_on_sum_in_loop"] == 1
    assert "backward_on_sum_in_loop" not in after and "train_step_outside" not in after
    # with retain_graph the sum may be taken back each turn
    kept = [ln.replace("loss.backward()", "loss.backward(retain_graph=True)") for ln in lines]
    units = pycode.units_of([line.strip() for line in kept])
    assert "backward_on_sum_in_loop" not in pycode.path_features(
        units, [0, 1, 1, 1, 2, 2, 2, 2, 2, 1])


def test_a_cells_last_line_showing_its_names_beside_others_is_code():
    """A notebook cell ends on a value shown: names of its code compared or paired with
    others that no word is (``y_preds == loaded_preds``, ``train_loader, test_loader``)."""
    for shown in ("y_preds == loaded_model_preds", "loaded_model_preds[:10], y[:10] # 前十个",
                  "train_loader, test_loader_2"):
        lines = ["说明：", "model.eval()", "with torch.inference_mode():",
                 "loaded_model_preds = model(X_test)", "train_loader = DataLoader(data)", shown,
                 "以上。"]
        regions = fence_code(lines)[1]
        assert [(r.start, r.end) for r in regions] == [(1, 6)], shown
    # a sentence of the code's names and English words stays prose
    for prose in ("train_loader and test_loader", "model_preds is the output"):
        lines = ["说明：", "train_loader = DataLoader(data)", "model_preds = f(train_loader)",
                 prose, "以上。"]
        assert [(r.start, r.end) for r in fence_code(lines)[1]] == [(1, 3)], prose


def test_a_string_a_backslash_carries_over_lines_is_one_statement():
    """A string ended by a backslash goes on on the next line; the statement ends where the
    string and its brackets close, though its lines hold braces (an f-string's fields)."""
    lines = ["说明：", "n = 14", "print(f\"patches per row: {n}\\", "\\npatches: {n*n}\\",
             "\\nsize: {n} x {n}\")", "以上。"]
    out, regions = fence_code(lines)
    assert [(r.start, r.end) for r in regions] == [(1, 5)]
    assert pycode._compiles("\n".join(regions[0].code))
    assert pycode.statement_extent(lines, 2) == 5


def test_a_call_laid_over_lines_and_shown_is_code():
    """A cell that shows what a call made, laid over lines (``pd.DataFrame(...,`` /
    ``columns=[...]).T``), is code, though it is one statement."""
    lines = ["比较如下：", "pd.DataFrame(data=(vit / effnet), # 相除",
             "columns=['ratio']).T", "可以看到。"]
    assert [(r.start, r.end) for r in fence_code(lines)[1]] == [(1, 3)]


def test_a_functions_parameters_are_its_own():
    """A def's parameters are names inside it, not the module's: a name the module reads that
    only another function's body set is still hidden from it, though it is also a parameter
    elsewhere. (A parameter's name read later is not: notebooks pass their own same-named
    values, ``def train(model)`` / ``train(model)``.)"""
    code = ["def fit(model, loader):", "return model(loader)", "def shout(text):",
            "loader = text.split()", "print(fit(len, loader))"]
    units = pycode.units_of(code)
    assert pycode.path_features(units, [0, 1, 0, 1, 0]).get("hidden_name") == 1
    assert "hidden_name" not in pycode.path_features(units, [0, 1, 0, 1, 1])
    code = ["def train(model, data):", "return model(data)", "model = len", "train(model, [])"]
    features = pycode.path_features(pycode.units_of(code), [0, 1, 0, 0])
    assert "hidden_name" not in features and "local_outside_def" not in features
    # a nested function that sets a name of the function around it does not hide that name
    # from the rest of the outer function (json's encoder: def replace(match): s = ...)
    code = ["def encode(s):", "def replace(match):", "s = match.group(0)", "return s.upper()",
            "return PATTERN.sub(replace, s)"]
    features = pycode.path_features(pycode.units_of(code), [0, 1, 2, 2, 1])
    assert "local_outside_def" not in features and "hidden_name" not in features


def test_an_if_never_tests_what_the_line_before_emptied():
    """``batch = []`` then ``if batch:`` at the same level is a test that always fails: the
    emptying ends a block, and the if is after it (the generator's last batch)."""
    code = """def batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
def total(model, loader):
    return sum(model(b) for b in loader)
loader = list(batches(range(5), 2))
print(total(len, loader))"""
    lines = code.split("\n")
    assert pycode.reindent([line.strip() for line in lines]).lines == lines
    units = pycode.units_of([line.strip() for line in lines])
    inside = pycode.path_features(units, [0, 1, 1, 2, 2, 3, 3, 3, 4, 0, 1, 0, 0])
    after = pycode.path_features(units, [0, 1, 1, 2, 2, 3, 3, 1, 2, 0, 1, 0, 0])
    assert inside["tests_what_was_emptied"] == 1 and "tests_what_was_emptied" not in after


def test_a_line_after_a_short_body_is_in_doubt_at_a_wider_margin(monkeypatch):
    """A line right after a body of one or two lines, which the runner-up puts in that body,
    is in doubt up to ``SHORT_BODY_MARGIN``, not only up to 1.0: the stripped text says least
    there. The mark is at that line; a body of three lines or a runner-up that takes the line
    out of a block keeps the 1.0 margin."""
    code = ["def scale(x, factor=None):", "    if factor is None:", "        factor = 2.0",
            "    y = x * factor", "    return y", "print(scale(3))"]
    flat = [line.strip() for line in code]
    fixed = pycode.reindent(flat)
    assert fixed.lines == code and not fixed.uncertain  # its margin is past 1.25
    monkeypatch.setattr(pycode, "SHORT_BODY_MARGIN", 100.0)
    fixed = pycode.reindent(flat)
    assert fixed.lines == code and fixed.uncertain and fixed.doubt == 3
    units = pycode.units_of(flat)
    inside = ["def scale(x, factor=None):", "    if factor is None:", "        factor = 2.0",
              "        y = x * factor", "    return y", "print(scale(3))"]
    assert pycode._after_short_body(units, code, inside, 3)
    assert not pycode._after_short_body(units, inside, code, 3)  # (the runner-up is shallower)
    longer = ["def scale(x, factor=None):", "    if factor is None:", "        factor = 2.0",
              "        factor = factor * 1.0", "        factor = abs(factor)", "    y = x * factor"]
    units = pycode.units_of([line.strip() for line in longer])
    deeper = longer[:5] + ["        y = x * factor"]
    assert not pycode._after_short_body(units, longer, deeper, 5)
