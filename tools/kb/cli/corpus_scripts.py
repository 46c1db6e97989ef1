"""Scripts as notes hold them: training loops, evaluation, data preparation, small checks.

Written for the importer's benchmark (``kb.cli.code_corpus``). The first 22
(``scripts_seen``) were looked at while the nesting features were changed; the last ten
(``scripts``) were written before the last of those changes and chose nothing. None of them
is in the vault or in the training data of the weights.
"""

SCRIPTS = [
    '''import torch
import torch.nn as nn
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
xs = torch.randn(64, 3)
ys = xs.sum(1, keepdim=True)
for epoch in range(20):
    opt.zero_grad()
    loss = ((model(xs) - ys) ** 2).mean()
    loss.backward()
    opt.step()
print(loss.item())''',
    '''losses = []
for step in range(100):
    x = torch.randn(8, 4)
    y = net(x)
    loss = y.pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        losses.append(loss.item())
print(len(losses))''',
    '''correct = 0
total = 0
with torch.no_grad():
    for x, y in loader:
        pred = model(x).argmax(1)
        correct += (pred == y).sum().item()
        total += y.numel()
acc = correct / total
print(f'accuracy {acc:.3f}')''',
    '''vocab = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(vocab)}
itos = {i: ch for ch, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text])
n = int(0.9 * len(data))
train, val = data[:n], data[n:]
print(len(train), len(val))''',
    '''def get_batch(data, block, batch):
    ix = torch.randint(len(data) - block, (batch,))
    x = torch.stack([data[i:i + block] for i in ix])
    y = torch.stack([data[i + 1:i + block + 1] for i in ix])
    return x, y
xb, yb = get_batch(train, 8, 4)
print(xb.shape, yb.shape)''',
    '''w = torch.randn(3, requires_grad=True)
for i in range(50):
    loss = (w ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
print(w)''',
    '''counts = torch.zeros(27, 27)
for word in words:
    chs = ['.'] + list(word) + ['.']
    for c1, c2 in zip(chs, chs[1:]):
        counts[stoi[c1], stoi[c2]] += 1
probs = counts / counts.sum(1, keepdim=True)
print(probs[0].sum())''',
    '''class MLP(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, d))
    def forward(self, x):
        return x + self.net(x)
m = MLP(4, 16)
out = m(torch.randn(2, 4))
assert out.shape == (2, 4)''',
    '''grads = []
for name, p in model.named_parameters():
    if p.grad is None:
        continue
    grads.append(p.grad.norm().item())
norm = sum(g ** 2 for g in grads) ** 0.5
print(name, norm)''',
    '''scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
for epoch in range(30):
    for x, y in loader:
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())
print('done')''',
    '''history = {'train': [], 'val': []}
for epoch in range(5):
    model.train()
    total = 0.0
    for x, y in train_loader:
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        total += loss.item()
    history['train'].append(total / len(train_loader))
    model.eval()
    with torch.no_grad():
        val = sum(crit(model(x), y).item() for x, y in val_loader)
    history['val'].append(val / len(val_loader))
print(history)''',
    '''params = [p for p in model.parameters() if p.requires_grad]
for p in params:
    p.grad = torch.ones_like(p)
total_norm = torch.nn.utils.clip_grad_norm_(params, 0.5)
print(total_norm)''',
    '''import torch
x = torch.linspace(-3, 3, 100)
ys = {}
for name, fn in [('relu', torch.relu), ('tanh', torch.tanh), ('sigmoid', torch.sigmoid)]:
    y = fn(x)
    ys[name] = y
    print(name, y.min().item(), y.max().item())
assert len(ys) == 3''',
    '''q = torch.randn(2, 5, 8)
k = torch.randn(2, 5, 8)
v = torch.randn(2, 5, 8)
scores = q @ k.transpose(-2, -1) / 8 ** 0.5
mask = torch.tril(torch.ones(5, 5)).bool()
scores = scores.masked_fill(~mask, float('-inf'))
weights = scores.softmax(-1)
out = weights @ v
print(out.shape)''',
    '''best = float('inf')
patience = 0
for epoch in range(100):
    train_one_epoch(model, loader, opt)
    val = evaluate(model, val_loader)
    if val < best:
        best = val
        patience = 0
        torch.save(model.state_dict(), 'best.pt')
    else:
        patience += 1
        if patience >= 5:
            break
print('best', best)''',
    '''def train_one_epoch(model, loader, opt):
    model.train()
    total = 0.0
    for x, y in loader:
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        total += loss.item() * len(x)
    return total / len(loader.dataset)''',
    '''class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q, k, v = [z.view(b, t, self.heads, -1).transpose(1, 2) for z in (q, k, v)]
        att = (q @ k.transpose(-2, -1)) / k.size(-1) ** 0.5
        y = att.softmax(-1) @ v
        y = y.transpose(1, 2).reshape(b, t, d)
        return self.proj(y)''',
    '''tokens = text.split()
freq = {}
for tok in tokens:
    freq[tok] = freq.get(tok, 0) + 1
top = sorted(freq.items(), key=lambda kv: -kv[1])[:10]
for word, n in top:
    print(f'{word:>10} {n}')''',
    '''x = torch.tensor(2.0, requires_grad=True)
y = x ** 3 + 2 * x
y.backward()
print(x.grad)
assert x.grad.item() == 14.0''',
    '''h = torch.zeros(1, 16)
outputs = []
for t in range(seq.size(0)):
    h = torch.tanh(seq[t] @ W_xh + h @ W_hh + b_h)
    outputs.append(h)
out = torch.stack(outputs)
print(out.shape, h.shape)''',
    '''model.eval()
preds = []
with torch.no_grad():
    for x, _ in test_loader:
        logits = model(x)
        preds.append(logits.argmax(-1))
preds = torch.cat(preds)
print(preds[:10])''',
    '''for lr in [1e-3, 1e-2, 1e-1]:
    model = make_model()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for step in range(200):
        loss = model.loss(batch())
        opt.zero_grad()
        loss.backward()
        opt.step()
    results[lr] = loss.item()
print(results)''',
    '''embeddings = []
for batch in loader:
    with torch.no_grad():
        z = encoder(batch)
    embeddings.append(z)
embeddings = torch.cat(embeddings)
print(embeddings.shape)''',
    '''for epoch in range(10):
    model.train()
    for x, y in loader:
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    print(epoch, loss.item())''',
    '''words = open('names.txt').read().split()
chars = sorted(set(''.join(words)))
stoi = {c: i + 1 for i, c in enumerate(chars)}
stoi['.'] = 0
X, Y = [], []
for w in words:
    context = [0] * 3
    for ch in w + '.':
        ix = stoi[ch]
        X.append(context)
        Y.append(ix)
        context = context[1:] + [ix]
X = torch.tensor(X)
Y = torch.tensor(Y)''',
    '''def accuracy(model, loader):
    hits = 0
    seen = 0
    for x, y in loader:
        pred = model(x).argmax(dim=1)
        hits += (pred == y).sum().item()
        seen += len(y)
    return hits / seen''',
    '''running = 0.0
for i, (x, y) in enumerate(loader):
    loss = crit(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    running += loss.item()
    if i % 100 == 99:
        print(i + 1, running / 100)
        running = 0.0
print('finished')''',
    '''class Residual(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))
    def forward(self, x):
        return x + self.ff(self.norm(x))
block = Residual(8)
y = block(torch.randn(2, 3, 8))
assert y.shape == (2, 3, 8)''',
    '''lrs = torch.logspace(-3, 0, 100)
losses = []
for lr in lrs:
    for g in opt.param_groups:
        g['lr'] = lr.item()
    loss = step()
    losses.append(loss)
best = lrs[torch.tensor(losses).argmin()]
print(best)''',
    '''x = torch.randn(4, 3)
W = torch.randn(3, 2, requires_grad=True)
y = (x @ W).relu().sum()
y.backward()
g = W.grad.clone()
W.grad = None
print(g.shape)''',
    '''total_params = 0
for name, p in model.named_parameters():
    if not p.requires_grad:
        continue
    total_params += p.numel()
    print(f'{name:30s} {p.numel()}')
print('total', total_params)''',
    '''samples = []
for _ in range(3):
    ctx = [0] * block_size
    out = []
    while True:
        logits = model(torch.tensor([ctx]))
        ix = torch.multinomial(logits.softmax(-1), 1).item()
        ctx = ctx[1:] + [ix]
        if ix == 0:
            break
        out.append(itos[ix])
    samples.append(''.join(out))
print(samples)''',
]
TUNED = 22  # the first TUNED were looked at while changing features
