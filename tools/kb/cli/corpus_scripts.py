"""Scripts as notes hold them: training loops, evaluation, data preparation, small checks.

Written for the importer's benchmark (``kb.cli.code_corpus``), in batches (14 scripts in most),
each written before the importer was changed for the batches before it: a batch is scored
unseen first, and only then looked at. The first 384 (``scripts_seen``, 28 batches) were looked
at while the nesting features were changed; the last 21 (``scripts``, batches 29 and 30) were
written after the last of those changes and chose nothing. (Seven more of those two batches all
but repeated earlier scripts, token for token, and were left out.) None of them is in the vault or in
the training data of the weights.
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
    # the fourth and fifth batches: written and measured unseen, then looked at
    '''import torch
from torch import nn
torch.manual_seed(0)
X = torch.linspace(-2, 2, 200).unsqueeze(1)
Y = torch.sin(3 * X) + 0.1 * torch.randn_like(X)
net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
history = []
for it in range(300):
    pred = net(X)
    loss = nn.functional.mse_loss(pred, Y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 50 == 0:
        print(it, round(loss.item(), 4))
    history.append(loss.item())
print('final', history[-1])''',
    '''best_val = float('inf')
patience, bad = 5, 0
for epoch in range(100):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    val_loss = 0.0
    with torch.no_grad():
        for xb, yb in val_loader:
            val_loss += criterion(model(xb), yb).item()
    val_loss /= len(val_loader)
    if val_loss < best_val:
        best_val = val_loss
        bad = 0
        torch.save(model.state_dict(), 'best.pt')
    else:
        bad += 1
        if bad >= patience:
            print('stop at', epoch)
            break
print('best', best_val)''',
    '''accum = 4
optimizer.zero_grad()
for i, (x, y) in enumerate(loader):
    out = model(x)
    loss = loss_fn(out, y) / accum
    loss.backward()
    if (i + 1) % accum == 0:
        optimizer.step()
        optimizer.zero_grad()
print('done')''',
    '''scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
lrs = []
for epoch in range(30):
    for batch in loader:
        opt.zero_grad()
        loss = model(batch).mean()
        loss.backward()
        opt.step()
    scheduler.step()
    lrs.append(scheduler.get_last_lr()[0])
print(lrs[:3], lrs[-1])''',
    '''def sample(model, start, n, temperature=1.0):
    idx = torch.tensor([[stoi[start]]])
    out = [start]
    hidden = None
    for _ in range(n):
        logits, hidden = model(idx, hidden)
        probs = torch.softmax(logits[:, -1] / temperature, dim=-1)
        idx = torch.multinomial(probs, 1)
        out.append(itos[idx.item()])
    return ''.join(out)
print(sample(model, 'h', 100))''',
    '''q = torch.randn(2, 5, 8)
k = torch.randn(2, 5, 8)
v = torch.randn(2, 5, 8)
scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
mask = torch.triu(torch.ones(5, 5), diagonal=1).bool()
scores = scores.masked_fill(mask, float('-inf'))
weights = scores.softmax(dim=-1)
out = weights @ v
print(out.shape)
assert torch.allclose(weights.sum(-1), torch.ones(2, 5))''',
    '''counts = {}
for line in open('corpus.txt', encoding='utf-8'):
    for word in line.split():
        word = word.lower().strip('.,!?')
        if not word:
            continue
        counts[word] = counts.get(word, 0) + 1
vocab = [w for w, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c >= 2]
word2id = {w: i + 2 for i, w in enumerate(vocab)}
word2id['<pad>'] = 0
word2id['<unk>'] = 1
print(len(word2id))''',
    '''model.eval()
total_loss, total_tokens = 0.0, 0
with torch.no_grad():
    for x, y in test_loader:
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), reduction='sum')
        total_loss += loss.item()
        total_tokens += y.numel()
ppl = math.exp(total_loss / total_tokens)
print(f'perplexity {ppl:.2f}')''',
    '''scaler = torch.cuda.amp.GradScaler()
for epoch in range(epochs):
    for x, y in loader:
        x, y = x.cuda(), y.cuda()
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast('cuda', dtype=torch.float16):
            loss = criterion(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    print(epoch, loss.item())''',
    '''fig, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].plot(train_losses, label='train')
axes[0].plot(val_losses, label='val')
axes[0].legend()
for name, p in model.named_parameters():
    if p.grad is None:
        continue
    axes[1].hist(p.grad.flatten().numpy(), bins=50, alpha=0.5, label=name)
axes[1].set_yscale('log')
plt.tight_layout()
plt.show()''',
    '''folds = 5
idx = torch.randperm(len(dataset))
size = len(dataset) // folds
scores = []
for f in range(folds):
    val_idx = idx[f * size:(f + 1) * size]
    train_idx = torch.cat([idx[:f * size], idx[(f + 1) * size:]])
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(10):
        for i in range(0, len(train_idx), 32):
            b = train_idx[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(X[b]), Y[b])
            loss.backward()
            opt.step()
    with torch.no_grad():
        acc = (model(X[val_idx]).argmax(1) == Y[val_idx]).float().mean().item()
    scores.append(acc)
print(sum(scores) / folds)''',
    '''class EarlyStopping:
    def __init__(self, patience=3, delta=0.0):
        self.patience = patience
        self.delta = delta
        self.best = None
        self.count = 0
    def __call__(self, loss):
        if self.best is None or loss < self.best - self.delta:
            self.best = loss
            self.count = 0
            return False
        self.count += 1
        return self.count >= self.patience
stopper = EarlyStopping(patience=2)
for epoch, loss in enumerate([1.0, 0.8, 0.85, 0.9, 0.7]):
    if stopper(loss):
        print('stopped at', epoch)
        break''',
    '''tokens = tokenizer(texts, padding=True, truncation=True, return_tensors='pt')
dataset = TensorDataset(tokens['input_ids'], tokens['attention_mask'], torch.tensor(labels))
loader = DataLoader(dataset, batch_size=16, shuffle=True)
model.train()
for step, (ids, mask, lab) in enumerate(loader):
    out = model(input_ids=ids, attention_mask=mask, labels=lab)
    out.loss.backward()
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    if step % 20 == 0:
        print(step, out.loss.item())
model.save_pretrained('out')''',
    '''h = torch.zeros(1, hidden_size)
c = torch.zeros(1, hidden_size)
outputs = []
for t in range(seq.size(0)):
    x_t = seq[t].unsqueeze(0)
    gates = x_t @ W_ih.T + h @ W_hh.T + b
    i, f, g, o = gates.chunk(4, dim=1)
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
    g = torch.tanh(g)
    c = f * c + i * g
    h = o * torch.tanh(c)
    outputs.append(h)
outputs = torch.cat(outputs)
print(outputs.shape, h.shape)''',
    '''def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x).argmax(dim=1)
            correct += (pred == y).sum().item()
            total += y.size(0)
    model.train()
    return correct / total
for epoch in range(5):
    train_one_epoch(model, train_loader, optimizer)
    acc = evaluate(model, val_loader)
    print(f'epoch {epoch}: {acc:.2%}')''',
    '''beams = [([bos], 0.0)]
for _ in range(max_len):
    candidates = []
    for seq, score in beams:
        if seq[-1] == eos:
            candidates.append((seq, score))
            continue
        logp = model.next_log_probs(seq)
        top = logp.topk(beam_width)
        for lp, tok in zip(top.values.tolist(), top.indices.tolist()):
            candidates.append((seq + [tok], score + lp))
    beams = sorted(candidates, key=lambda c: c[1], reverse=True)[:beam_width]
    if all(s[-1] == eos for s, _ in beams):
        break
best_seq = beams[0][0]
print(best_seq)''',
    '''import torch
import torch.nn.functional as F
x = torch.randn(100, 2)
y = (x[:, 0] * x[:, 1] > 0).long()
W1 = torch.randn(2, 16, requires_grad=True)
W2 = torch.randn(16, 2, requires_grad=True)
lr = 0.5
for step in range(500):
    h = torch.relu(x @ W1)
    logits = h @ W2
    loss = F.cross_entropy(logits, y)
    for p in (W1, W2):
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in (W1, W2):
            p -= lr * p.grad
    if step % 100 == 0:
        acc = (logits.argmax(1) == y).float().mean()
        print(step, loss.item(), acc.item())''',
    '''train_acc, val_acc = [], []
for epoch in range(num_epochs):
    correct = 0
    for images, labels in train_loader:
        outputs = model(images)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        correct += (outputs.argmax(1) == labels).sum().item()
    train_acc.append(correct / len(train_loader.dataset))
    correct = 0
    with torch.no_grad():
        for images, labels in val_loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    val_acc.append(correct / len(val_loader.dataset))
    print(f'{epoch}: train {train_acc[-1]:.3f} val {val_acc[-1]:.3f}')''',
    '''def train(model, loader, epochs=3, lr=1e-3):
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        running = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            running += loss.item()
        print(epoch, running / len(loader))
    return model''',
    '''generated = prompt_ids.clone()
with torch.no_grad():
    for _ in range(max_new_tokens):
        context = generated[:, -block_size:]
        logits = model(context)[:, -1, :]
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = float('-inf')
        probs = F.softmax(logits / temperature, dim=-1)
        next_id = torch.multinomial(probs, num_samples=1)
        generated = torch.cat([generated, next_id], dim=1)
print(decode(generated[0].tolist()))''',
    '''pairs = []
with open('data/eng-fra.txt', encoding='utf-8') as f:
    for line in f:
        parts = line.strip().split('\\t')
        if len(parts) < 2:
            continue
        src, tgt = parts[0].lower(), parts[1].lower()
        if len(src.split()) > max_len or len(tgt.split()) > max_len:
            continue
        pairs.append((src, tgt))
random.shuffle(pairs)
print(len(pairs), pairs[0])''',
    '''grads = {}
def save_grad(name):
    def hook(grad):
        grads[name] = grad.norm().item()
    return hook
for name, p in model.named_parameters():
    p.register_hook(save_grad(name))
loss = model(x).sum()
loss.backward()
for name, g in sorted(grads.items()):
    print(f'{name:30s} {g:.4f}')''',
    '''emb = nn.Embedding(vocab_size, dim)
pos = torch.arange(seq_len).unsqueeze(1)
div = torch.exp(torch.arange(0, dim, 2) * (-math.log(10000.0) / dim))
pe = torch.zeros(seq_len, dim)
pe[:, 0::2] = torch.sin(pos * div)
pe[:, 1::2] = torch.cos(pos * div)
x = emb(tokens) + pe[:tokens.size(1)]
print(x.shape)''',
    '''model = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True)
x = torch.randn(4, 7, 10)
out, (h, c) = model(x)
print(out.shape, h.shape, c.shape)
lengths = torch.tensor([7, 5, 3, 2])
packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True)
out_packed, _ = model(packed)
out_pad, out_len = nn.utils.rnn.pad_packed_sequence(out_packed, batch_first=True)
for i, n in enumerate(out_len):
    assert torch.all(out_pad[i, n:] == 0)
print('padding ok')''',
    '''losses = {'train': [], 'val': []}
step = 0
while step < max_steps:
    for batch in loader:
        loss = compute_loss(model, batch)
        loss.backward()
        opt.step()
        opt.zero_grad()
        step += 1
        if step % eval_every == 0:
            losses['train'].append(loss.item())
            losses['val'].append(estimate_val(model))
        if step >= max_steps:
            break
print(step, losses['val'][-1])''',
    '''confusion = torch.zeros(n_classes, n_classes, dtype=torch.long)
model.eval()
with torch.no_grad():
    for x, y in test_loader:
        pred = model(x).argmax(1)
        for t, p in zip(y, pred):
            confusion[t, p] += 1
per_class = confusion.diag() / confusion.sum(1)
for i, acc in enumerate(per_class):
    print(classes[i], f'{acc:.1%}')''',
    '''class Tokenizer:
    def __init__(self, texts):
        chars = sorted(set(''.join(texts)))
        self.stoi = {c: i + 1 for i, c in enumerate(chars)}
        self.itos = {i: c for c, i in self.stoi.items()}
    def encode(self, s):
        return [self.stoi.get(c, 0) for c in s]
    def decode(self, ids):
        out = []
        for i in ids:
            if i == 0:
                continue
            out.append(self.itos[i])
        return ''.join(out)
tok = Tokenizer(['hello', 'world'])
assert tok.decode(tok.encode('hold')) == 'hold'
print(tok.encode('low'))''',
    '''n_params = 0
for name, module in model.named_modules():
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity='relu')
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, std=0.02)
for p in model.parameters():
    n_params += p.numel()
print(f'{n_params / 1e6:.2f}M parameters')''',
    '''teacher.eval()
for epoch in range(epochs):
    for x, y in loader:
        with torch.no_grad():
            t_logits = teacher(x)
        s_logits = student(x)
        soft = F.kl_div(F.log_softmax(s_logits / T, dim=-1), F.softmax(t_logits / T, dim=-1), reduction='batchmean') * T * T
        hard = F.cross_entropy(s_logits, y)
        loss = alpha * soft + (1 - alpha) * hard
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, soft.item(), hard.item())''',
    '''results = []
for dropout in [0.0, 0.2, 0.5]:
    torch.manual_seed(0)
    model = MLP(dropout=dropout)
    opt = torch.optim.Adam(model.parameters())
    for epoch in range(20):
        train_epoch(model, opt)
    val = evaluate(model)
    results.append((dropout, val))
    print(dropout, val)
best = max(results, key=lambda r: r[1])
print('best dropout', best[0])''',
    # the sixth batch: written and measured unseen, then looked at
    '''for epoch in range(n_epochs):
    for real, _ in loader:
        b = real.size(0)
        z = torch.randn(b, latent)
        fake = G(z)
        d_loss = bce(D(real), torch.ones(b, 1)) + bce(D(fake.detach()), torch.zeros(b, 1))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_loss = bce(D(fake), torch.ones(b, 1))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
    print(f'epoch {epoch} d {d_loss.item():.3f} g {g_loss.item():.3f}')''',
    '''def vae_loss(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction='sum')
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld
model.train()
total = 0
for x, _ in loader:
    x = x.view(-1, 784)
    recon, mu, logvar = model(x)
    loss = vae_loss(recon, x, mu, logvar)
    opt.zero_grad()
    loss.backward()
    total += loss.item()
    opt.step()
print(total / len(loader.dataset))''',
    '''returns = []
for episode in range(200):
    state = env.reset()
    log_probs, rewards = [], []
    done = False
    while not done:
        probs = policy(torch.tensor(state, dtype=torch.float32))
        dist = torch.distributions.Categorical(probs)
        action = dist.sample()
        log_probs.append(dist.log_prob(action))
        state, reward, done, _ = env.step(action.item())
        rewards.append(reward)
    G = 0
    discounted = []
    for r in reversed(rewards):
        G = r + gamma * G
        discounted.insert(0, G)
    discounted = torch.tensor(discounted)
    loss = -(torch.stack(log_probs) * discounted).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    returns.append(sum(rewards))
print(sum(returns[-10:]) / 10)''',
    '''merges = {}
vocab = {tuple(w) + ('</w>',): c for w, c in word_counts.items()}
for i in range(num_merges):
    pairs = collections.Counter()
    for word, freq in vocab.items():
        for a, b in zip(word, word[1:]):
            pairs[a, b] += freq
    if not pairs:
        break
    best = max(pairs, key=pairs.get)
    merges[best] = i
    new_vocab = {}
    for word, freq in vocab.items():
        out, j = [], 0
        while j < len(word):
            if j < len(word) - 1 and (word[j], word[j + 1]) == best:
                out.append(word[j] + word[j + 1])
                j += 2
            else:
                out.append(word[j])
                j += 1
        new_vocab[tuple(out)] = freq
    vocab = new_vocab
print(len(merges))''',
    '''class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        assert d_model % n_heads == 0
        self.h = n_heads
        self.d_k = d_model // n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
    def forward(self, x, mask=None):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q = q.view(B, T, self.h, self.d_k).transpose(1, 2)
        k = k.view(B, T, self.h, self.d_k).transpose(1, 2)
        v = v.view(B, T, self.h, self.d_k).transpose(1, 2)
        att = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        if mask is not None:
            att = att.masked_fill(mask == 0, float('-inf'))
        att = att.softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(y)
mha = MultiHeadAttention(32, 4)
print(mha(torch.randn(2, 6, 32)).shape)''',
    '''import numpy as np
np.random.seed(1)
X = np.random.randn(200, 3)
true_w = np.array([1.5, -2.0, 0.7])
y = X @ true_w + 0.1 * np.random.randn(200)
w = np.zeros(3)
for it in range(1000):
    grad = 2 * X.T @ (X @ w - y) / len(y)
    w -= 0.05 * grad
    if np.linalg.norm(grad) < 1e-6:
        break
print(it, np.round(w, 3))''',
    '''bad_files = []
images = []
for path in sorted(glob.glob('data/*.png')):
    try:
        img = Image.open(path).convert('RGB')
    except OSError:
        bad_files.append(path)
        continue
    images.append(transform(img))
batch = torch.stack(images)
print(batch.shape, len(bad_files))''',
    '''def clip_gradients(model, max_norm):
    total = 0.0
    for p in model.parameters():
        if p.grad is not None:
            total += p.grad.norm().item() ** 2
    total = total ** 0.5
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        for p in model.parameters():
            if p.grad is not None:
                p.grad.mul_(scale)
    return total''',
    '''fig, ax = plt.subplots()
for lr in [0.001, 0.01, 0.1]:
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    curve = []
    for step in range(100):
        loss = train_step(model, opt)
        curve.append(loss)
    ax.plot(curve, label=f'lr={lr}')
ax.set_xlabel('step')
ax.legend()
plt.show()''',
    '''warmup = 1000
def lr_at(step):
    if step < warmup:
        return base_lr * step / warmup
    progress = (step - warmup) / (total_steps - warmup)
    return 0.5 * base_lr * (1 + math.cos(math.pi * progress))
for step in range(total_steps):
    for g in optimizer.param_groups:
        g['lr'] = lr_at(step)
    loss = train_step(next(batches))
    if step % 500 == 0:
        print(step, lr_at(step), loss)''',
    '''embeddings = model.embed.weight.detach()
norms = embeddings.norm(dim=1, keepdim=True)
unit = embeddings / norms
query = unit[stoi['king']]
sims = unit @ query
best = sims.topk(6).indices.tolist()
for i in best:
    if itos[i] == 'king':
        continue
    print(itos[i], round(sims[i].item(), 3))''',
    '''dataset = []
for i in range(1000):
    n = random.randint(1, 10)
    seq = [random.randint(0, 9) for _ in range(n)]
    target = sorted(seq)
    dataset.append((seq, target))
lengths = [len(s) for s, _ in dataset]
print(max(lengths), sum(lengths) / len(lengths))''',
    '''model.eval()
preds, labels = [], []
with torch.no_grad():
    for batch in loader:
        out = model(batch['x'])
        preds.extend(out.argmax(-1).tolist())
        labels.extend(batch['y'].tolist())
tp = sum(1 for p, l in zip(preds, labels) if p == 1 and l == 1)
fp = sum(1 for p, l in zip(preds, labels) if p == 1 and l == 0)
fn = sum(1 for p, l in zip(preds, labels) if p == 0 and l == 1)
precision = tp / max(tp + fp, 1)
recall = tp / max(tp + fn, 1)
print(precision, recall)''',
    '''ckpt_path = 'ckpt.pt'
start = 0
if os.path.exists(ckpt_path):
    ckpt = torch.load(ckpt_path)
    model.load_state_dict(ckpt['model'])
    opt.load_state_dict(ckpt['opt'])
    start = ckpt['epoch'] + 1
for epoch in range(start, epochs):
    train_one_epoch(model, opt, loader)
    torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'epoch': epoch}, ckpt_path)
print('trained to', epochs)''',
    # the seventh to tenth batches: each written and measured unseen, then looked at
    '''class CharDataset(torch.utils.data.Dataset):
    def __init__(self, text, block):
        self.chars = sorted(set(text))
        self.stoi = {c: i for i, c in enumerate(self.chars)}
        self.data = torch.tensor([self.stoi[c] for c in text])
        self.block = block
    def __len__(self):
        return len(self.data) - self.block
    def __getitem__(self, i):
        chunk = self.data[i:i + self.block + 1]
        return chunk[:-1], chunk[1:]
ds = CharDataset('hello world, hello there', 4)
x, y = ds[0]
print(len(ds), x, y)''',
    '''def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = torch.zeros(len(seqs), lengths.max(), dtype=torch.long)
    for i, s in enumerate(seqs):
        padded[i, :len(s)] = torch.tensor(s)
    return padded, lengths, torch.tensor(labels)
loader = DataLoader(list(zip(token_lists, ys)), batch_size=8, collate_fn=collate)
for padded, lengths, labels in loader:
    print(padded.shape, lengths[:3])
    break''',
    '''def numeric_grad(f, x, eps=1e-5):
    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        old = x.view(-1)[i].item()
        x.view(-1)[i] = old + eps
        plus = f(x).item()
        x.view(-1)[i] = old - eps
        minus = f(x).item()
        x.view(-1)[i] = old
        grad.view(-1)[i] = (plus - minus) / (2 * eps)
    return grad
x = torch.randn(3, dtype=torch.float64, requires_grad=True)
f = lambda t: (t ** 3).sum()
f(x).backward()
with torch.no_grad():
    num = numeric_grad(f, x.detach().clone())
print(torch.allclose(x.grad, num, atol=1e-6))''',
    '''m = [torch.zeros_like(p) for p in params]
v = [torch.zeros_like(p) for p in params]
beta1, beta2, eps = 0.9, 0.999, 1e-8
for t in range(1, steps + 1):
    loss = objective(params)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for i, (p, g) in enumerate(zip(params, grads)):
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            m_hat = m[i] / (1 - beta1 ** t)
            v_hat = v[i] / (1 - beta2 ** t)
            p -= lr * m_hat / (v_hat.sqrt() + eps)
    if t % 100 == 0:
        print(t, loss.item())''',
    '''def top_p_sample(logits, p=0.9):
    probs = torch.softmax(logits, dim=-1)
    sorted_probs, idx = probs.sort(descending=True)
    cum = sorted_probs.cumsum(dim=-1)
    cut = cum > p
    cut[1:] = cut[:-1].clone()
    cut[0] = False
    sorted_probs[cut] = 0
    sorted_probs /= sorted_probs.sum()
    choice = torch.multinomial(sorted_probs, 1)
    return idx[choice]
print(top_p_sample(torch.randn(50)))''',
    '''pairs = []
for sentence in corpus:
    ids = [word2id[w] for w in sentence if w in word2id]
    for i, center in enumerate(ids):
        lo = max(0, i - window)
        hi = min(len(ids), i + window + 1)
        for j in range(lo, hi):
            if j != i:
                pairs.append((center, ids[j]))
pairs = torch.tensor(pairs)
print(pairs.shape)''',
    '''x = torch.randn(32, 16)
gamma = torch.ones(16)
beta = torch.zeros(16)
running_mean = torch.zeros(16)
running_var = torch.ones(16)
momentum = 0.1
for step in range(10):
    batch = x + step
    mean = batch.mean(0)
    var = batch.var(0, unbiased=False)
    running_mean = (1 - momentum) * running_mean + momentum * mean
    running_var = (1 - momentum) * running_var + momentum * var
    out = gamma * (batch - mean) / torch.sqrt(var + 1e-5) + beta
print(out.mean().item(), running_mean[:3])''',
    '''encoder_out, hidden = encoder(src)
dec_input = torch.full((src.size(0), 1), bos_id)
outputs = []
for t in range(tgt.size(1)):
    logits, hidden = decoder(dec_input, hidden, encoder_out)
    outputs.append(logits)
    if random.random() < teacher_forcing:
        dec_input = tgt[:, t:t + 1]
    else:
        dec_input = logits.argmax(-1)
outputs = torch.cat(outputs, dim=1)
loss = F.cross_entropy(outputs.reshape(-1, outputs.size(-1)), tgt.reshape(-1))
print(loss.item())''',
    '''activations = {}
def keep(name):
    def hook(module, inp, out):
        activations[name] = out.detach()
    return hook
handles = []
for name, layer in model.named_children():
    handles.append(layer.register_forward_hook(keep(name)))
model(sample)
for h in handles:
    h.remove()
for name, act in activations.items():
    print(name, tuple(act.shape), round(act.std().item(), 3))''',
    '''net = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 14 * 14, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for epoch in range(3):
    seen = correct = 0
    for imgs, labels in train_loader:
        out = net(imgs)
        loss = F.cross_entropy(out, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        correct += (out.argmax(1) == labels).sum().item()
        seen += labels.size(0)
    print(f'epoch {epoch}: {100 * correct / seen:.1f}%')''',
    '''vocab = {'<pad>': 0, '<unk>': 1}
for text in train_texts:
    for tok in tokenize(text):
        if tok not in vocab:
            vocab[tok] = len(vocab)
def encode(text, max_len=32):
    ids = [vocab.get(t, 1) for t in tokenize(text)][:max_len]
    return ids + [0] * (max_len - len(ids))
X = torch.tensor([encode(t) for t in train_texts])
print(X.shape, len(vocab))''',
    '''lrs, losses = [], []
lr = 1e-7
model.load_state_dict(init_state)
for x, y in loader:
    for g in opt.param_groups:
        g['lr'] = lr
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    lrs.append(lr)
    losses.append(loss.item())
    if loss.item() > 4 * min(losses):
        break
    lr *= 1.2
plt.semilogx(lrs, losses)
plt.show()''',
    '''mask = (torch.rand(x.shape) > p).float()
y = x * mask / (1 - p)
print(y.mean().item(), x.mean().item())
drop = nn.Dropout(p)
drop.train()
outs = [drop(x).mean().item() for _ in range(100)]
print(sum(outs) / len(outs))
drop.eval()
assert torch.equal(drop(x), x)''',
    '''def train_val_split(items, frac=0.8, seed=0):
    rng = random.Random(seed)
    items = list(items)
    rng.shuffle(items)
    cut = int(len(items) * frac)
    return items[:cut], items[cut:]
train_set, val_set = train_val_split(range(100))
overlap = set(train_set) & set(val_set)
assert not overlap
print(len(train_set), len(val_set))''',
    '''class Residual(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))
    def forward(self, x):
        return x + self.ff(self.norm(x))
blocks = nn.Sequential(*[Residual(16, 64) for _ in range(3)])
x = torch.randn(2, 16)
for i, block in enumerate(blocks):
    x = block(x)
    print(i, x.norm().item())''',
    '''total_correct = 0
total_seen = 0
per_class = collections.defaultdict(lambda: [0, 0])
model.eval()
with torch.no_grad():
    for x, y in loader:
        pred = model(x).argmax(1)
        for yi, pi in zip(y.tolist(), pred.tolist()):
            per_class[yi][0] += yi == pi
            per_class[yi][1] += 1
        total_correct += (pred == y).sum().item()
        total_seen += len(y)
print(total_correct / total_seen)
for c, (ok, n) in sorted(per_class.items()):
    print(c, ok / n)''',
    '''def train_epoch(model, loader, opt, clip=1.0):
    model.train()
    losses = []
    for x, y in loader:
        opt.zero_grad()
        out = model(x)
        loss = F.nll_loss(out, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
for epoch in range(epochs):
    avg = train_epoch(model, loader, opt)
    if epoch % 5 == 0:
        print(epoch, avg)''',
    '''ema = copy.deepcopy(model)
for p in ema.parameters():
    p.requires_grad_(False)
decay = 0.999
for step, (x, y) in enumerate(loader):
    loss = F.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.mul_(decay).add_(pm, alpha=1 - decay)
print(F.mse_loss(ema(x), y).item())''',
    '''sentences = [s.split() for s in open('train.txt').read().lower().split('\\n') if s]
bigrams = collections.Counter()
unigrams = collections.Counter()
for words in sentences:
    words = ['<s>'] + words + ['</s>']
    unigrams.update(words)
    for a, b in zip(words, words[1:]):
        bigrams[a, b] += 1
def prob(a, b, k=1.0):
    return (bigrams[a, b] + k) / (unigrams[a] + k * len(unigrams))
print(prob('the', 'cat'))''',
    '''w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
xs = torch.tensor([1.0, 2.0, 3.0, 4.0])
ys = torch.tensor([3.0, 5.0, 7.0, 9.0])
lr = 0.01
for epoch in range(2000):
    pred = w * xs + b
    loss = ((pred - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(round(w.item(), 2), round(b.item(), 2))''',
    '''scores = torch.tensor([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]])
labels = torch.tensor([0, 1, 1])
thresholds = torch.linspace(0, 1, 11)
tprs, fprs = [], []
for t in thresholds:
    pred = (scores[:, 1] >= t).long()
    tp = ((pred == 1) & (labels == 1)).sum().item()
    fp = ((pred == 1) & (labels == 0)).sum().item()
    tprs.append(tp / max((labels == 1).sum().item(), 1))
    fprs.append(fp / max((labels == 0).sum().item(), 1))
auc = 0.0
for i in range(1, len(fprs)):
    auc += abs(fprs[i] - fprs[i - 1]) * (tprs[i] + tprs[i - 1]) / 2
print(auc)''',
    '''hidden = None
chunks = torch.split(long_seq, bptt, dim=1)
model.train()
for chunk in chunks:
    inp, target = chunk[:, :-1], chunk[:, 1:]
    if hidden is not None:
        hidden = tuple(h.detach() for h in hidden)
    logits, hidden = model(inp, hidden)
    loss = F.cross_entropy(logits.transpose(1, 2), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(loss.item())''',
    '''params = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f'{params:,} parameters, {trainable:,} trainable')
for name, child in model.named_children():
    n = sum(p.numel() for p in child.parameters())
    if n == 0:
        continue
    print(f'  {name}: {n:,}')''',
    '''queue = collections.deque([start])
dist = {start: 0}
while queue:
    node = queue.popleft()
    for nxt in graph[node]:
        if nxt in dist:
            continue
        dist[nxt] = dist[node] + 1
        queue.append(nxt)
print(dist)''',
    '''for param in backbone.parameters():
    param.requires_grad = False
head = nn.Linear(backbone.out_dim, n_classes)
opt = torch.optim.Adam(head.parameters(), lr=1e-3)
for epoch in range(5):
    for x, y in loader:
        with torch.no_grad():
            feats = backbone(x)
        loss = F.cross_entropy(head(feats), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())
for param in backbone.layer4.parameters():
    param.requires_grad = True''',
    '''img = torch.rand(1, 3, 32, 32)
kernel = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
weight = kernel.expand(3, 1, 3, 3)
edges = F.conv2d(img, weight, padding=1, groups=3)
print(edges.shape)
out = torch.zeros(1, 3, 32, 32)
padded = F.pad(img, (1, 1, 1, 1))
for i in range(32):
    for j in range(32):
        patch = padded[:, :, i:i + 3, j:j + 3]
        out[:, :, i, j] = (patch * kernel).sum(dim=(-1, -2))
assert torch.allclose(out, edges, atol=1e-5)''',
    '''epoch_times = []
for epoch in range(epochs):
    start = time.perf_counter()
    train_one_epoch(model, loader, opt)
    elapsed = time.perf_counter() - start
    epoch_times.append(elapsed)
    print(f'epoch {epoch} took {elapsed:.1f}s')
mean = sum(epoch_times) / len(epoch_times)
print(f'mean {mean:.1f}s')''',
    '''def build_vocab(texts, min_freq=2):
    counter = collections.Counter()
    for t in texts:
        counter.update(t.split())
    itos = ['<pad>', '<unk>']
    for word, freq in counter.most_common():
        if freq < min_freq:
            break
        itos.append(word)
    return {w: i for i, w in enumerate(itos)}
vocab = build_vocab(['a b a', 'b c a'])
print(vocab)''',
    '''model = nn.GRU(8, 16, batch_first=True)
head = nn.Linear(16, 1)
opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=3e-3)
for epoch in range(40):
    total = 0.0
    for x, y in loader:
        out, h = model(x)
        pred = head(out[:, -1])
        loss = F.mse_loss(pred.squeeze(-1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(y)
    if epoch % 10 == 9:
        print(epoch + 1, total / len(loader.dataset))''',
    '''def accuracy(logits, y):
    return (logits.argmax(-1) == y).float().mean().item()
history = []
for epoch in range(10):
    model.train()
    for x, y in train_loader:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        accs = [accuracy(model(x), y) for x, y in val_loader]
    history.append(sum(accs) / len(accs))
print(max(history))''',
    '''tokens = text.split()
counts = collections.Counter(tokens)
keep = {w for w, c in counts.items() if c >= 5}
filtered = []
for tok in tokens:
    if tok in keep:
        filtered.append(tok)
    else:
        filtered.append('<unk>')
print(len(filtered), len(keep))''',
    '''z = torch.randn(16, latent_dim)
with torch.no_grad():
    samples = decoder(z).view(-1, 1, 28, 28)
grid = torchvision.utils.make_grid(samples, nrow=4)
plt.imshow(grid.permute(1, 2, 0))
plt.axis('off')
plt.show()''',
    '''for name, p in model.named_parameters():
    if 'bias' in name:
        nn.init.zeros_(p)
    elif p.dim() >= 2:
        nn.init.xavier_uniform_(p)
    else:
        nn.init.ones_(p)
print(sum(p.numel() for p in model.parameters()))''',
    '''state = env.reset()
total_reward = 0
for t in range(500):
    if random.random() < epsilon:
        action = env.action_space.sample()
    else:
        with torch.no_grad():
            action = q_net(torch.tensor(state)).argmax().item()
    next_state, reward, done, info = env.step(action)
    buffer.append((state, action, reward, next_state, done))
    state = next_state
    total_reward += reward
    if done:
        break
epsilon = max(0.05, epsilon * 0.99)
print(t, total_reward)''',
    '''losses = []
for i in range(0, len(data) - seq_len, seq_len):
    x = data[i:i + seq_len].unsqueeze(0)
    y = data[i + 1:i + seq_len + 1].unsqueeze(0)
    logits = lm(x)
    loss = F.cross_entropy(logits.view(-1, vocab_size), y.view(-1))
    losses.append(loss.item())
ppl = math.exp(sum(losses) / len(losses))
print(f'{ppl:.1f}')''',
    '''class Attention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim * 2, 1)
    def forward(self, hidden, outputs):
        T = outputs.size(1)
        h = hidden.unsqueeze(1).repeat(1, T, 1)
        energy = self.score(torch.cat([h, outputs], dim=2)).squeeze(2)
        weights = F.softmax(energy, dim=1)
        context = (weights.unsqueeze(2) * outputs).sum(1)
        return context, weights
att = Attention(32)
ctx, w = att(torch.randn(4, 32), torch.randn(4, 7, 32))
print(ctx.shape, w.sum(1))''',
    '''best_acc = 0.0
for epoch in range(epochs):
    train(model, loader, opt)
    acc = test(model, test_loader)
    scheduler.step()
    if acc > best_acc:
        best_acc = acc
        torch.save(model.state_dict(), 'best.pth')
        print(f'new best {acc:.3f} at epoch {epoch}')
print('best', best_acc)''',
    '''text = open('input.txt', encoding='utf-8').read()
chars = sorted(set(text))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]
data = torch.tensor(encode(text), dtype=torch.long)
n = int(0.9 * len(data))
train_data = data[:n]
val_data = data[n:]
print(vocab_size, train_data.shape, val_data.shape)''',
    '''def estimate_loss(model, splits, iters=50):
    out = {}
    model.eval()
    for split in splits:
        losses = torch.zeros(iters)
        for k in range(iters):
            x, y = get_batch(split)
            _, loss = model(x, y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    model.train()
    return out
print(estimate_loss(model, ['train', 'val']))''',
    '''weights = torch.randn(784, 10) / math.sqrt(784)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        xb = x_train[i * bs:(i + 1) * bs]
        yb = y_train[i * bs:(i + 1) * bs]
        loss = F.cross_entropy(xb @ weights + bias, yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
print(loss.item())''',
    '''results = {}
for name, opt_cls in [('sgd', torch.optim.SGD), ('adam', torch.optim.Adam)]:
    torch.manual_seed(0)
    net = make_net()
    opt = opt_cls(net.parameters(), lr=0.01)
    curve = []
    for step in range(300):
        loss = criterion(net(X), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        curve.append(loss.item())
    results[name] = curve
for name, curve in results.items():
    plt.plot(curve, label=name)
plt.legend()''',
    '''def pad_batch(seqs, pad=0):
    longest = max(len(s) for s in seqs)
    out = []
    mask = []
    for s in seqs:
        extra = longest - len(s)
        out.append(s + [pad] * extra)
        mask.append([1] * len(s) + [0] * extra)
    return torch.tensor(out), torch.tensor(mask)
ids, mask = pad_batch([[5, 6, 7], [8]])
print(ids, mask)''',
    '''train_losses = []
val_losses = []
for epoch in range(25):
    model.train()
    batch_losses = []
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
        batch_losses.append(loss.item())
    train_losses.append(sum(batch_losses) / len(batch_losses))
    model.eval()
    with torch.no_grad():
        val = sum(loss_func(model(xb), yb) for xb, yb in valid_dl)
    val_losses.append(val.item() / len(valid_dl))
plt.plot(train_losses)
plt.plot(val_losses)''',
    '''def greedy_decode(model, src, max_len, bos, eos):
    memory = model.encode(src)
    ys = torch.tensor([[bos]])
    for i in range(max_len - 1):
        out = model.decode(memory, ys)
        next_word = out[:, -1].argmax(dim=-1).item()
        ys = torch.cat([ys, torch.tensor([[next_word]])], dim=1)
        if next_word == eos:
            break
    return ys
print(greedy_decode(model, src, 20, 1, 2))''',
    '''x = torch.linspace(-3, 3, 100)
fig, axes = plt.subplots(1, 3, figsize=(12, 3))
for ax, (name, fn) in zip(axes, [('relu', F.relu), ('gelu', F.gelu), ('tanh', torch.tanh)]):
    y = fn(x)
    ax.plot(x, y)
    ax.set_title(name)
    ax.grid(True)
plt.tight_layout()''',
    '''seen = set()
dupes = []
for path in files:
    digest = hashlib.md5(open(path, 'rb').read()).hexdigest()
    if digest in seen:
        dupes.append(path)
    else:
        seen.add(digest)
print(len(dupes), 'duplicates')
for p in dupes[:5]:
    print(p)''',
    '''probs = torch.zeros(27, 27)
for w in words:
    chs = ['.'] + list(w) + ['.']
    for a, b in zip(chs, chs[1:]):
        probs[stoi[a], stoi[b]] += 1
probs = (probs + 1) / (probs + 1).sum(1, keepdim=True)
nll = 0.0
n = 0
for w in words[:100]:
    chs = ['.'] + list(w) + ['.']
    for a, b in zip(chs, chs[1:]):
        nll -= torch.log(probs[stoi[a], stoi[b]]).item()
        n += 1
print(nll / n)''',
    '''model = Net()
if torch.cuda.device_count() > 1:
    model = nn.DataParallel(model)
model.to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=200)
for epoch in range(200):
    train(epoch)
    test(epoch)
    sched.step()''',
    '''running_loss = 0.0
for i, (inputs, labels) in enumerate(trainloader):
    optimizer.zero_grad()
    outputs = net(inputs)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
    running_loss += loss.item()
    if i % 2000 == 1999:
        print(f'[{i + 1:5d}] loss: {running_loss / 2000:.3f}')
        running_loss = 0.0
print('Finished Training')''',
    '''def make_windows(series, size, horizon=1):
    xs, ys = [], []
    for start in range(len(series) - size - horizon + 1):
        xs.append(series[start:start + size])
        ys.append(series[start + size:start + size + horizon])
    return torch.stack(xs), torch.stack(ys)
X, Y = make_windows(torch.arange(20.0), 5)
print(X.shape, Y.shape)''',
    '''correct = 0
attacked = 0
for x, y in test_loader:
    x.requires_grad_(True)
    loss = F.cross_entropy(model(x), y)
    model.zero_grad()
    loss.backward()
    x_adv = (x + eps * x.grad.sign()).clamp(0, 1).detach()
    with torch.no_grad():
        pred = model(x_adv).argmax(1)
    correct += (pred == y).sum().item()
    attacked += len(y)
print(f'robust accuracy {correct / attacked:.2%}')''',
    '''config = {'lr': 3e-4, 'batch': 64, 'layers': 4}
for key, value in sorted(config.items()):
    print(f'{key:>8}: {value}')
if config['layers'] > 2:
    model = DeepNet(config['layers'])
else:
    model = ShallowNet()
opt = torch.optim.Adam(model.parameters(), lr=config['lr'])
print(model)''',
    '''def kmeans(X, k, iters=20):
    centers = X[torch.randperm(len(X))[:k]]
    for _ in range(iters):
        dists = torch.cdist(X, centers)
        assign = dists.argmin(1)
        new = torch.stack([X[assign == j].mean(0) for j in range(k)])
        if torch.allclose(new, centers):
            break
        centers = new
    return centers, assign
centers, assign = kmeans(torch.randn(200, 2), 3)
print(centers)''',
    '''predictions = []
model.eval()
for batch in test_loader:
    with torch.no_grad():
        logits = model(**batch)
    predictions.append(logits.softmax(-1))
predictions = torch.cat(predictions)
labels = predictions.argmax(-1)
print(collections.Counter(labels.tolist()))''',
    '''optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
milestones = [30, 60, 90]
for epoch in range(100):
    if epoch in milestones:
        for g in optimizer.param_groups:
            g['lr'] *= 0.1
    loss = train_epoch(model, optimizer)
    if epoch % 10 == 0:
        print(epoch, optimizer.param_groups[0]['lr'], loss)''',
    '''outputs = []
h = torch.zeros(batch, hidden)
for t in range(x.size(1)):
    h = torch.tanh(x[:, t] @ W_xh + h @ W_hh + b_h)
    outputs.append(h @ W_hy + b_y)
logits = torch.stack(outputs, dim=1)
loss = F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))
loss.backward()
print(W_hh.grad.norm())''',
    # the eleventh and twelfth batches: each written and measured unseen, then looked at
    '''class ConvBlock(nn.Module):
    def __init__(self, cin, cout, pool=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn = nn.BatchNorm2d(cout)
        self.pool = nn.MaxPool2d(2) if pool else nn.Identity()
    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        return self.pool(x)
net = nn.Sequential(ConvBlock(3, 16), ConvBlock(16, 32), ConvBlock(32, 32, pool=False))
print(net(torch.randn(1, 3, 32, 32)).shape)''',
    '''grad_norms = []
for step, batch in enumerate(loader):
    loss = model(batch).loss
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    grad_norms.append(norm.item())
    optimizer.step()
    optimizer.zero_grad()
    if step == 200:
        break
print(max(grad_norms), sum(grad_norms) / len(grad_norms))''',
    '''lengths = []
with open('corpus.jsonl') as fh:
    for line in fh:
        rec = json.loads(line)
        text = rec.get('text', '')
        if not text:
            continue
        lengths.append(len(tokenizer.encode(text)))
lengths.sort()
print('median', lengths[len(lengths) // 2], 'p95', lengths[int(0.95 * len(lengths))])''',
    '''class SkipGram(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.center = nn.Embedding(vocab, dim)
        self.context = nn.Embedding(vocab, dim)
    def forward(self, c, o, negatives):
        vc = self.center(c)
        pos = (vc * self.context(o)).sum(-1)
        neg = torch.bmm(self.context(negatives), vc.unsqueeze(2)).squeeze(2)
        return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(-1)).mean()
sg = SkipGram(100, 8)
print(sg(torch.tensor([1]), torch.tensor([2]), torch.tensor([[3, 4, 5]])))''',
    '''cm = np.zeros((k, k), dtype=int)
for t, p in zip(y_true, y_pred):
    cm[t, p] += 1
fig, ax = plt.subplots()
ax.imshow(cm, cmap='Blues')
for i in range(k):
    for j in range(k):
        ax.text(j, i, cm[i, j], ha='center', va='center')
ax.set_xlabel('predicted')
ax.set_ylabel('true')
plt.show()''',
    '''patience = 3
best = math.inf
stale = 0
for epoch in range(max_epochs):
    train_loss = run(train_loader, train=True)
    val_loss = run(val_loader, train=False)
    print(f'{epoch:3d} {train_loss:.4f} {val_loss:.4f}')
    if val_loss < best - 1e-4:
        best, stale = val_loss, 0
        torch.save(model.state_dict(), 'model.pt')
    else:
        stale += 1
    if stale >= patience:
        print('no improvement, stopping')
        break
model.load_state_dict(torch.load('model.pt'))''',
    '''def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
def cross_entropy(p, y):
    return -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
W = np.zeros((n_features, n_classes))
for it in range(300):
    p = softmax(X @ W)
    grad = X.T @ (p - np.eye(n_classes)[y]) / len(y)
    W -= 0.5 * grad
print(cross_entropy(softmax(X @ W), y))''',
    '''sampler_weights = []
class_counts = collections.Counter(labels)
for lab in labels:
    sampler_weights.append(1.0 / class_counts[lab])
sampler = WeightedRandomSampler(sampler_weights, num_samples=len(labels))
loader = DataLoader(dataset, batch_size=32, sampler=sampler)
drawn = collections.Counter()
for _, y in loader:
    drawn.update(y.tolist())
print(drawn)''',
    '''text_out = []
h = model.init_hidden(1)
inp = torch.tensor([[stoi['T']]])
for _ in range(200):
    out, h = model(inp, h)
    dist = out.squeeze().div(0.8).exp()
    idx = torch.multinomial(dist, 1)[0]
    text_out.append(itos[idx.item()])
    inp.fill_(idx.item())
print(''.join(text_out))''',
    '''def count_params(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)
for width in [32, 64, 128]:
    m = nn.Sequential(nn.Linear(784, width), nn.ReLU(), nn.Linear(width, 10))
    print(width, count_params(m))''',
    '''queries = encode(questions)
keys = encode(passages)
scores = queries @ keys.T
ranks = []
for qi, gold in enumerate(gold_ids):
    order = scores[qi].argsort(descending=True)
    rank = (order == gold).nonzero().item() + 1
    ranks.append(rank)
mrr = sum(1 / r for r in ranks) / len(ranks)
recall_at_5 = sum(r <= 5 for r in ranks) / len(ranks)
print(mrr, recall_at_5)''',
    '''model.train()
for epoch in range(3):
    pbar = tqdm(loader, desc=f'epoch {epoch}')
    for x, y in pbar:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        pbar.set_postfix(loss=loss.item())
    torch.save(model.state_dict(), f'epoch{epoch}.pt')''',
    '''a = torch.randn(3, 4, requires_grad=True)
b = torch.randn(4, 5, requires_grad=True)
c = (a @ b).relu().sum()
c.backward()
grad_a_manual = ((a @ b) > 0).float() @ b.T
assert torch.allclose(a.grad, grad_a_manual)
for name, t in [('a', a), ('b', b)]:
    print(name, t.grad.shape)''',
    '''buckets = collections.defaultdict(list)
for idx, sample in enumerate(dataset):
    n = len(sample['tokens'])
    buckets[min(n // 16, 7)].append(idx)
batches = []
for key in sorted(buckets):
    ids = buckets[key]
    random.shuffle(ids)
    for i in range(0, len(ids), batch_size):
        batches.append(ids[i:i + batch_size])
random.shuffle(batches)
print(len(batches))''',
    '''ds = torchvision.datasets.MNIST('data', train=True, download=False, transform=T.ToTensor())
loader = DataLoader(ds, batch_size=256)
mean = 0.0
sq = 0.0
count = 0
for x, _ in loader:
    mean += x.sum().item()
    sq += (x ** 2).sum().item()
    count += x.numel()
mean /= count
std = (sq / count - mean ** 2) ** 0.5
print(round(mean, 4), round(std, 4))''',
    '''model = TinyNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
step = 0
for epoch in range(epochs):
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        writer.add_scalar('loss', loss.item(), step)
    writer.add_scalar('epoch', epoch, step)
writer.close()''',
    '''def beam_width_sweep(widths):
    scores = {}
    for w in widths:
        hyps = [decode(model, src, beam=w) for src in dev_src]
        scores[w] = bleu(hyps, dev_ref)
        print(w, scores[w])
    return max(scores, key=scores.get)
print('best width', beam_width_sweep([1, 2, 4, 8]))''',
    '''h = torch.zeros(hidden)
hs = []
for x in xs:
    z = torch.sigmoid(Wz @ x + Uz @ h)
    r = torch.sigmoid(Wr @ x + Ur @ h)
    h_tilde = torch.tanh(Wh @ x + Uh @ (r * h))
    h = (1 - z) * h + z * h_tilde
    hs.append(h)
H = torch.stack(hs)
print(H.shape)''',
    '''for split in ['train', 'val']:
    files = sorted((root / split).glob('*.txt'))
    n_lines = 0
    for f in files:
        with open(f, encoding='utf-8') as fh:
            n_lines += sum(1 for _ in fh)
    print(split, len(files), n_lines)''',
    '''model.zero_grad()
out = model(inputs)
out[0, target].backward()
saliency = inputs.grad.abs().max(dim=1)[0]
plt.imshow(saliency[0], cmap='hot')
plt.colorbar()
plt.title(f'class {target}')
plt.show()''',
    '''class Net(nn.Module):
    def __init__(self, sizes, dropout=0.1):
        super().__init__()
        layers = []
        for a, b in zip(sizes, sizes[1:]):
            layers.append(nn.Linear(a, b))
            layers.append(nn.ReLU())
            layers.append(nn.Dropout(dropout))
        self.body = nn.Sequential(*layers[:-2])
    def forward(self, x):
        return self.body(x)
print(Net([4, 16, 16, 2]))''',
    '''words = text.lower().split()
next_counts = collections.defaultdict(collections.Counter)
for a, b in zip(words, words[1:]):
    next_counts[a][b] += 1
word = 'the'
out = [word]
for _ in range(20):
    options = next_counts.get(word)
    if not options:
        break
    word = random.choices(list(options), weights=options.values())[0]
    out.append(word)
print(' '.join(out))''',
    '''total_loss = 0.0
n_batches = 0
optimizer.zero_grad()
for i, batch in enumerate(loader):
    loss = model(**batch).loss / accumulation
    loss.backward()
    total_loss += loss.item()
    n_batches += 1
    if (i + 1) % accumulation == 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
print(total_loss / n_batches)''',
    '''x = torch.randn(1000)
for name, fn in {'mean': torch.mean, 'std': torch.std, 'max': torch.max}.items():
    value = fn(x)
    print(f'{name:5s} {value.item():.3f}')
hist = torch.histc(x, bins=10, min=-3, max=3)
print(hist.tolist())''',
    '''losses = []
for temperature in [0.5, 1.0, 2.0]:
    logits = teacher(x) / temperature
    probs = logits.softmax(-1)
    entropy = -(probs * probs.clamp_min(1e-9).log()).sum(-1).mean()
    losses.append((temperature, entropy.item()))
for t, e in losses:
    print(t, round(e, 3))''',
    '''if args.resume:
    state = torch.load(args.resume, map_location='cpu')
    model.load_state_dict(state['model'])
    start_epoch = state['epoch']
else:
    start_epoch = 0
model.to(device)
for epoch in range(start_epoch, args.epochs):
    train_one_epoch(model, loader, optimizer, device)
    save_checkpoint(model, epoch)''',
    '''embeddings = {}
with torch.no_grad():
    for word in vocab:
        ids = tokenizer(word, return_tensors='pt')['input_ids']
        vec = encoder(ids).last_hidden_state.mean(1).squeeze(0)
        embeddings[word] = vec / vec.norm()
sim = embeddings['cat'] @ embeddings['dog']
print(float(sim))''',
    '''ranks = torch.linalg.matrix_rank
for name, p in model.named_parameters():
    if p.dim() != 2:
        continue
    r = ranks(p.detach()).item()
    print(f'{name}: shape {tuple(p.shape)}, rank {r}')''',
    # the thirteenth to fifteenth batches: written after the last change, chose nothing
    '''correct = {k: 0 for k in (1, 5)}
n = 0
with torch.no_grad():
    for images, labels in val_loader:
        logits = model(images)
        top5 = logits.topk(5, dim=1).indices
        correct[1] += (top5[:, 0] == labels).sum().item()
        correct[5] += (top5 == labels[:, None]).any(1).sum().item()
        n += labels.size(0)
for k in (1, 5):
    print(f'top-{k}: {correct[k] / n:.3f}')''',
    '''opt_state = {}
def sgd_momentum(params, grads, lr=0.1, beta=0.9):
    for i, (p, g) in enumerate(zip(params, grads)):
        v = opt_state.get(i, torch.zeros_like(p))
        v = beta * v + g
        opt_state[i] = v
        p -= lr * v
w = torch.randn(5)
for step in range(100):
    g = 2 * (w - 3)
    sgd_momentum([w], [g])
print(w)''',
    '''pos, neg = [], []
for text, label in zip(texts, labels):
    if label == 1:
        pos.append(len(text.split()))
    else:
        neg.append(len(text.split()))
print(sum(pos) / len(pos), sum(neg) / len(neg))
plt.hist([pos, neg], bins=30, label=['pos', 'neg'])
plt.legend()''',
    '''mixed = []
for x, y in loader:
    lam = np.random.beta(alpha, alpha)
    idx = torch.randperm(x.size(0))
    x_mix = lam * x + (1 - lam) * x[idx]
    out = model(x_mix)
    loss = lam * F.cross_entropy(out, y) + (1 - lam) * F.cross_entropy(out, y[idx])
    opt.zero_grad()
    loss.backward()
    opt.step()
    mixed.append(lam)
print(np.mean(mixed))''',
    '''for module in model.modules():
    if isinstance(module, nn.BatchNorm2d):
        module.eval()
        for p in module.parameters():
            p.requires_grad = False
frozen = sum(not p.requires_grad for p in model.parameters())
print('frozen tensors:', frozen)''',
    '''seq = tokenizer.encode(prompt)
past = None
generated = []
for _ in range(50):
    inp = torch.tensor([seq[-1:]]) if past is not None else torch.tensor([seq])
    out = model(inp, past_key_values=past, use_cache=True)
    past = out.past_key_values
    nxt = out.logits[0, -1].argmax().item()
    if nxt == tokenizer.eos_token_id:
        break
    seq.append(nxt)
    generated.append(nxt)
print(tokenizer.decode(generated))''',
    '''class Swish(nn.Module):
    def __init__(self, beta=1.0):
        super().__init__()
        self.beta = nn.Parameter(torch.tensor(beta))
    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)
act = Swish()
x = torch.linspace(-4, 4, 9)
print(act(x))
act(x).sum().backward()
print(act.beta.grad)''',
    '''results = []
for seed in range(5):
    torch.manual_seed(seed)
    model = build()
    acc = fit_and_eval(model)
    results.append(acc)
mean = statistics.mean(results)
sd = statistics.stdev(results)
print(f'{mean:.3f} +- {sd:.3f}')''',
    '''def make_vocab(sentences, size):
    counts = collections.Counter(w for s in sentences for w in s)
    words = [w for w, _ in counts.most_common(size - 2)]
    itos = ['<pad>', '<unk>'] + words
    stoi = {w: i for i, w in enumerate(itos)}
    return stoi, itos
stoi, itos = make_vocab([['a', 'b'], ['b', 'c']], 10)
assert itos[stoi['b']] == 'b'
print(len(itos))''',
    '''prev_loss = float('inf')
for it in range(max_iter):
    loss = closure()
    if abs(prev_loss - loss.item()) < tol:
        print('converged at', it)
        break
    prev_loss = loss.item()
    opt.step(closure)
print(loss.item())''',
    '''batch = next(iter(loader))
images, labels = batch
print(images.shape, labels[:8])
grid = images[:16]
fig, axs = plt.subplots(4, 4, figsize=(6, 6))
for ax, img, lab in zip(axs.flat, grid, labels):
    ax.imshow(img.squeeze(), cmap='gray')
    ax.set_title(classes[lab])
    ax.axis('off')
plt.tight_layout()''',
    '''train_loss = []
val_acc = []
for epoch in range(1, n_epochs + 1):
    model.train()
    running = 0.0
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        running += loss.item() * x.size(0)
    train_loss.append(running / len(train_loader.dataset))
    model.eval()
    hits = 0
    with torch.no_grad():
        for x, y in val_loader:
            hits += (model(x).argmax(1) == y).sum().item()
    val_acc.append(hits / len(val_loader.dataset))
    print(epoch, train_loss[-1], val_acc[-1])''',
    '''vocab_size = 50
emb = nn.Embedding(vocab_size, 8)
tied = nn.Linear(8, vocab_size, bias=False)
tied.weight = emb.weight
tokens = torch.randint(0, vocab_size, (2, 5))
logits = tied(emb(tokens))
assert logits.shape == (2, 5, vocab_size)
assert tied.weight.data_ptr() == emb.weight.data_ptr()
print('tied')''',
    '''lines = []
for path in paths:
    with open(path) as f:
        header = f.readline()
        for row in f:
            cols = row.rstrip().split(',')
            if len(cols) != n_cols:
                continue
            lines.append(cols)
df = pd.DataFrame(lines, columns=header.rstrip().split(','))
print(df.shape)''',
    '''sample_rate = 16000
wave = torch.sin(2 * math.pi * 440 * torch.arange(sample_rate) / sample_rate)
frames = wave.unfold(0, 400, 160)
window = torch.hann_window(400)
spec = torch.fft.rfft(frames * window).abs() ** 2
log_spec = torch.log(spec + 1e-10)
print(frames.shape, log_spec.shape)''',
    '''model.train()
for epoch in range(epochs):
    epoch_loss = 0.0
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
        if batch_idx % log_interval == 0:
            print(f'epoch {epoch} [{batch_idx * len(data)}/{len(train_loader.dataset)}] {loss.item():.6f}')
    scheduler.step()
    print(f'epoch {epoch} mean loss {epoch_loss / len(train_loader):.4f}')''',
    '''def perplexity(model, ids, stride=256, max_len=1024):
    nlls = []
    prev_end = 0
    for begin in range(0, ids.size(1), stride):
        end = min(begin + max_len, ids.size(1))
        trg_len = end - prev_end
        inp = ids[:, begin:end]
        target = inp.clone()
        target[:, :-trg_len] = -100
        with torch.no_grad():
            nll = model(inp, labels=target).loss
        nlls.append(nll)
        prev_end = end
        if end == ids.size(1):
            break
    return torch.exp(torch.stack(nlls).mean())
print(perplexity(lm, encodings))''',
    '''vals = []
for p in model.parameters():
    vals.append(p.detach().flatten())
flat = torch.cat(vals)
print(flat.numel(), flat.abs().mean().item())
threshold = flat.abs().quantile(0.5)
with torch.no_grad():
    for p in model.parameters():
        p.mul_((p.abs() > threshold).float())
print('pruned half')''',
    '''stoi = {s: i for i, s in enumerate(symbols)}
X, Y = [], []
for w in words:
    context = [0] * block
    for ch in w + '.':
        X.append(context)
        Y.append(stoi[ch])
        context = context[1:] + [stoi[ch]]
X = torch.tensor(X)
Y = torch.tensor(Y)
C = torch.randn((len(symbols), 2))
emb = C[X]
print(emb.shape)''',
    '''for i, (img, label) in enumerate(dataset):
    if i == 6:
        break
    plt.subplot(2, 3, i + 1)
    plt.imshow(img.permute(1, 2, 0))
    plt.title(label)
plt.show()''',
    '''class LitModel:
    def __init__(self, net, lr):
        self.net = net
        self.opt = torch.optim.Adam(net.parameters(), lr=lr)
    def training_step(self, batch):
        x, y = batch
        loss = F.cross_entropy(self.net(x), y)
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item()
lit = LitModel(net, 1e-3)
for batch in loader:
    print(lit.training_step(batch))''',
    '''counts = torch.zeros(n_classes)
for _, y in train_set:
    counts[y] += 1
weights = counts.sum() / (n_classes * counts)
criterion = nn.CrossEntropyLoss(weight=weights)
print(weights)''',
    '''sizes = [2 ** k for k in range(6, 12)]
times = []
for n in sizes:
    a = torch.randn(n, n)
    start = time.perf_counter()
    for _ in range(5):
        a @ a
    times.append((time.perf_counter() - start) / 5)
for n, t in zip(sizes, times):
    print(n, f'{2 * n ** 3 / t / 1e9:.1f} GFLOP/s')''',
    '''tree = {}
for path in paths:
    node = tree
    for part in path.split('/'):
        node = node.setdefault(part, {})
def show(node, depth=0):
    for name, child in sorted(node.items()):
        print('  ' * depth + name)
        show(child, depth + 1)
show(tree)''',
    '''optimizer = torch.optim.AdamW(model.parameters(), lr=peak_lr)
sched = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=peak_lr, total_steps=len(loader) * epochs)
for epoch in range(epochs):
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        sched.step()
    print(epoch, sched.get_last_lr()[0])''',
    '''errors = []
for x, y in test_set:
    with torch.no_grad():
        pred = model(x.unsqueeze(0)).argmax(1).item()
    if pred != y:
        errors.append((x, y, pred))
print(len(errors), 'errors')
for x, y, pred in errors[:5]:
    print('true', classes[y], 'pred', classes[pred])''',
    '''q = deque(maxlen=100)
for episode in range(n_episodes):
    obs = env.reset()
    ep_return = 0.0
    for t in range(max_steps):
        action = agent.act(obs)
        obs, r, done, _ = env.step(action)
        ep_return += r
        if done:
            break
    q.append(ep_return)
    if episode % 50 == 0:
        print(episode, sum(q) / len(q))''',
    '''A = torch.randn(4, 4)
A = A @ A.T
eigvals, eigvecs = torch.linalg.eigh(A)
v = torch.randn(4)
for _ in range(100):
    v = A @ v
    v = v / v.norm()
lam = v @ A @ v
print(lam.item(), eigvals.max().item())''',
    '''x = torch.randn(64, 10)
y = (x.sum(1) > 0).float()
w = torch.zeros(10, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1)
for epoch in range(100):
    logits = x @ w + b
    loss = F.binary_cross_entropy_with_logits(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
acc = ((x @ w + b > 0).float() == y).float().mean()
print(loss.item(), acc.item())''',
    '''class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=5000):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)
    def forward(self, x):
        return x + self.pe[:x.size(0)]
enc = PositionalEncoding(16)
print(enc(torch.zeros(10, 2, 16)).shape)''',
    '''word_freq = collections.Counter()
for doc in docs:
    word_freq.update(doc.lower().split())
idf = {}
n_docs = len(docs)
for word in word_freq:
    df = sum(1 for doc in docs if word in doc.lower().split())
    idf[word] = math.log(n_docs / (1 + df))
top = sorted(idf.items(), key=lambda kv: kv[1])[:10]
print(top)''',
    '''for epoch in range(num_epochs):
    for i, (images, labels) in enumerate(train_loader):
        images = images.reshape(-1, 28 * 28)
        outputs = model(images)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (i + 1) % 100 == 0:
            print(f'Epoch [{epoch + 1}/{num_epochs}], Step [{i + 1}/{total_step}], Loss: {loss.item():.4f}')
with torch.no_grad():
    correct = 0
    total = 0
    for images, labels in test_loader:
        images = images.reshape(-1, 28 * 28)
        outputs = model(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
    print(f'Accuracy: {100 * correct / total} %')''',
    '''def layer_stats(model, x):
    stats = []
    for layer in model:
        x = layer(x)
        if isinstance(layer, nn.ReLU):
            dead = (x == 0).float().mean().item()
            stats.append((type(layer).__name__, dead))
    return stats
for name, dead in layer_stats(mlp, torch.randn(256, 32)):
    print(name, f'{dead:.0%} zero')''',
    '''pairs = list(zip(src_sents, tgt_sents))
random.shuffle(pairs)
n_val = len(pairs) // 10
val_pairs = pairs[:n_val]
train_pairs = pairs[n_val:]
max_src = max(len(s.split()) for s, _ in train_pairs)
max_tgt = max(len(t.split()) for _, t in train_pairs)
print(len(train_pairs), len(val_pairs), max_src, max_tgt)''',
    '''total = 0
nonzero = 0
for name, buf in model.named_buffers():
    total += buf.numel()
    nonzero += (buf != 0).sum().item()
    print(name, tuple(buf.shape))
print(f'{nonzero}/{total} buffer entries are nonzero')''',
    '''scores = []
model.eval()
with torch.no_grad():
    for x, y in loader:
        probs = torch.sigmoid(model(x)).squeeze(1)
        scores.extend(zip(probs.tolist(), y.tolist()))
scores.sort(reverse=True)
hits = 0
precisions = []
for k, (p, label) in enumerate(scores, start=1):
    if label == 1:
        hits += 1
        precisions.append(hits / k)
print('AP', sum(precisions) / max(hits, 1))''',
    '''def train(model, data, epochs, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        perm = torch.randperm(len(data))
        for i in range(0, len(data), 32):
            batch = data[perm[i:i + 32]]
            loss = model.loss(batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 10 == 0:
            print(epoch, loss.item())
    return model
train(ae, X, 50, 1e-3)''',
    '''char_counts = collections.Counter(text)
chars = [c for c, n in char_counts.most_common() if n > 1]
stoi = {c: i + 1 for i, c in enumerate(chars)}
encoded = []
unknown = 0
for c in text:
    if c in stoi:
        encoded.append(stoi[c])
    else:
        encoded.append(0)
        unknown += 1
print(len(chars), unknown)''',
    '''with torch.no_grad():
    w = model.fc.weight
    u, s, v = torch.linalg.svd(w, full_matrices=False)
    k = 8
    approx = u[:, :k] @ torch.diag(s[:k]) @ v[:k]
    err = (w - approx).norm() / w.norm()
print(f'rank {k} keeps {1 - err.item():.1%}')''',
    '''loss_hist = []
for it in range(iters):
    idx = torch.randint(0, X.shape[0], (32,))
    emb = C[X[idx]]
    h = torch.tanh(emb.view(-1, 6) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Y[idx])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1 if it < 100000 else 0.01
    for p in parameters:
        p.data += -lr * p.grad
    loss_hist.append(loss.log10().item())
plt.plot(loss_hist)''',
    '''ok = 0
for case in cases:
    try:
        out = run(case['input'])
    except Exception as e:
        print('error', case['name'], e)
        continue
    if out == case['expected']:
        ok += 1
    else:
        print('mismatch', case['name'])
print(f'{ok}/{len(cases)} passed')''',
    '''device = 'cuda' if torch.cuda.is_available() else 'cpu'
model = Model().to(device)
scaler = torch.cuda.amp.GradScaler(enabled=device == 'cuda')
for x, y in loader:
    x, y = x.to(device), y.to(device)
    with torch.autocast(device_type=device, enabled=device == 'cuda'):
        loss = F.cross_entropy(model(x), y)
    optimizer.zero_grad()
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
print(loss.item())''',
    # batch 16
    '''import torch
import torch.nn.functional as F
vocab = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(vocab)}
itos = {i: ch for ch, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
n = int(0.9 * len(data))
train_data, val_data = data[:n], data[n:]
def get_batch(split, block_size=8, batch_size=4):
    src = train_data if split == 'train' else val_data
    ix = torch.randint(len(src) - block_size, (batch_size,))
    x = torch.stack([src[i:i + block_size] for i in ix])
    y = torch.stack([src[i + 1:i + block_size + 1] for i in ix])
    return x, y
xb, yb = get_batch('train')
for b in range(2):
    for t in range(8):
        context = xb[b, :t + 1]
        target = yb[b, t]
        print(context.tolist(), '->', target.item())''',
    '''@torch.no_grad()
def estimate_loss(model, eval_iters=50):
    out = {}
    model.eval()
    for split in ['train', 'val']:
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            logits, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    model.train()
    return out
for it in range(max_iters):
    if it % eval_interval == 0:
        losses = estimate_loss(model)
        print(f"step {it}: train {losses['train']:.4f}, val {losses['val']:.4f}")
    xb, yb = get_batch('train')
    logits, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()''',
    '''import numpy as np
rng = np.random.default_rng(1)
K = 3
X = np.vstack([rng.normal(c, 0.5, size=(50, 2)) for c in ([0, 0], [3, 3], [0, 4])])
centers = X[rng.choice(len(X), K, replace=False)]
for step in range(100):
    d = ((X[:, None, :] - centers[None]) ** 2).sum(-1)
    labels = d.argmin(1)
    new = np.array([X[labels == k].mean(0) for k in range(K)])
    if np.allclose(new, centers):
        print('converged after', step)
        break
    centers = new
inertia = ((X - centers[labels]) ** 2).sum()
print(centers.round(2), inertia)''',
    '''class GRUCell(nn.Module):
    def __init__(self, n_in, n_h):
        super().__init__()
        self.x2h = nn.Linear(n_in, 3 * n_h)
        self.h2h = nn.Linear(n_h, 3 * n_h)
    def forward(self, x, h):
        xr, xz, xn = self.x2h(x).chunk(3, -1)
        hr, hz, hn = self.h2h(h).chunk(3, -1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        return (1 - z) * n + z * h
cell = GRUCell(10, 20)
h = torch.zeros(4, 20)
seq = torch.randn(7, 4, 10)
outs = []
for x in seq:
    h = cell(x, h)
    outs.append(h)
outs = torch.stack(outs)
print(outs.shape)''',
    '''G = Generator(z_dim).to(device)
D = Discriminator().to(device)
opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
for epoch in range(epochs):
    for real, _ in loader:
        real = real.to(device)
        b = real.size(0)
        z = torch.randn(b, z_dim, device=device)
        fake = G(z)
        d_real = D(real)
        d_fake = D(fake.detach())
        loss_d = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        out = D(fake)
        loss_g = bce(out, torch.ones_like(out))
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    print(f'epoch {epoch} D {loss_d.item():.3f} G {loss_g.item():.3f}')
    with torch.no_grad():
        samples = G(fixed_z).cpu()
    save_image(samples, f'samples_{epoch}.png', normalize=True)''',
    '''def beam_search(model, src, beam=3, max_len=20):
    beams = [([bos], 0.0)]
    done = []
    for _ in range(max_len):
        cand = []
        for seq, score in beams:
            if seq[-1] == eos:
                done.append((seq, score))
                continue
            logp = model.next_logprobs(src, seq)
            top = torch.topk(logp, beam)
            for lp, tok in zip(top.values.tolist(), top.indices.tolist()):
                cand.append((seq + [tok], score + lp))
        if not cand:
            break
        beams = sorted(cand, key=lambda c: c[1], reverse=True)[:beam]
    done.extend(beams)
    return max(done, key=lambda c: c[1] / len(c[0]))''',
    '''from sklearn.model_selection import KFold
kf = KFold(n_splits=5, shuffle=True, random_state=0)
scores = []
for fold, (tr, va) in enumerate(kf.split(X)):
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for epoch in range(20):
        perm = torch.randperm(len(tr))
        for i in range(0, len(tr), 32):
            idx = tr[perm[i:i + 32]]
            loss = F.mse_loss(model(X[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        s = F.mse_loss(model(X[va]), y[va]).item()
    scores.append(s)
    print(f'fold {fold}: {s:.4f}')
print('mean', sum(scores) / len(scores))''',
    '''def numerical_grad(f, x, eps=1e-6):
    g = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        fp = f(x).item()
        flat[i] = old - eps
        fm = f(x).item()
        flat[i] = old
        g.view(-1)[i] = (fp - fm) / (2 * eps)
    return g
x = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
f = lambda t: (t.sin() * t).sum()
f(x).backward()
with torch.no_grad():
    num = numerical_grad(f, x.detach().clone())
print(torch.allclose(x.grad, num, atol=1e-5))''',
    '''lrs, losses = [], []
lr = 1e-7
model.load_state_dict(init_state)
for xb, yb in loader:
    for g in optimizer.param_groups:
        g['lr'] = lr
    loss = criterion(model(xb), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    lrs.append(lr)
    losses.append(loss.item())
    if loss.item() > 4 * min(losses):
        break
    lr *= 1.1
plt.semilogx(lrs, losses)
plt.xlabel('lr')
plt.show()''',
    '''env = gym.make('CartPole-v1')
policy = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.Adam(policy.parameters(), lr=1e-2)
gamma = 0.99
for episode in range(500):
    obs, _ = env.reset()
    log_probs, rewards = [], []
    done = False
    while not done:
        logits = policy(torch.as_tensor(obs, dtype=torch.float32))
        dist = torch.distributions.Categorical(logits=logits)
        a = dist.sample()
        log_probs.append(dist.log_prob(a))
        obs, r, term, trunc, _ = env.step(a.item())
        rewards.append(r)
        done = term or trunc
    G = 0
    returns = []
    for r in reversed(rewards):
        G = r + gamma * G
        returns.insert(0, G)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + 1e-8)
    loss = -(torch.stack(log_probs) * returns).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if episode % 50 == 0:
        print(episode, sum(rewards))''',
    '''def attention(q, k, v, mask=None):
    d = q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float('-inf'))
    w = scores.softmax(-1)
    return w @ v, w
class MultiHead(nn.Module):
    def __init__(self, d_model, h):
        super().__init__()
        assert d_model % h == 0
        self.h, self.d_k = h, d_model // h
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.out = nn.Linear(d_model, d_model)
    def forward(self, x, mask=None):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=-1)
        q, k, v = [t.view(B, T, self.h, self.d_k).transpose(1, 2) for t in (q, k, v)]
        y, _ = attention(q, k, v, mask)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.out(y)''',
    '''counts = {}
for line in open('corpus.txt', encoding='utf-8'):
    for w in line.split():
        w = w.lower().strip('.,!?')
        if not w:
            continue
        counts[w] = counts.get(w, 0) + 1
vocab = ['<pad>', '<unk>'] + [w for w, c in sorted(counts.items(), key=lambda kv: -kv[1]) if c >= 3]
w2i = {w: i for i, w in enumerate(vocab)}
def encode(sentence, max_len=16):
    ids = [w2i.get(w, 1) for w in sentence.lower().split()][:max_len]
    ids += [0] * (max_len - len(ids))
    return ids
print(len(vocab), encode('the cat sat on the mat'))''',
    '''model.eval()
correct = 0
total = 0
confusion = torch.zeros(10, 10, dtype=torch.long)
with torch.no_grad():
    for images, labels in test_loader:
        outputs = model(images)
        _, predicted = outputs.max(1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
        for t, p in zip(labels, predicted):
            confusion[t, p] += 1
print(f'accuracy {100 * correct / total:.2f}%')
per_class = confusion.diag() / confusion.sum(1)
for i, acc in enumerate(per_class):
    print(classes[i], f'{acc:.2%}')''',
    '''w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.1
for step in range(200):
    z = X @ w + b
    p = torch.sigmoid(z)
    loss = -(y * torch.log(p + 1e-9) + (1 - y) * torch.log(1 - p + 1e-9)).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if step % 40 == 0:
        acc = ((p > 0.5).float() == y).float().mean()
        print(step, loss.item(), acc.item())''',
    # batch 17
    '''class VAE(nn.Module):
    def __init__(self, d_in=784, d_z=16):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d_in, 256), nn.ReLU())
        self.mu = nn.Linear(256, d_z)
        self.logvar = nn.Linear(256, d_z)
        self.dec = nn.Sequential(nn.Linear(d_z, 256), nn.ReLU(), nn.Linear(256, d_in))
    def forward(self, x):
        h = self.enc(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        return self.dec(z), mu, logvar
def vae_loss(recon, x, mu, logvar):
    rec = F.binary_cross_entropy_with_logits(recon, x, reduction='sum')
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (rec + kl) / x.size(0)
vae = VAE()
opt = torch.optim.Adam(vae.parameters(), lr=1e-3)
for epoch in range(10):
    total = 0.0
    for x, _ in loader:
        x = x.view(x.size(0), -1)
        recon, mu, logvar = vae(x)
        loss = vae_loss(recon, x, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    print(epoch, total / len(loader))''',
    '''Q = np.zeros((n_states, n_actions))
alpha, gamma, eps = 0.1, 0.95, 1.0
returns = []
for ep in range(2000):
    s = env.reset()
    ep_ret = 0
    for t in range(200):
        if np.random.rand() < eps:
            a = np.random.randint(n_actions)
        else:
            a = Q[s].argmax()
        s2, r, done = env.step(a)
        target = r + gamma * Q[s2].max() * (not done)
        Q[s, a] += alpha * (target - Q[s, a])
        s = s2
        ep_ret += r
        if done:
            break
    eps = max(0.05, eps * 0.995)
    returns.append(ep_ret)
print(np.mean(returns[-100:]))''',
    '''def train_epoch(model, loader, opt, clip=1.0):
    model.train()
    total, n = 0.0, 0
    for src, trg in loader:
        opt.zero_grad()
        output = model(src, trg)
        output = output[1:].reshape(-1, output.shape[-1])
        trg = trg[1:].reshape(-1)
        loss = criterion(output, trg)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        total += loss.item() * trg.numel()
        n += trg.numel()
    return total / n
best = float('inf')
for epoch in range(n_epochs):
    tr = train_epoch(model, train_loader, opt)
    va = evaluate(model, valid_loader)
    if va < best:
        best = va
        torch.save(model.state_dict(), 'seq2seq.pt')
    print(f'{epoch:02d} train {tr:.3f} ppl {math.exp(tr):7.2f} valid {va:.3f}')''',
    '''import matplotlib.pyplot as plt
fig, axes = plt.subplots(2, 4, figsize=(10, 5))
for ax, (img, label) in zip(axes.flat, samples):
    ax.imshow(img.squeeze(), cmap='gray')
    ax.set_title(classes[label])
    ax.axis('off')
plt.tight_layout()
plt.savefig('grid.png')
epochs = range(1, len(train_hist) + 1)
plt.figure()
plt.plot(epochs, train_hist, label='train')
plt.plot(epochs, val_hist, label='val')
plt.legend()
plt.show()''',
    '''class EarlyStopping:
    def __init__(self, patience=3, min_delta=0.0):
        self.patience = patience
        self.min_delta = min_delta
        self.best = None
        self.count = 0
    def step(self, value):
        if self.best is None or value < self.best - self.min_delta:
            self.best = value
            self.count = 0
            return False
        self.count += 1
        return self.count >= self.patience
stopper = EarlyStopping(patience=5)
for epoch in range(200):
    train_one_epoch(model, train_loader)
    val = validate(model, val_loader)
    if stopper.step(val):
        print('early stop', epoch)
        break''',
    '''import torch
x = torch.arange(12.).reshape(3, 4)
print(x.sum(0), x.sum(1, keepdim=True))
y = x.unsqueeze(0).expand(2, 3, 4)
print(y.shape, y.is_contiguous())
z = y.permute(2, 0, 1).contiguous().view(4, -1)
print(z.shape)
mask = x > 5
print(x[mask])
idx = torch.tensor([2, 0])
print(x.index_select(0, idx))
print(torch.gather(x, 1, torch.tensor([[0], [1], [2]])))''',
    '''def collate(batch):
    xs, ys = zip(*batch)
    lens = torch.tensor([len(x) for x in xs])
    xs = nn.utils.rnn.pad_sequence(xs, batch_first=True, padding_value=0)
    return xs, lens, torch.tensor(ys)
class TextClassifier(nn.Module):
    def __init__(self, vocab, emb, hid, n_cls):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.rnn = nn.LSTM(emb, hid, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hid, n_cls)
    def forward(self, x, lens):
        e = self.emb(x)
        packed = nn.utils.rnn.pack_padded_sequence(e, lens.cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.rnn(packed)
        h = torch.cat([h[-2], h[-1]], dim=1)
        return self.fc(h)
loader = DataLoader(ds, batch_size=32, shuffle=True, collate_fn=collate)''',
    '''warmup = 500
total_steps = len(loader) * epochs
def lr_lambda(step):
    if step < warmup:
        return step / warmup
    progress = (step - warmup) / max(1, total_steps - warmup)
    return 0.5 * (1 + math.cos(math.pi * progress))
sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda)
step = 0
for epoch in range(epochs):
    for batch in loader:
        loss = model(**batch).loss
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        if step % 100 == 0:
            print(step, sched.get_last_lr()[0], loss.item())''',
    '''def conv_out(n, k, s=1, p=0, d=1):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1
size = 224
for k, s, p in [(7, 2, 3), (3, 2, 1), (3, 1, 1), (3, 2, 1)]:
    size = conv_out(size, k, s, p)
    print(size)
net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
x = torch.randn(1, 3, 32, 32)
for layer in net:
    x = layer(x)
    print(layer.__class__.__name__, tuple(x.shape))
n_params = sum(p.numel() for p in net.parameters() if p.requires_grad)
print('params', n_params)''',
    '''teacher.eval()
T = 4.0
alpha = 0.7
for epoch in range(epochs):
    student.train()
    for x, y in loader:
        with torch.no_grad():
            t_logits = teacher(x)
        s_logits = student(x)
        soft = F.kl_div(F.log_softmax(s_logits / T, -1), F.softmax(t_logits / T, -1), reduction='batchmean') * T * T
        hard = F.cross_entropy(s_logits, y)
        loss = alpha * soft + (1 - alpha) * hard
        opt.zero_grad()
        loss.backward()
        opt.step()
    acc = evaluate(student, test_loader)
    print(epoch, acc)''',
    '''def positional_encoding(max_len, d):
    pe = torch.zeros(max_len, d)
    pos = torch.arange(max_len).unsqueeze(1).float()
    div = torch.exp(torch.arange(0, d, 2).float() * (-math.log(10000.0) / d))
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe
pe = positional_encoding(100, 16)
plt.imshow(pe.numpy(), aspect='auto', cmap='RdBu')
plt.colorbar()
plt.show()
for i in range(0, 16, 4):
    plt.plot(pe[:, i].numpy(), label=f'dim {i}')
plt.legend()''',
    '''results = []
for lr in [1e-3, 3e-3, 1e-2]:
    for wd in [0.0, 1e-4]:
        torch.manual_seed(0)
        model = Net()
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
        for epoch in range(5):
            train(model, opt)
        acc = test(model)
        results.append((lr, wd, acc))
        print(f'lr={lr} wd={wd} acc={acc:.3f}')
best = max(results, key=lambda r: r[2])
print('best', best)''',
    '''replay = deque(maxlen=10000)
def act(state, eps):
    if random.random() < eps:
        return env.action_space.sample()
    with torch.no_grad():
        return q_net(torch.tensor(state).float()).argmax().item()
for episode in range(300):
    state, _ = env.reset()
    eps = max(0.01, 1.0 - episode / 200)
    done = False
    while not done:
        action = act(state, eps)
        nxt, reward, term, trunc, _ = env.step(action)
        done = term or trunc
        replay.append((state, action, reward, nxt, term))
        state = nxt
        if len(replay) >= 64:
            s, a, r, s2, d = map(np.array, zip(*random.sample(replay, 64)))
            q = q_net(torch.tensor(s).float()).gather(1, torch.tensor(a).unsqueeze(1)).squeeze(1)
            with torch.no_grad():
                tgt = torch.tensor(r).float() + 0.99 * target_net(torch.tensor(s2).float()).max(1).values * (1 - torch.tensor(d).float())
            loss = F.smooth_l1_loss(q, tgt)
            opt.zero_grad()
            loss.backward()
            opt.step()
    if episode % 10 == 0:
        target_net.load_state_dict(q_net.state_dict())''',
    '''import time
model.eval()
x = torch.randn(32, 3, 224, 224)
with torch.inference_mode():
    for _ in range(3):
        model(x)
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - t0)
times.sort()
print(f'median {1000 * times[len(times) // 2]:.1f} ms')
print(f'throughput {32 / min(times):.0f} img/s')''',
    # batch 18
    '''def get_pairs(word):
    return set(zip(word, word[1:]))
vocab = {tuple(w) + ('</w>',): c for w, c in word_freq.items()}
merges = []
for i in range(num_merges):
    stats = {}
    for word, freq in vocab.items():
        for pair in zip(word, word[1:]):
            stats[pair] = stats.get(pair, 0) + freq
    if not stats:
        break
    best = max(stats, key=stats.get)
    merges.append(best)
    new_vocab = {}
    for word, freq in vocab.items():
        out, j = [], 0
        while j < len(word):
            if j < len(word) - 1 and (word[j], word[j + 1]) == best:
                out.append(word[j] + word[j + 1])
                j += 2
            else:
                out.append(word[j])
                j += 1
        new_vocab[tuple(out)] = freq
    vocab = new_vocab
print(merges[:10])''',
    '''class LayerNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gamma = nn.Parameter(torch.ones(dim))
        self.beta = nn.Parameter(torch.zeros(dim))
    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, keepdim=True, unbiased=False)
        x_hat = (x - mean) / torch.sqrt(var + self.eps)
        return self.gamma * x_hat + self.beta
ln = LayerNorm(8)
x = torch.randn(2, 5, 8)
ref = nn.LayerNorm(8)
print(torch.allclose(ln(x), ref(x), atol=1e-6))''',
    '''np.random.seed(0)
W1 = np.random.randn(2, 8) * 0.5
b1 = np.zeros(8)
W2 = np.random.randn(8, 1) * 0.5
b2 = np.zeros(1)
lr = 0.5
for epoch in range(2000):
    h = np.tanh(X @ W1 + b1)
    out = 1 / (1 + np.exp(-(h @ W2 + b2)))
    loss = np.mean((out - y) ** 2)
    d_out = 2 * (out - y) / len(X) * out * (1 - out)
    dW2 = h.T @ d_out
    db2 = d_out.sum(0)
    d_h = d_out @ W2.T * (1 - h ** 2)
    dW1 = X.T @ d_h
    db1 = d_h.sum(0)
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2
    if epoch % 500 == 0:
        print(epoch, loss)
print((out > 0.5).astype(int).ravel())''',
    '''def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
model.apply(init_weights)
for name, p in model.named_parameters():
    print(name, tuple(p.shape), f'{p.std().item():.3f}')''',
    '''activations = {}
def hook(name):
    def fn(module, inp, out):
        activations[name] = out.detach()
    return fn
handles = []
for name, m in model.named_modules():
    if isinstance(m, nn.ReLU):
        handles.append(m.register_forward_hook(hook(name)))
model(torch.randn(1, 3, 32, 32))
for h in handles:
    h.remove()
for name, a in activations.items():
    dead = (a == 0).float().mean().item()
    print(f'{name}: {dead:.1%} zeros')''',
    '''ckpt_path = 'ckpt.pt'
start_epoch = 0
if os.path.exists(ckpt_path):
    ckpt = torch.load(ckpt_path, map_location='cpu')
    model.load_state_dict(ckpt['model'])
    optimizer.load_state_dict(ckpt['optimizer'])
    start_epoch = ckpt['epoch'] + 1
    print('resumed from', start_epoch)
for epoch in range(start_epoch, num_epochs):
    train_loss = train_one_epoch(model, optimizer, train_loader)
    torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'epoch': epoch}, ckpt_path)
    print(epoch, train_loss)''',
    '''@torch.no_grad()
def generate(model, idx, max_new_tokens, temperature=1.0, top_k=None):
    for _ in range(max_new_tokens):
        idx_cond = idx[:, -block_size:]
        logits = model(idx_cond)[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = -float('inf')
        probs = F.softmax(logits, dim=-1)
        idx_next = torch.multinomial(probs, num_samples=1)
        idx = torch.cat((idx, idx_next), dim=1)
    return idx
out = generate(model, torch.zeros((1, 1), dtype=torch.long), 200, top_k=10)
print(decode(out[0].tolist()))''',
    '''pairs = []
window = 2
for sent in sentences:
    ids = [w2i[w] for w in sent if w in w2i]
    for i, center in enumerate(ids):
        for j in range(max(0, i - window), min(len(ids), i + window + 1)):
            if j != i:
                pairs.append((center, ids[j]))
pairs = torch.tensor(pairs)
emb_in = nn.Embedding(len(w2i), 50)
emb_out = nn.Embedding(len(w2i), 50)
opt = torch.optim.Adam(list(emb_in.parameters()) + list(emb_out.parameters()), lr=0.01)
for epoch in range(5):
    perm = torch.randperm(len(pairs))
    for k in range(0, len(pairs), 256):
        batch = pairs[perm[k:k + 256]]
        scores = emb_in(batch[:, 0]) @ emb_out.weight.T
        loss = F.cross_entropy(scores, batch[:, 1])
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())''',
    '''model.eval()
nll, n_tokens = 0.0, 0
with torch.no_grad():
    for x, y in val_loader:
        logits = model(x)
        nll += F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), reduction='sum').item()
        n_tokens += y.numel()
ppl = math.exp(nll / n_tokens)
print(f'perplexity {ppl:.2f}')''',
    '''for p in backbone.parameters():
    p.requires_grad = False
backbone.fc = nn.Linear(backbone.fc.in_features, n_classes)
trainable = [p for p in backbone.parameters() if p.requires_grad]
print(sum(p.numel() for p in trainable), 'trainable')
opt = torch.optim.SGD(trainable, lr=0.01, momentum=0.9)
for epoch in range(3):
    for x, y in loader:
        loss = F.cross_entropy(backbone(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())
for p in backbone.layer4.parameters():
    p.requires_grad = True
opt.add_param_group({'params': backbone.layer4.parameters(), 'lr': 0.001})''',
    '''df = pd.read_csv('data.csv')
df = df.dropna(subset=['text'])
df['len'] = df['text'].str.len()
print(df['label'].value_counts())
train_df = df.sample(frac=0.8, random_state=0)
test_df = df.drop(train_df.index)
for name, part in [('train', train_df), ('test', test_df)]:
    print(name, len(part), part['len'].mean())
    part.to_csv(f'{name}.csv', index=False)''',
    '''def dropout(x, p, training=True):
    if not training or p == 0:
        return x
    mask = (torch.rand_like(x) > p).float()
    return mask * x / (1 - p)
x = torch.ones(1000)
for p in [0.1, 0.5, 0.9]:
    y = dropout(x, p)
    print(p, (y == 0).float().mean().item(), y.mean().item())''',
    '''scaler = torch.cuda.amp.GradScaler()
accum_steps = 8
model.train()
for i, (x, y) in enumerate(loader):
    x, y = x.cuda(non_blocking=True), y.cuda(non_blocking=True)
    with torch.autocast('cuda', dtype=torch.float16):
        loss = criterion(model(x), y) / accum_steps
    scaler.scale(loss).backward()
    if (i + 1) % accum_steps == 0:
        scaler.unscale_(optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)
    if i % 100 == 0:
        print(i, loss.item() * accum_steps)''',
    '''attn = weights[0].detach().numpy()
fig, ax = plt.subplots(figsize=(6, 6))
im = ax.imshow(attn, cmap='viridis')
ax.set_xticks(range(len(src_tokens)))
ax.set_xticklabels(src_tokens, rotation=90)
ax.set_yticks(range(len(tgt_tokens)))
ax.set_yticklabels(tgt_tokens)
for i in range(len(tgt_tokens)):
    for j in range(len(src_tokens)):
        if attn[i, j] > 0.3:
            ax.text(j, i, f'{attn[i, j]:.2f}', ha='center', color='w')
fig.colorbar(im)
plt.show()''',
    # batch 19
    '''class ResidualBlock(nn.Module):
    def __init__(self, c_in, c_out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Sequential()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))
    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = out + self.shortcut(x)
        return F.relu(out)
block = ResidualBlock(16, 32, stride=2)
print(block(torch.randn(2, 16, 8, 8)).shape)''',
    '''train_losses, val_accs = [], []
for epoch in range(1, epochs + 1):
    model.train()
    running = 0.0
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        running += loss.item()
        if batch_idx % log_interval == 0:
            print(f'epoch {epoch} [{batch_idx * len(data)}/{len(train_loader.dataset)}] loss {loss.item():.4f}')
    train_losses.append(running / len(train_loader))
    model.eval()
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            pred = model(data).argmax(dim=1)
            correct += (pred == target).sum().item()
    val_accs.append(correct / len(test_loader.dataset))
    print(f'epoch {epoch} val acc {val_accs[-1]:.3f}')''',
    '''def sinusoid_data(n=1000, seq=20):
    t = np.linspace(0, 100, n + seq)
    s = np.sin(t) + 0.1 * np.random.randn(len(t))
    X = np.stack([s[i:i + seq] for i in range(n)])
    y = s[seq:seq + n]
    return torch.tensor(X, dtype=torch.float32).unsqueeze(-1), torch.tensor(y, dtype=torch.float32)
X, y = sinusoid_data()
class Forecaster(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)
    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1]).squeeze(-1)
net = Forecaster()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for step in range(300):
    loss = F.mse_loss(net(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(loss.item())''',
    '''tokens = text.split()
bigrams = collections.Counter(zip(tokens, tokens[1:]))
unigrams = collections.Counter(tokens)
V = len(unigrams)
def prob(w1, w2, k=1):
    return (bigrams[w1, w2] + k) / (unigrams[w1] + k * V)
test = heldout.split()
log_p = 0.0
for w1, w2 in zip(test, test[1:]):
    log_p += math.log(prob(w1, w2))
ppl = math.exp(-log_p / (len(test) - 1))
print(f'bigram perplexity {ppl:.1f}')''',
    '''class Trainer:
    def __init__(self, model, opt, device='cpu'):
        self.model = model.to(device)
        self.opt = opt
        self.device = device
        self.history = []
    def fit(self, loader, epochs):
        for epoch in range(epochs):
            total = 0.0
            for x, y in loader:
                x, y = x.to(self.device), y.to(self.device)
                loss = F.cross_entropy(self.model(x), y)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                total += loss.item()
            self.history.append(total / len(loader))
        return self.history
trainer = Trainer(model, torch.optim.Adam(model.parameters()))
print(trainer.fit(loader, 5))''',
    '''x = torch.tensor(2.0, requires_grad=True)
y = x ** 3 + 2 * x
y.backward()
print(x.grad)
x.grad.zero_()
z = torch.sin(x) * torch.exp(x)
z.backward()
print(x.grad, torch.cos(x) * torch.exp(x) + torch.sin(x) * torch.exp(x))
a = torch.randn(3, requires_grad=True)
b = (a * a).sum()
g, = torch.autograd.grad(b, a, create_graph=True)
h = torch.autograd.grad(g.sum(), a)[0]
print(g, h)''',
    '''def evaluate(model, loader):
    model.eval()
    all_preds, all_labels = [], []
    with torch.no_grad():
        for x, y in loader:
            all_preds.append(model(x).argmax(1))
            all_labels.append(y)
    preds = torch.cat(all_preds)
    labels = torch.cat(all_labels)
    acc = (preds == labels).float().mean().item()
    f1s = []
    for c in range(n_classes):
        tp = ((preds == c) & (labels == c)).sum().item()
        fp = ((preds == c) & (labels != c)).sum().item()
        fn = ((preds != c) & (labels == c)).sum().item()
        f1s.append(2 * tp / max(2 * tp + fp + fn, 1))
    return acc, sum(f1s) / n_classes''',
    '''transform = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.RandomCrop(32, padding=4), transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
train_set = datasets.CIFAR10('data', train=True, download=False, transform=transform)
loader = DataLoader(train_set, batch_size=128, shuffle=True, num_workers=2)
mean = torch.zeros(3)
std = torch.zeros(3)
n = 0
for imgs, _ in loader:
    b = imgs.size(0)
    flat = imgs.view(b, 3, -1)
    mean += flat.mean(2).sum(0)
    std += flat.std(2).sum(0)
    n += b
mean /= n
std /= n
print(mean, std)''',
    '''rewards_per_arm = np.zeros(k)
pulls = np.zeros(k)
total = 0
for t in range(1, steps + 1):
    if t <= k:
        arm = t - 1
    else:
        ucb = rewards_per_arm / pulls + np.sqrt(2 * np.log(t) / pulls)
        arm = int(np.argmax(ucb))
    r = bandit.pull(arm)
    rewards_per_arm[arm] += r
    pulls[arm] += 1
    total += r
print('average reward', total / steps)
print('pulls', pulls)''',
    '''src = torch.randint(1, 100, (10, 32))
tgt = torch.randint(1, 100, (12, 32))
model = nn.Transformer(d_model=64, nhead=4, num_encoder_layers=2, num_decoder_layers=2)
embed = nn.Embedding(100, 64)
proj = nn.Linear(64, 100)
mask = model.generate_square_subsequent_mask(tgt.size(0) - 1)
opt = torch.optim.Adam(list(model.parameters()) + list(embed.parameters()) + list(proj.parameters()), lr=1e-4)
for it in range(100):
    out = model(embed(src), embed(tgt[:-1]), tgt_mask=mask)
    logits = proj(out)
    loss = F.cross_entropy(logits.reshape(-1, 100), tgt[1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 20 == 0:
        print(it, loss.item())''',
    '''seen = set()
dupes = []
for path in sorted(Path('images').glob('*.jpg')):
    digest = hashlib.md5(path.read_bytes()).hexdigest()
    if digest in seen:
        dupes.append(path)
        continue
    seen.add(digest)
print(len(dupes), 'duplicates')
for p in dupes:
    p.unlink()''',
    '''losses = {'train': [], 'val': []}
for epoch in range(n_epochs):
    for phase in ['train', 'val']:
        model.train(phase == 'train')
        epoch_loss = 0.0
        for x, y in loaders[phase]:
            with torch.set_grad_enabled(phase == 'train'):
                loss = criterion(model(x), y)
                if phase == 'train':
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
            epoch_loss += loss.item() * x.size(0)
        losses[phase].append(epoch_loss / sizes[phase])
    print(epoch, losses['train'][-1], losses['val'][-1])''',
    '''def sample_gumbel(shape, eps=1e-20):
    u = torch.rand(shape)
    return -torch.log(-torch.log(u + eps) + eps)
def gumbel_softmax(logits, tau=1.0, hard=False):
    y = F.softmax((logits + sample_gumbel(logits.shape)) / tau, dim=-1)
    if hard:
        idx = y.argmax(-1, keepdim=True)
        y_hard = torch.zeros_like(y).scatter_(-1, idx, 1.0)
        y = (y_hard - y).detach() + y
    return y
logits = torch.tensor([[1.0, 2.0, 0.5]])
counts = torch.zeros(3)
for _ in range(1000):
    counts += gumbel_softmax(logits, hard=True)[0]
print(counts / 1000, F.softmax(logits, -1))''',
    '''model = torchvision.models.resnet18(weights=None)
model.fc = nn.Linear(model.fc.in_features, 2)
summary = []
for name, module in model.named_children():
    n = sum(p.numel() for p in module.parameters())
    summary.append((name, n))
width = max(len(name) for name, _ in summary)
for name, n in summary:
    print(name.ljust(width), f'{n:,}')
print('total', f'{sum(n for _, n in summary):,}')''',
    # batch 20
    '''class PatchEmbed(nn.Module):
    def __init__(self, img=32, patch=4, c=3, d=64):
        super().__init__()
        self.n = (img // patch) ** 2
        self.proj = nn.Conv2d(c, d, patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        self.pos = nn.Parameter(torch.randn(1, self.n + 1, d) * 0.02)
    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        cls = self.cls.expand(x.size(0), -1, -1)
        x = torch.cat([cls, x], dim=1)
        return x + self.pos
emb = PatchEmbed()
print(emb(torch.randn(2, 3, 32, 32)).shape)''',
    '''history = []
for epoch in range(num_epochs):
    model.train()
    for step, (x, y) in enumerate(train_dl):
        logits = model(x)
        loss = F.cross_entropy(logits, y, label_smoothing=0.1)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in val_dl:
            correct += (model(x).argmax(-1) == y).sum().item()
            total += len(y)
    history.append(correct / total)
    print(f'epoch {epoch}: acc {history[-1]:.3f}')
plt.plot(history)
plt.show()''',
    '''def precision_at_k(ranked, relevant, k):
    hits = sum(1 for doc in ranked[:k] if doc in relevant)
    return hits / k
def average_precision(ranked, relevant):
    score, hits = 0.0, 0
    for i, doc in enumerate(ranked, 1):
        if doc in relevant:
            hits += 1
            score += hits / i
    return score / max(len(relevant), 1)
aps = []
for q, ranked in results.items():
    aps.append(average_precision(ranked, qrels[q]))
print('MAP', sum(aps) / len(aps))''',
    '''states = torch.zeros(T + 1, n)
actions = torch.zeros(T, dtype=torch.long)
rewards = torch.zeros(T)
obs = env.reset()
for t in range(T):
    states[t] = torch.as_tensor(obs)
    with torch.no_grad():
        probs = policy(states[t])
    actions[t] = torch.multinomial(probs, 1).item()
    obs, rewards[t], done, _ = env.step(actions[t].item())
    if done:
        obs = env.reset()
states[T] = torch.as_tensor(obs)
advantages = compute_gae(rewards, values(states), gamma=0.99, lam=0.95)''',
    '''lines = open('poems.txt', encoding='utf-8').read().splitlines()
lines = [l.strip() for l in lines if l.strip()]
chars = sorted(set(''.join(lines)))
print(len(lines), 'lines', len(chars), 'chars')
stoi = {c: i + 1 for i, c in enumerate(chars)}
max_len = max(len(l) for l in lines)
X = torch.zeros(len(lines), max_len, dtype=torch.long)
for i, l in enumerate(lines):
    for j, c in enumerate(l):
        X[i, j] = stoi[c]
print(X.shape)''',
    '''class CharRNN(nn.Module):
    def __init__(self, vocab, hidden=128, layers=2):
        super().__init__()
        self.hidden = hidden
        self.layers = layers
        self.emb = nn.Embedding(vocab, hidden)
        self.rnn = nn.GRU(hidden, hidden, layers, batch_first=True)
        self.out = nn.Linear(hidden, vocab)
    def forward(self, x, h=None):
        y, h = self.rnn(self.emb(x), h)
        return self.out(y), h
    def init_hidden(self, batch):
        return torch.zeros(self.layers, batch, self.hidden)
net = CharRNN(len(chars) + 1)
h = net.init_hidden(16)
for x, y in batches:
    h = h.detach()
    logits, h = net(x, h)
    loss = F.cross_entropy(logits.transpose(1, 2), y)
    opt.zero_grad()
    loss.backward()
    opt.step()''',
    '''sweep = {}
for bs in [16, 64, 256]:
    loader = DataLoader(ds, batch_size=bs, shuffle=True)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1 * bs / 64)
    t0 = time.time()
    for epoch in range(3):
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    sweep[bs] = (loss.item(), time.time() - t0)
for bs, (loss, secs) in sweep.items():
    print(f'{bs:4d} {loss:.3f} {secs:.1f}s')''',
    '''def cosine_sim(a, b):
    return (a @ b.T) / (a.norm(dim=1, keepdim=True) * b.norm(dim=1).unsqueeze(0))
emb = model.embed.weight.detach()
query = ['king', 'paris', 'cat']
for word in query:
    if word not in w2i:
        print('missing', word)
        continue
    sims = cosine_sim(emb[w2i[word]].unsqueeze(0), emb)[0]
    best = sims.topk(6).indices.tolist()[1:]
    print(word, [i2w[i] for i in best])''',
    '''model = nn.Linear(10, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(64, 10), torch.randn(64, 1)
opt.zero_grad()
for xb, yb in zip(x.split(16), y.split(16)):
    loss = F.mse_loss(model(xb), yb) * len(xb) / len(x)
    loss.backward()
g_accum = model.weight.grad.clone()
opt.zero_grad()
F.mse_loss(model(x), y).backward()
print(torch.allclose(g_accum, model.weight.grad, atol=1e-6))''',
    '''writer = SummaryWriter('runs/exp1')
global_step = 0
for epoch in range(epochs):
    for x, y in loader:
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        writer.add_scalar('train/loss', loss.item(), global_step)
        global_step += 1
    for name, p in model.named_parameters():
        writer.add_histogram(name, p, epoch)
writer.close()''',
    '''n_samples = 10000
inside = 0
for _ in range(n_samples):
    x, y = random.random(), random.random()
    if x * x + y * y <= 1:
        inside += 1
print(4 * inside / n_samples)
pts = torch.rand(n_samples, 2)
est = 4 * (pts.pow(2).sum(1) <= 1).float().mean()
print(est.item())''',
    '''class Attention(nn.Module):
    def __init__(self, enc_dim, dec_dim, attn_dim):
        super().__init__()
        self.W = nn.Linear(enc_dim + dec_dim, attn_dim)
        self.v = nn.Linear(attn_dim, 1, bias=False)
    def forward(self, hidden, enc_out, mask=None):
        T = enc_out.size(1)
        h = hidden.unsqueeze(1).repeat(1, T, 1)
        energy = torch.tanh(self.W(torch.cat([h, enc_out], dim=2)))
        scores = self.v(energy).squeeze(2)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, -1e10)
        return F.softmax(scores, dim=1)''',
    '''results = defaultdict(list)
for seed in range(5):
    set_seed(seed)
    for name, build in models.items():
        net = build()
        acc = train_and_eval(net, epochs=10)
        results[name].append(acc)
for name, accs in results.items():
    accs = np.array(accs)
    print(f'{name:12s} {accs.mean():.3f} +- {accs.std():.3f}')''',
    '''import torch.nn.utils.prune as prune
for module in model.modules():
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        prune.l1_unstructured(module, name='weight', amount=0.3)
total = zeros = 0
for module in model.modules():
    if hasattr(module, 'weight_mask'):
        total += module.weight_mask.numel()
        zeros += (module.weight_mask == 0).sum().item()
print(f'sparsity {zeros / total:.1%}')
acc = evaluate(model, test_loader)
print('accuracy after pruning', acc)''',
    # batch 21
    '''class Encoder(nn.Module):
    def __init__(self, vocab, emb, hid, layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hid, layers, dropout=dropout)
        self.dropout = nn.Dropout(dropout)
    def forward(self, src):
        embedded = self.dropout(self.embedding(src))
        outputs, (hidden, cell) = self.rnn(embedded)
        return hidden, cell
class Seq2Seq(nn.Module):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
    def forward(self, src, trg, teacher_forcing=0.5):
        T, B = trg.shape
        outputs = torch.zeros(T, B, self.decoder.output_dim)
        hidden, cell = self.encoder(src)
        inp = trg[0]
        for t in range(1, T):
            out, hidden, cell = self.decoder(inp, hidden, cell)
            outputs[t] = out
            top1 = out.argmax(1)
            inp = trg[t] if random.random() < teacher_forcing else top1
        return outputs''',
    '''mu, sigma = 0.0, 1.0
samples = []
x = 0.0
accepted = 0
for i in range(20000):
    prop = x + np.random.normal(0, 0.5)
    ratio = target_pdf(prop) / target_pdf(x)
    if np.random.rand() < ratio:
        x = prop
        accepted += 1
    if i >= 2000:
        samples.append(x)
print('acceptance', accepted / 20000)
print(np.mean(samples), np.std(samples))''',
    '''def train(model, loader, epochs, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        model.train()
        pbar = tqdm(loader, desc=f'epoch {epoch}')
        for x, y in pbar:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            pbar.set_postfix(loss=f'{loss.item():.3f}')
    return model
model = train(Net(), train_loader, epochs=3, lr=1e-3)
torch.save(model.state_dict(), 'net.pt')''',
    '''a = torch.randn(4, 3)
b = torch.randn(3, 5)
manual = torch.zeros(4, 5)
for i in range(4):
    for j in range(5):
        for k in range(3):
            manual[i, j] += a[i, k] * b[k, j]
print(torch.allclose(manual, a @ b, atol=1e-6))
print(torch.einsum('ik,kj->ij', a, b).shape)
batch = torch.randn(8, 4, 3)
print(torch.einsum('bik,kj->bij', batch, b).shape)''',
    '''probs = []
targets = []
model.eval()
with torch.no_grad():
    for x, y in loader:
        probs.append(torch.sigmoid(model(x)).squeeze(1))
        targets.append(y)
probs = torch.cat(probs).numpy()
targets = torch.cat(targets).numpy()
thresholds = np.linspace(0, 1, 101)
tprs, fprs = [], []
for th in thresholds:
    pred = probs >= th
    tprs.append((pred & (targets == 1)).sum() / (targets == 1).sum())
    fprs.append((pred & (targets == 0)).sum() / (targets == 0).sum())
auc = -np.trapz(tprs, fprs)
print(f'AUC {auc:.3f}')''',
    '''class MLP(nn.Module):
    def __init__(self, sizes, act=nn.ReLU, dropout=0.0):
        super().__init__()
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2:
                layers.append(act())
                if dropout > 0:
                    layers.append(nn.Dropout(dropout))
        self.net = nn.Sequential(*layers)
    def forward(self, x):
        return self.net(x)
mlp = MLP([784, 256, 128, 10], dropout=0.2)
print(mlp)''',
    '''x = torch.linspace(-3, 3, 100, requires_grad=True)
acts = {'relu': F.relu, 'gelu': F.gelu, 'silu': F.silu, 'tanh': torch.tanh}
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for name, fn in acts.items():
    y = fn(x)
    (g,) = torch.autograd.grad(y.sum(), x)
    axes[0].plot(x.detach(), y.detach(), label=name)
    axes[1].plot(x.detach(), g, label=name)
axes[0].set_title('activation')
axes[1].set_title('derivative')
axes[0].legend()
plt.show()''',
    '''ds = load_dataset('imdb')
tok = AutoTokenizer.from_pretrained(model_name)
def preprocess(batch):
    return tok(batch['text'], truncation=True, max_length=256)
ds = ds.map(preprocess, batched=True)
model = AutoModelForSequenceClassification.from_pretrained(model_name, num_labels=2)
args = TrainingArguments('out', per_device_train_batch_size=16, num_train_epochs=1, evaluation_strategy='epoch', learning_rate=2e-5)
trainer = Trainer(model=model, args=args, train_dataset=ds['train'], eval_dataset=ds['test'], tokenizer=tok)
trainer.train()
print(trainer.evaluate())''',
    '''episode_rewards = []
for ep in range(n_episodes):
    state = env.reset()
    done = False
    ep_reward = 0.0
    while not done:
        action = agent.act(state)
        next_state, reward, done, _ = env.step(action)
        agent.remember(state, action, reward, next_state, done)
        agent.learn()
        state = next_state
        ep_reward += reward
    episode_rewards.append(ep_reward)
    if ep % 20 == 0:
        avg = np.mean(episode_rewards[-20:])
        print(f'episode {ep} avg reward {avg:.1f}')
        if avg >= solved_at:
            print('solved')
            break''',
    '''def make_moons_tensor(n=500, noise=0.1):
    X, y = make_moons(n_samples=n, noise=noise, random_state=0)
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y)
X, y = make_moons_tensor()
clf = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
opt = torch.optim.Adam(clf.parameters(), lr=0.05)
for it in range(500):
    loss = F.cross_entropy(clf(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
xx, yy = torch.meshgrid(torch.linspace(-2, 3, 200), torch.linspace(-1.5, 2, 200), indexing='xy')
grid = torch.stack([xx.ravel(), yy.ravel()], 1)
with torch.no_grad():
    zz = clf(grid).argmax(1).reshape(xx.shape)
plt.contourf(xx, yy, zz, alpha=0.3)
plt.scatter(X[:, 0], X[:, 1], c=y, s=8)
plt.show()''',
    '''losses = []
for it in range(n_iters):
    idx = torch.randint(0, len(X), (bs,))
    xb, yb = X[idx], Y[idx]
    emb = C[xb]
    h = torch.tanh(emb.view(-1, block * d) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, yb)
    for p in params:
        p.grad = None
    loss.backward()
    lr = 0.1 if it < n_iters // 2 else 0.01
    for p in params:
        p.data += -lr * p.grad
    losses.append(loss.item())
print(min(losses))''',
    '''def save_checkpoint(state, is_best, path='checkpoint.pt'):
    torch.save(state, path)
    if is_best:
        shutil.copyfile(path, 'model_best.pt')
best_acc1 = 0
for epoch in range(args.start_epoch, args.epochs):
    adjust_learning_rate(optimizer, epoch, args)
    train(train_loader, model, criterion, optimizer, epoch)
    acc1 = validate(val_loader, model, criterion)
    is_best = acc1 > best_acc1
    best_acc1 = max(acc1, best_acc1)
    save_checkpoint({'epoch': epoch + 1, 'state_dict': model.state_dict(), 'best_acc1': best_acc1}, is_best)''',
    '''counts = Counter()
for doc in docs:
    tokens = set(tokenize(doc))
    for t in tokens:
        counts[t] += 1
N = len(docs)
idf = {t: math.log(N / (1 + df)) for t, df in counts.items()}
def tfidf(doc):
    tf = Counter(tokenize(doc))
    total = sum(tf.values())
    return {t: c / total * idf.get(t, 0.0) for t, c in tf.items()}
vec = tfidf(docs[0])
print(sorted(vec.items(), key=lambda kv: -kv[1])[:5])''',
    '''model.train()
for m in model.modules():
    if isinstance(m, nn.BatchNorm2d):
        m.reset_running_stats()
        m.momentum = None
with torch.no_grad():
    for i, (x, _) in enumerate(loader):
        model(x)
        if i >= 50:
            break
model.eval()
print(evaluate(model, test_loader))''',
    # batch 22
    '''class Discriminator(nn.Module):
    def __init__(self, ch=64):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, ch, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(ch, ch * 2, 4, 2, 1), nn.BatchNorm2d(ch * 2), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(ch * 2 * 7 * 7, 1))
    def forward(self, x):
        return self.net(x).squeeze(1)
def gradient_penalty(D, real, fake):
    eps = torch.rand(real.size(0), 1, 1, 1)
    mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
    out = D(mix)
    grad, = torch.autograd.grad(out.sum(), mix, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()''',
    '''for epoch in range(epochs):
    for i, (real, _) in enumerate(loader):
        for _ in range(n_critic):
            z = torch.randn(real.size(0), z_dim)
            fake = G(z).detach()
            loss_d = D(fake).mean() - D(real).mean() + 10 * gradient_penalty(D, real, fake)
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
        z = torch.randn(real.size(0), z_dim)
        loss_g = -D(G(z)).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
        if i % 200 == 0:
            print(epoch, i, loss_d.item(), loss_g.item())''',
    '''import random
random.seed(0)
data = list(range(100))
random.shuffle(data)
folds = [data[i::5] for i in range(5)]
for k in range(5):
    test = folds[k]
    train = [x for j, f in enumerate(folds) if j != k for x in f]
    assert not set(test) & set(train)
    print(k, len(train), len(test))''',
    '''model.eval()
x = img.unsqueeze(0).requires_grad_(True)
scores = model(x)
top = scores.argmax(1).item()
scores[0, top].backward()
saliency = x.grad.abs().max(dim=1)[0].squeeze()
fig, ax = plt.subplots(1, 2)
ax[0].imshow(img.permute(1, 2, 0))
ax[1].imshow(saliency, cmap='hot')
for a in ax:
    a.axis('off')
plt.show()''',
    '''def build_vocab(texts, min_freq=2, specials=('<pad>', '<unk>', '<bos>', '<eos>')):
    freq = Counter(tok for t in texts for tok in t.split())
    itos = list(specials)
    for tok, c in freq.most_common():
        if c < min_freq:
            break
        itos.append(tok)
    stoi = {t: i for i, t in enumerate(itos)}
    return stoi, itos
stoi, itos = build_vocab(train_texts)
print(len(itos), itos[:10])''',
    '''opt = torch.optim.SGD(model.parameters(), lr=base_lr, momentum=0.9, weight_decay=5e-4)
step = 0
for epoch in range(epochs):
    for x, y in train_loader:
        if step < warmup_steps:
            lr = base_lr * (step + 1) / warmup_steps
        else:
            lr = base_lr * 0.5 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps)))
        for g in opt.param_groups:
            g['lr'] = lr
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
    print(epoch, lr, loss.item())''',
    '''class PositionwiseFF(nn.Module):
    def __init__(self, d, hidden, p=0.1):
        super().__init__()
        self.w1 = nn.Linear(d, hidden)
        self.w2 = nn.Linear(hidden, d)
        self.drop = nn.Dropout(p)
    def forward(self, x):
        return self.w2(self.drop(F.gelu(self.w1(x))))
class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(d)
        self.ff = PositionwiseFF(d, 4 * d)
    def forward(self, x, mask=None):
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + a
        x = x + self.ff(self.ln2(x))
        return x''',
    '''torch.manual_seed(0)
true_w = torch.tensor([2.0, -3.4])
true_b = 4.2
X = torch.randn(1000, 2)
y = X @ true_w + true_b + 0.01 * torch.randn(1000)
w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    for i in range(0, 1000, 10):
        xb, yb = X[i:i + 10], y[i:i + 10]
        l = ((xb @ w + b - yb) ** 2 / 2).mean()
        l.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= 0.03 * p.grad
                p.grad.zero_()
    with torch.no_grad():
        print(epoch, ((X @ w + b - y) ** 2 / 2).mean().item())
print(w, b)''',
    '''paths = sorted(glob.glob('data/*.wav'))
features = []
labels = []
for p in paths:
    wav, sr = torchaudio.load(p)
    if sr != 16000:
        wav = torchaudio.functional.resample(wav, sr, 16000)
    mel = torchaudio.transforms.MelSpectrogram(16000, n_mels=64)(wav)
    features.append(mel.log1p().mean(-1))
    labels.append(label_of(p))
features = torch.stack(features)
print(features.shape, Counter(labels))''',
    '''def evaluate_bleu(model, pairs, n=100):
    refs, hyps = [], []
    for src, ref in pairs[:n]:
        out = translate(model, src)
        hyps.append(out.split())
        refs.append([ref.split()])
    return corpus_bleu(refs, hyps)
scores = {}
for name in ['greedy', 'beam']:
    model.decode_mode = name
    scores[name] = evaluate_bleu(model, test_pairs)
    print(name, round(scores[name] * 100, 2))''',
    '''ema_loss = None
for step in range(max_steps):
    batch = next(train_iter)
    loss = model(**batch).loss
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    ema_loss = loss.item() if ema_loss is None else 0.98 * ema_loss + 0.02 * loss.item()
    if step % 50 == 0:
        print(f'step {step} loss {ema_loss:.3f}')
    if step > 0 and step % 1000 == 0:
        model.save_pretrained(f'ckpt-{step}')''',
    '''hidden = None
total_loss = 0.0
for i in range(0, data.size(0) - 1, bptt):
    seq_len = min(bptt, data.size(0) - 1 - i)
    x = data[i:i + seq_len]
    y = data[i + 1:i + 1 + seq_len]
    if hidden is not None:
        hidden = tuple(h.detach() for h in hidden)
    out, hidden = model(x, hidden)
    loss = criterion(out.view(-1, ntokens), y.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
    optimizer.step()
    total_loss += loss.item() * seq_len
print(math.exp(total_loss / (data.size(0) - 1)))''',
    '''quantized = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
def size_mb(m):
    torch.save(m.state_dict(), 'tmp.pt')
    s = os.path.getsize('tmp.pt') / 1e6
    os.remove('tmp.pt')
    return s
print(f'{size_mb(model):.1f} MB -> {size_mb(quantized):.1f} MB')
x = torch.randn(1, 128)
with torch.no_grad():
    diff = (model(x) - quantized(x)).abs().max()
print('max diff', diff.item())''',
    '''grid = np.zeros((5, 5))
V = np.zeros_like(grid)
gamma = 0.9
while True:
    delta = 0
    for s in states:
        if s in terminal:
            continue
        v = V[s]
        V[s] = max(sum(p * (r + gamma * V[s2]) for p, s2, r in transitions(s, a)) for a in actions)
        delta = max(delta, abs(v - V[s]))
    if delta < 1e-4:
        break
print(V.round(2))''',
    # batch 23
    '''class ConvNet(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.25), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, n_classes))
    def forward(self, x):
        return self.classifier(self.features(x))
model = ConvNet().to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(5):
    model.train()
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)
        loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f'epoch {epoch + 1}: loss {loss.item():.4f}')''',
    '''def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
W = np.zeros((n_features, n_classes))
for it in range(500):
    P = softmax(X @ W)
    grad = X.T @ (P - Y_onehot) / len(X)
    W -= 0.5 * grad
    if it % 100 == 0:
        nll = -np.log(P[np.arange(len(X)), y] + 1e-12).mean()
        print(it, round(nll, 4))
acc = (softmax(X @ W).argmax(1) == y).mean()
print('train acc', acc)''',
    '''vocab_size = 5000
emb = nn.Embedding(vocab_size, 128)
conv = nn.Conv1d(128, 100, kernel_size=3, padding=1)
fc = nn.Linear(100, 2)
def classify(ids):
    x = emb(ids).transpose(1, 2)
    x = F.relu(conv(x))
    x = x.max(dim=2).values
    return fc(x)
params = list(emb.parameters()) + list(conv.parameters()) + list(fc.parameters())
opt = torch.optim.Adam(params, lr=1e-3)
for ids, labels in loader:
    loss = F.cross_entropy(classify(ids), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(loss.item())''',
    '''total_reward = 0.0
obs = env.reset()
frames = []
for t in range(1000):
    frames.append(env.render())
    with torch.no_grad():
        action = policy(torch.as_tensor(obs, dtype=torch.float32)).argmax().item()
    obs, reward, done, info = env.step(action)
    total_reward += reward
    if done:
        break
env.close()
print(f'return {total_reward} in {t + 1} steps')
imageio.mimsave('run.gif', frames, fps=30)''',
    '''def train_val_split(n, val_frac=0.1, seed=0):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(n, generator=g)
    n_val = int(n * val_frac)
    return perm[n_val:], perm[:n_val]
train_idx, val_idx = train_val_split(len(dataset))
train_ds = Subset(dataset, train_idx)
val_ds = Subset(dataset, val_idx)
print(len(train_ds), len(val_ds))
counts = torch.zeros(10)
for _, label in train_ds:
    counts[label] += 1
print(counts / counts.sum())''',
    '''class Node:
    def __init__(self, token, logp, parent=None):
        self.token = token
        self.logp = logp
        self.parent = parent
    def sequence(self):
        out, node = [], self
        while node is not None:
            out.append(node.token)
            node = node.parent
        return out[::-1]
root = Node(bos, 0.0)
frontier = [root]
for step in range(max_len):
    candidates = []
    for node in frontier:
        logp = model.step(node.sequence())
        for tok in logp.topk(k).indices.tolist():
            candidates.append(Node(tok, node.logp + logp[tok].item(), node))
    frontier = sorted(candidates, key=lambda n: -n.logp)[:k]
print(frontier[0].sequence())''',
    '''optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.5, patience=2)
for epoch in range(50):
    train_loss = 0.0
    for xb, yb in train_loader:
        pred = model(xb)
        loss = F.mse_loss(pred, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_loss += loss.item()
    val_loss = evaluate(model, val_loader)
    scheduler.step(val_loss)
    print(epoch, train_loss / len(train_loader), val_loss, optimizer.param_groups[0]['lr'])''',
    '''import re
pattern = re.compile(r"[\\w']+|[.,!?;]")
def tokenize(s):
    return pattern.findall(s.lower())
sentences = [tokenize(s) for s in raw]
lengths = [len(s) for s in sentences]
print(min(lengths), max(lengths), sum(lengths) / len(lengths))
long = [s for s in sentences if len(s) > 50]
for s in long[:3]:
    print(' '.join(s[:20]), '...')''',
    '''x = torch.randn(5, 3)
W = torch.randn(3, 4, requires_grad=True)
y = torch.relu(x @ W)
loss = y.pow(2).mean()
loss.backward()
mask = (x @ W > 0).float()
manual = x.T @ (2 * y * mask / y.numel())
print(torch.allclose(W.grad, manual, atol=1e-6))
W.grad = None
loss2 = torch.sigmoid(x @ W).sum()
loss2.backward()
s = torch.sigmoid(x @ W)
print(torch.allclose(W.grad, x.T @ (s * (1 - s)), atol=1e-6))''',
    '''history = {'loss': [], 'acc': []}
for epoch in range(epochs):
    epoch_loss, correct, seen = 0.0, 0, 0
    for x, y in loader:
        out = model(x)
        loss = criterion(out, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(y)
        correct += (out.argmax(1) == y).sum().item()
        seen += len(y)
    history['loss'].append(epoch_loss / seen)
    history['acc'].append(correct / seen)
fig, (a1, a2) = plt.subplots(1, 2)
a1.plot(history['loss'])
a2.plot(history['acc'])
plt.show()''',
    '''def knn_predict(train_x, train_y, x, k=5):
    d = torch.cdist(x, train_x)
    idx = d.topk(k, largest=False).indices
    votes = train_y[idx]
    return torch.mode(votes, dim=1).values
correct = 0
for i in range(0, len(test_x), 256):
    pred = knn_predict(train_x, train_y, test_x[i:i + 256])
    correct += (pred == test_y[i:i + 256]).sum().item()
print('knn acc', correct / len(test_x))''',
    '''class Tokenizer:
    def __init__(self, chars):
        self.stoi = {c: i for i, c in enumerate(chars)}
        self.itos = {i: c for c, i in self.stoi.items()}
    def encode(self, s):
        return [self.stoi[c] for c in s if c in self.stoi]
    def decode(self, ids):
        return ''.join(self.itos[i] for i in ids)
tok = Tokenizer(sorted(set(text)))
ids = tok.encode('hello world')
print(ids)
assert tok.decode(ids) == 'hello world'
''',
    '''lambdas = [0.0, 1e-4, 1e-3, 1e-2, 1e-1]
val_errors = []
for lam in lambdas:
    w = np.linalg.solve(X_tr.T @ X_tr + lam * np.eye(X_tr.shape[1]), X_tr.T @ y_tr)
    err = np.mean((X_va @ w - y_va) ** 2)
    val_errors.append(err)
    print(f'lambda={lam:g} val mse={err:.4f}')
best = lambdas[int(np.argmin(val_errors))]
w = np.linalg.solve(X_tr.T @ X_tr + best * np.eye(X_tr.shape[1]), X_tr.T @ y_tr)
print('test mse', np.mean((X_te @ w - y_te) ** 2))''',
    '''model.train()
for step in range(num_steps):
    try:
        x, y = next(it)
    except StopIteration:
        it = iter(loader)
        x, y = next(it)
    loss = F.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, loss.item())''',
    # batch 24
    '''class SelfAttention(nn.Module):
    def __init__(self, d, n_heads, block):
        super().__init__()
        self.n_heads = n_heads
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d)
        self.register_buffer('mask', torch.tril(torch.ones(block, block)).view(1, 1, block, block))
    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q = q.view(B, T, self.n_heads, -1).transpose(1, 2)
        k = k.view(B, T, self.n_heads, -1).transpose(1, 2)
        v = v.view(B, T, self.n_heads, -1).transpose(1, 2)
        att = q @ k.transpose(-2, -1) * k.size(-1) ** -0.5
        att = att.masked_fill(self.mask[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(y)''',
    '''grid_size = 4
V = np.zeros(grid_size * grid_size)
policy = np.ones((grid_size * grid_size, 4)) / 4
for sweep in range(1000):
    V_new = np.zeros_like(V)
    for s in range(grid_size * grid_size):
        if s in (0, grid_size * grid_size - 1):
            continue
        for a in range(4):
            s2 = move(s, a)
            V_new[s] += policy[s, a] * (-1 + V[s2])
    if np.max(np.abs(V_new - V)) < 1e-4:
        break
    V = V_new
print(V.reshape(grid_size, grid_size).round(1))''',
    '''scores = torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
targets = torch.tensor([0, 1])
log_probs = scores - scores.logsumexp(dim=1, keepdim=True)
manual = -log_probs[torch.arange(2), targets].mean()
print(manual, F.cross_entropy(scores, targets))
for T in [0.5, 1.0, 2.0]:
    p = F.softmax(scores / T, dim=1)
    entropy = -(p * p.log()).sum(1)
    print(T, p[0].tolist(), entropy.tolist())''',
    '''def train_step(batch):
    model.train()
    inputs, targets = batch
    optimizer.zero_grad()
    outputs = model(inputs)
    loss = loss_fn(outputs, targets)
    loss.backward()
    optimizer.step()
    return loss.item()
def eval_step(batch):
    model.eval()
    inputs, targets = batch
    with torch.no_grad():
        outputs = model(inputs)
    return loss_fn(outputs, targets).item()
for epoch in range(epochs):
    train_losses = [train_step(b) for b in train_loader]
    val_losses = [eval_step(b) for b in val_loader]
    print(epoch, np.mean(train_losses), np.mean(val_losses))''',
    '''img = Image.open('cat.jpg').convert('RGB')
preprocess = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])])
batch = preprocess(img).unsqueeze(0)
net = models.resnet50(weights='IMAGENET1K_V2')
net.eval()
with torch.no_grad():
    probs = net(batch).softmax(dim=1)[0]
top5 = probs.topk(5)
for p, idx in zip(top5.values, top5.indices):
    print(f'{labels[idx]:20s} {p.item():.3f}')''',
    '''memory = torch.zeros(n_slots, d)
usage = torch.zeros(n_slots)
for t, x in enumerate(stream):
    sims = F.cosine_similarity(memory, x.unsqueeze(0), dim=1)
    best = sims.argmax()
    if sims[best] > 0.9:
        memory[best] = 0.9 * memory[best] + 0.1 * x
        usage[best] += 1
    else:
        slot = usage.argmin()
        memory[slot] = x
        usage[slot] = 1
    usage *= 0.99
print(usage.topk(5))''',
    '''n_epochs = 20
train_curve, val_curve = [], []
best_state = None
best_val = float('inf')
for epoch in range(n_epochs):
    tl = run_epoch(model, train_loader, optimizer)
    vl = run_epoch(model, val_loader, None)
    train_curve.append(tl)
    val_curve.append(vl)
    if vl < best_val:
        best_val = vl
        best_state = copy.deepcopy(model.state_dict())
model.load_state_dict(best_state)
print('restored best', best_val)''',
    '''def pad_batch(seqs, pad=0):
    n = max(len(s) for s in seqs)
    out = torch.full((len(seqs), n), pad, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.bool)
    for i, s in enumerate(seqs):
        out[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = True
    return out, mask
x, m = pad_batch([[1, 2, 3], [4, 5], [6]])
print(x)
print(m.sum(1))''',
    '''noise_steps = 1000
betas = torch.linspace(1e-4, 0.02, noise_steps)
alphas = 1 - betas
alpha_bar = torch.cumprod(alphas, dim=0)
def q_sample(x0, t, eps):
    ab = alpha_bar[t].view(-1, 1, 1, 1)
    return ab.sqrt() * x0 + (1 - ab).sqrt() * eps
for x0, _ in loader:
    t = torch.randint(0, noise_steps, (x0.size(0),))
    eps = torch.randn_like(x0)
    xt = q_sample(x0, t, eps)
    loss = F.mse_loss(unet(xt, t), eps)
    opt.zero_grad()
    loss.backward()
    opt.step()''',
    '''x = torch.zeros(1, 3, 64, 64, requires_grad=True)
opt = torch.optim.Adam([x], lr=0.05)
target_class = 130
net.eval()
for i in range(200):
    score = net(x)[0, target_class]
    loss = -score + 1e-3 * x.pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        x.clamp_(-2, 2)
plt.imshow(x[0].detach().permute(1, 2, 0).clamp(0, 1))
plt.show()''',
    '''def collate_fn(batch):
    batch = [b for b in batch if b is not None]
    if not batch:
        return None
    images = torch.stack([b['image'] for b in batch])
    boxes = [b['boxes'] for b in batch]
    return images, boxes
loader = DataLoader(det_ds, batch_size=8, collate_fn=collate_fn)
for batch in loader:
    if batch is None:
        continue
    images, boxes = batch
    print(images.shape, [len(b) for b in boxes])
    break''',
    '''results = []
for name, clf in [('logreg', LogisticRegression(max_iter=1000)), ('svm', SVC()), ('rf', RandomForestClassifier(n_estimators=200))]:
    start = time.time()
    clf.fit(X_train, y_train)
    acc = clf.score(X_test, y_test)
    results.append((name, acc, time.time() - start))
results.sort(key=lambda r: -r[1])
for name, acc, secs in results:
    print(f'{name:8s} {acc:.3f} {secs:.1f}s')''',
    '''h = torch.zeros(1, hidden)
c = torch.zeros(1, hidden)
inp = torch.tensor([stoi['\\n']])
out_chars = []
for _ in range(300):
    logits, (h, c) = model.step(inp, (h, c))
    probs = F.softmax(logits / 0.8, dim=-1)
    inp = torch.multinomial(probs, 1).view(1)
    ch = itos[inp.item()]
    out_chars.append(ch)
    if ch == '.' and len(out_chars) > 200:
        break
print(''.join(out_chars))''',
    '''freeze_until = 'layer3'
frozen = True
for name, param in model.named_parameters():
    if name.startswith(freeze_until):
        frozen = False
    param.requires_grad = not frozen
print([n for n, p in model.named_parameters() if p.requires_grad][:5])
optimizer = torch.optim.AdamW((p for p in model.parameters() if p.requires_grad), lr=1e-4)''',
    # batch 25
    '''class Autoencoder(nn.Module):
    def __init__(self, d_in=784, d_code=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(d_in, 256), nn.ReLU(), nn.Linear(256, d_code))
        self.decoder = nn.Sequential(nn.Linear(d_code, 256), nn.ReLU(), nn.Linear(256, d_in), nn.Sigmoid())
    def forward(self, x):
        return self.decoder(self.encoder(x))
ae = Autoencoder()
opt = torch.optim.Adam(ae.parameters(), lr=1e-3)
for epoch in range(10):
    for x, _ in loader:
        x = x.flatten(1)
        loss = F.mse_loss(ae(x), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())
with torch.no_grad():
    codes = torch.cat([ae.encoder(x.flatten(1)) for x, _ in test_loader])
print(codes.shape)''',
    '''def iou(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area if area > 0 else 0.0
def nms(boxes, scores, thresh=0.5):
    order = sorted(range(len(boxes)), key=lambda i: -scores[i])
    keep = []
    while order:
        i = order.pop(0)
        keep.append(i)
        order = [j for j in order if iou(boxes[i], boxes[j]) < thresh]
    return keep''',
    '''hidden = model.init_hidden(batch_size)
model.train()
for epoch in range(epochs):
    for i, (x, y) in enumerate(batches):
        hidden = repackage(hidden)
        output, hidden = model(x, hidden)
        loss = criterion(output.view(-1, ntokens), y.view(-1))
        model.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        if i % 200 == 0:
            print(epoch, i, math.exp(loss.item()))
    lr /= 4''',
    '''rng = np.random.default_rng(42)
true_p = [0.2, 0.5, 0.7]
alpha = np.ones(3)
beta = np.ones(3)
wins = 0
for t in range(2000):
    samples = rng.beta(alpha, beta)
    arm = int(np.argmax(samples))
    reward = rng.random() < true_p[arm]
    alpha[arm] += reward
    beta[arm] += 1 - reward
    wins += reward
print(wins / 2000, alpha / (alpha + beta))''',
    '''preds, gts = [], []
for batch in tqdm(test_loader):
    ids = batch['input_ids'].to(device)
    mask = batch['attention_mask'].to(device)
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    preds.extend(logits.argmax(-1).cpu().tolist())
    gts.extend(batch['labels'].tolist())
print(classification_report(gts, preds, target_names=label_names))
cm = confusion_matrix(gts, preds)
sns.heatmap(cm, annot=True, fmt='d')
plt.show()''',
    '''class Swish(nn.Module):
    def __init__(self, beta=1.0, learnable=False):
        super().__init__()
        if learnable:
            self.beta = nn.Parameter(torch.tensor(beta))
        else:
            self.register_buffer('beta', torch.tensor(beta))
    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)
act = Swish(learnable=True)
x = torch.linspace(-5, 5, 11)
print(act(x))
print([n for n, _ in act.named_parameters()])''',
    '''train_ds, val_ds = random_split(full_ds, [0.9, 0.1], generator=torch.Generator().manual_seed(0))
train_dl = DataLoader(train_ds, batch_size=64, shuffle=True)
val_dl = DataLoader(val_ds, batch_size=256)
model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30)
for epoch in range(30):
    model.train()
    for xb, yb in train_dl:
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    sched.step()
    model.eval()
    with torch.no_grad():
        val_acc = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in val_dl) / len(val_ds)
    print(epoch, sched.get_last_lr()[0], val_acc)''',
    '''words = text.split()
window = 5
cooc = defaultdict(float)
for i, w in enumerate(words):
    lo, hi = max(0, i - window), min(len(words), i + window + 1)
    for j in range(lo, hi):
        if j == i:
            continue
        cooc[w, words[j]] += 1.0 / abs(i - j)
print(len(cooc))
top = sorted(cooc.items(), key=lambda kv: -kv[1])[:10]
for (a, b), v in top:
    print(a, b, round(v, 2))''',
    '''def get_lr(it):
    if it < warmup_iters:
        return learning_rate * it / warmup_iters
    if it > lr_decay_iters:
        return min_lr
    ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    coeff = 0.5 * (1.0 + math.cos(math.pi * ratio))
    return min_lr + coeff * (learning_rate - min_lr)
lrs = [get_lr(i) for i in range(max_iters)]
plt.plot(lrs)
plt.xlabel('iteration')
plt.ylabel('lr')
plt.show()''',
    '''model.eval()
embeddings, labels = [], []
with torch.no_grad():
    for x, y in loader:
        embeddings.append(model.backbone(x).flatten(1))
        labels.append(y)
embeddings = torch.cat(embeddings).numpy()
labels = torch.cat(labels).numpy()
proj = TSNE(n_components=2, init='pca', random_state=0).fit_transform(embeddings)
plt.figure(figsize=(6, 6))
for c in np.unique(labels):
    pts = proj[labels == c]
    plt.scatter(pts[:, 0], pts[:, 1], s=4, label=str(c))
plt.legend(markerscale=3)
plt.show()''',
    '''def rollout(env, policy, gamma=0.99):
    obs, done = env.reset(), False
    rewards, logps = [], []
    while not done:
        dist = policy(obs)
        a = dist.sample()
        logps.append(dist.log_prob(a))
        obs, r, done, _ = env.step(a.item())
        rewards.append(r)
    returns, G = [], 0.0
    for r in reversed(rewards):
        G = r + gamma * G
        returns.append(G)
    returns.reverse()
    return torch.stack(logps), torch.tensor(returns)''',
    '''counts = torch.zeros(27, 27, dtype=torch.int32)
for w in words:
    chs = ['.'] + list(w) + ['.']
    for c1, c2 in zip(chs, chs[1:]):
        counts[stoi[c1], stoi[c2]] += 1
P = (counts + 1).float()
P /= P.sum(1, keepdim=True)
g = torch.Generator().manual_seed(2147483647)
for _ in range(5):
    out = []
    ix = 0
    while True:
        ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()
        if ix == 0:
            break
        out.append(itos[ix])
    print(''.join(out))''',
    '''ddp_rank = int(os.environ.get('RANK', -1))
is_ddp = ddp_rank != -1
if is_ddp:
    dist.init_process_group(backend='nccl')
    local_rank = int(os.environ['LOCAL_RANK'])
    device = f'cuda:{local_rank}'
    torch.cuda.set_device(device)
    master = ddp_rank == 0
else:
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    master = True
model = GPT(config).to(device)
if is_ddp:
    model = DDP(model, device_ids=[local_rank])
if master:
    print('parameters', sum(p.numel() for p in model.parameters()))''',
    '''stats = {'mean': [], 'std': [], 'grad': []}
for layer in model.modules():
    if isinstance(layer, nn.Linear):
        w = layer.weight
        stats['mean'].append(w.mean().item())
        stats['std'].append(w.std().item())
        if w.grad is not None:
            stats['grad'].append(w.grad.norm().item())
for k, v in stats.items():
    print(k, [round(x, 4) for x in v])''',
    # batch 26 (held out until the ninth session)
    '''class TinyGPT(nn.Module):
    def __init__(self, vocab, d=64, n_layers=2, block=32):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(block, d)
        self.blocks = nn.ModuleList([Block(d, 4) for _ in range(n_layers)])
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)
    def forward(self, idx, targets=None):
        B, T = idx.shape
        x = self.tok(idx) + self.pos(torch.arange(T, device=idx.device))
        for blk in self.blocks:
            x = blk(x)
        logits = self.head(self.ln(x))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(B * T, -1), targets.view(-1))
        return logits, loss''',
    '''for it in range(max_iters):
    xb, yb = get_batch('train')
    logits, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    if it % eval_every == 0 or it == max_iters - 1:
        model.eval()
        with torch.no_grad():
            vx, vy = get_batch('val')
            _, vloss = model(vx, vy)
        model.train()
        print(f'{it}: train {loss.item():.3f} val {vloss.item():.3f}')''',
    '''import numpy as np
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
X = np.c_[np.ones(len(x)), x]
theta = np.zeros(X.shape[1])
costs = []
for i in range(1000):
    h = sigmoid(X @ theta)
    cost = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h))
    grad = X.T @ (h - y) / len(y)
    theta -= 0.1 * grad
    costs.append(cost)
print(theta, costs[-1])
plt.plot(costs)
plt.show()''',
    '''def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
set_seed(0)
a = torch.rand(3)
set_seed(0)
b = torch.rand(3)
print(torch.equal(a, b))''',
    '''dataset = []
for label, folder in enumerate(['neg', 'pos']):
    for path in sorted((root / folder).glob('*.txt')):
        text = path.read_text(encoding='utf-8').strip()
        if len(text) < 10:
            continue
        dataset.append((text, label))
random.shuffle(dataset)
split = int(0.8 * len(dataset))
train, test = dataset[:split], dataset[split:]
print(len(train), len(test))''',
    '''model = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, batch_first=True)
x = torch.randn(4, 10, 8)
out, (h, c) = model(x)
print(out.shape, h.shape, c.shape)
print(torch.allclose(out[:, -1], h[-1]))
packed = nn.utils.rnn.pack_padded_sequence(x, [10, 7, 5, 2], batch_first=True)
out_p, _ = model(packed)
unpacked, lens = nn.utils.rnn.pad_packed_sequence(out_p, batch_first=True)
print(unpacked.shape, lens)''',
    '''n_steps = 0
running_return = None
for episode in count():
    obs, _ = env.reset()
    ep_return = 0.0
    for t in range(max_t):
        action = agent.select(obs)
        obs, reward, terminated, truncated, _ = env.step(action)
        agent.rewards.append(reward)
        ep_return += reward
        n_steps += 1
        if terminated or truncated:
            break
    running_return = ep_return if running_return is None else 0.95 * running_return + 0.05 * ep_return
    agent.finish_episode()
    if running_return > env.spec.reward_threshold:
        print('solved at episode', episode)
        break''',
    '''class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, 10)
        self.drop = nn.Dropout(0.2)
    def forward(self, x):
        x = x.view(-1, 28 * 28)
        x = self.drop(F.relu(self.fc1(x)))
        x = self.drop(F.relu(self.fc2(x)))
        return self.fc3(x)
net = Net()
n = sum(p.numel() for p in net.parameters())
print(f'{n:,} parameters')''',
    '''train_acc, test_acc = [], []
for epoch in range(1, 21):
    correct = 0
    for data, target in train_loader:
        optimizer.zero_grad()
        output = net(data)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        correct += (output.argmax(1) == target).sum().item()
    train_acc.append(correct / len(train_loader.dataset))
    test_acc.append(test(net, test_loader))
    if epoch % 5 == 0:
        print(epoch, train_acc[-1], test_acc[-1])''',
    '''text = open('input.txt').read()
chars = sorted(list(set(text)))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]
decode = lambda l: ''.join([itos[i] for i in l])
print(vocab_size, ''.join(chars))
print(encode('hii there'))
print(decode(encode('hii there')))''',
    '''def train_epoch(loader):
    model.train()
    losses = []
    for batch in loader:
        batch = {k: v.to(device) for k, v in batch.items()}
        out = model(**batch)
        out.loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(out.loss.item())
    return sum(losses) / len(losses)
for epoch in range(3):
    print(epoch, train_epoch(train_loader))''',
    '''grid = torch.zeros(n, n)
for i in range(n):
    for j in range(n):
        x = torch.tensor([xs[i], ys[j]])
        grid[i, j] = f(x)
plt.contour(xs, ys, grid.T, levels=30)
path = torch.stack(trajectory)
plt.plot(path[:, 0], path[:, 1], 'r.-')
plt.show()''',
    '''p = torch.tensor([1.5, -0.5], requires_grad=True)
opt = torch.optim.SGD([p], lr=0.001, momentum=0.9)
trajectory = [p.detach().clone()]
for step in range(500):
    loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
    opt.zero_grad()
    loss.backward()
    opt.step()
    trajectory.append(p.detach().clone())
    if loss.item() < 1e-6:
        break
print(step, p.tolist(), loss.item())''',
    '''confmat = torch.zeros(n_classes, n_classes, dtype=torch.long)
model.eval()
with torch.no_grad():
    for images, labels in val_loader:
        preds = model(images).argmax(1)
        confmat += torch.bincount(labels * n_classes + preds, minlength=n_classes ** 2).view(n_classes, n_classes)
recall = confmat.diag() / confmat.sum(1).clamp(min=1)
precision = confmat.diag() / confmat.sum(0).clamp(min=1)
f1 = 2 * precision * recall / (precision + recall + 1e-9)
print(f1.mean().item())''',
    # batch 27 (held out until the ninth session)
    '''class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()
        self.output_dim = output_dim
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout=dropout)
        self.fc_out = nn.Linear(hid_dim, output_dim)
        self.dropout = nn.Dropout(dropout)
    def forward(self, inp, hidden, cell):
        inp = inp.unsqueeze(0)
        embedded = self.dropout(self.embedding(inp))
        output, (hidden, cell) = self.rnn(embedded, (hidden, cell))
        prediction = self.fc_out(output.squeeze(0))
        return prediction, hidden, cell''',
    '''x_train = torch.linspace(0, 1, 50).unsqueeze(1)
y_train = torch.sin(2 * math.pi * x_train) + 0.2 * torch.randn_like(x_train)
degrees = [1, 3, 9]
fig, axes = plt.subplots(1, 3, figsize=(12, 3))
for ax, deg in zip(axes, degrees):
    feats = torch.cat([x_train ** k for k in range(deg + 1)], dim=1)
    w = torch.linalg.lstsq(feats, y_train).solution
    xs = torch.linspace(0, 1, 200).unsqueeze(1)
    ys = torch.cat([xs ** k for k in range(deg + 1)], dim=1) @ w
    ax.scatter(x_train, y_train, s=8)
    ax.plot(xs, ys, 'r')
    ax.set_title(f'degree {deg}')
plt.show()''',
    '''def accuracy(output, target, topk=(1, 5)):
    maxk = max(topk)
    _, pred = output.topk(maxk, 1, True, True)
    pred = pred.t()
    correct = pred.eq(target.view(1, -1).expand_as(pred))
    res = []
    for k in topk:
        correct_k = correct[:k].reshape(-1).float().sum(0)
        res.append(correct_k * 100.0 / target.size(0))
    return res''',
    '''buffer = ReplayBuffer(50000)
state, _ = env.reset()
for step in range(total_steps):
    eps = max(eps_end, eps_start - step / eps_decay)
    if random.random() < eps:
        action = env.action_space.sample()
    else:
        with torch.no_grad():
            action = q(torch.as_tensor(state).unsqueeze(0)).argmax(1).item()
    next_state, reward, term, trunc, _ = env.step(action)
    buffer.push(state, action, reward, next_state, term)
    state = next_state
    if term or trunc:
        state, _ = env.reset()
    if len(buffer) > batch_size:
        loss = dqn_loss(q, q_target, buffer.sample(batch_size))
        opt.zero_grad()
        loss.backward()
        opt.step()
    if step % sync_every == 0:
        q_target.load_state_dict(q.state_dict())''',
    '''tokens = tokenizer('The quick brown fox', return_tensors='pt')
with torch.no_grad():
    out = bert(**tokens, output_hidden_states=True)
hidden = out.hidden_states
print(len(hidden), hidden[-1].shape)
for layer, h in enumerate(hidden):
    norm = h[0].norm(dim=-1).mean().item()
    print(layer, round(norm, 2))''',
    '''def make_loader(split, batch_size, shuffle):
    ds = datasets.MNIST('data', train=split == 'train', download=True, transform=transforms.ToTensor())
    return DataLoader(ds, batch_size=batch_size, shuffle=shuffle, num_workers=2, pin_memory=True)
train_loader = make_loader('train', 128, True)
test_loader = make_loader('test', 1000, False)
x, y = next(iter(train_loader))
print(x.shape, y[:10])
grid = torchvision.utils.make_grid(x[:32], nrow=8)
plt.imshow(grid.permute(1, 2, 0))
plt.show()''',
    '''mse_hist = []
w = torch.randn(3, requires_grad=True)
for epoch in range(100):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 16):
        idx = perm[i:i + 16]
        pred = X[idx] @ w
        loss = ((pred - y[idx]) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad
        w.grad.zero_()
    with torch.no_grad():
        mse_hist.append(((X @ w - y) ** 2).mean().item())
print(w, mse_hist[-1])''',
    '''class Unet(nn.Module):
    def __init__(self, c=32):
        super().__init__()
        self.down1 = conv_block(1, c)
        self.down2 = conv_block(c, 2 * c)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ConvTranspose2d(2 * c, c, 2, stride=2)
        self.dec = conv_block(2 * c, c)
        self.out = nn.Conv2d(c, 1, 1)
    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        u = self.up(d2)
        return self.out(self.dec(torch.cat([u, d1], dim=1)))''',
    '''stopwords = set(open('stop.txt').read().split())
freq = Counter()
for doc in corpus:
    for w in re.findall(r'[a-z]+', doc.lower()):
        if w in stopwords or len(w) < 3:
            continue
        freq[w] += 1
print(freq.most_common(20))
wc = WordCloud(width=800, height=400).generate_from_frequencies(freq)
plt.imshow(wc)
plt.axis('off')
plt.show()''',
    '''optimizer.zero_grad()
for micro_step in range(grad_accum):
    x, y = get_batch('train')
    with ctx:
        logits, loss = model(x, y)
        loss = loss / grad_accum
    scaler.scale(loss).backward()
if grad_clip != 0.0:
    scaler.unscale_(optimizer)
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
scaler.step(optimizer)
scaler.update()''',
    '''def evaluate(net, loader):
    net.eval()
    total, correct, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for x, y in loader:
            out = net(x)
            loss_sum += F.cross_entropy(out, y, reduction='sum').item()
            correct += (out.argmax(1) == y).sum().item()
            total += y.numel()
    net.train()
    return loss_sum / total, correct / total''',
    '''x = np.linspace(-5, 5, 400)
for name, fn in [('sigmoid', lambda t: 1 / (1 + np.exp(-t))), ('tanh', np.tanh), ('relu', lambda t: np.maximum(0, t))]:
    y = fn(x)
    dy = np.gradient(y, x)
    plt.plot(x, y, label=name)
    plt.plot(x, dy, '--', label=f'd {name}')
plt.legend()
plt.grid(True)
plt.show()''',
    '''pruned = {}
for name, module in model.named_modules():
    if not isinstance(module, nn.Linear):
        continue
    w = module.weight.data
    thresh = w.abs().flatten().kthvalue(int(0.5 * w.numel())).values
    mask = w.abs() > thresh
    module.weight.data *= mask
    pruned[name] = 1 - mask.float().mean().item()
for name, frac in pruned.items():
    print(f'{name}: {frac:.0%} pruned')''',
    '''import time
start = time.time()
for epoch in range(epochs):
    t0 = time.time()
    loss = train_one_epoch(model, loader, optimizer)
    dt = time.time() - t0
    print(f'epoch {epoch} loss {loss:.4f} {dt:.1f}s')
print(f'total {(time.time() - start) / 60:.1f} min')''',
    # batch 28 (held out until the ninth session)
    '''class BahdanauDecoder(nn.Module):
    def __init__(self, vocab, emb, enc_hid, dec_hid, attention):
        super().__init__()
        self.attention = attention
        self.embedding = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(2 * enc_hid + emb, dec_hid)
        self.fc = nn.Linear(2 * enc_hid + dec_hid + emb, vocab)
    def forward(self, inp, hidden, enc_out):
        emb = self.embedding(inp.unsqueeze(0))
        a = self.attention(hidden, enc_out).unsqueeze(1)
        weighted = torch.bmm(a, enc_out.permute(1, 0, 2)).permute(1, 0, 2)
        out, hidden = self.rnn(torch.cat((emb, weighted), dim=2), hidden.unsqueeze(0))
        pred = self.fc(torch.cat((out.squeeze(0), weighted.squeeze(0), emb.squeeze(0)), dim=1))
        return pred, hidden.squeeze(0), a.squeeze(1)''',
    '''N = 100
X = torch.randn(N, 2)
true_w = torch.tensor([[1.0], [-2.0]])
y = X @ true_w + 0.5 + 0.1 * torch.randn(N, 1)
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(100):
    loss = F.mse_loss(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(model.weight.data, model.bias.data)''',
    '''def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f'{j - i}{s[i]}')
        i = j
    return ''.join(out)
print(rle('aaabccddd'))''',
    '''scores = []
for trial in range(n_trials):
    lr = 10 ** random.uniform(-4, -1)
    wd = 10 ** random.uniform(-6, -2)
    model = build_model()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
    for epoch in range(3):
        train_epoch(model, opt, train_loader)
    acc = evaluate(model, val_loader)
    scores.append((acc, lr, wd))
    print(f'trial {trial}: acc {acc:.3f} lr {lr:.1e} wd {wd:.1e}')
scores.sort(reverse=True)
print('best', scores[0])''',
    '''obs = env.reset()
hx = torch.zeros(1, 256)
cx = torch.zeros(1, 256)
values, log_probs, rewards, entropies = [], [], [], []
for step in range(num_steps):
    value, logit, (hx, cx) = model((obs.unsqueeze(0), (hx, cx)))
    prob = F.softmax(logit, dim=-1)
    log_prob = F.log_softmax(logit, dim=-1)
    entropies.append(-(log_prob * prob).sum(1))
    action = prob.multinomial(1).detach()
    log_probs.append(log_prob.gather(1, action))
    obs, reward, done, _ = env.step(action.item())
    values.append(value)
    rewards.append(max(min(reward, 1), -1))
    if done:
        obs = env.reset()
        break''',
    '''def count_parameters(model):
    table = []
    total = 0
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        table.append((name, p.numel()))
        total += p.numel()
    for name, n in table:
        print(f'{name:40s} {n:>10,}')
    print(f'{"total":40s} {total:>10,}')
    return total''',
    '''fake_hist, real_hist = [], []
for epoch in range(epochs):
    for real, _ in dataloader:
        b = real.size(0)
        noise = torch.randn(b, nz, 1, 1)
        fake = netG(noise)
        netD.zero_grad()
        err_real = criterion(netD(real).view(-1), torch.full((b,), 1.0))
        err_fake = criterion(netD(fake.detach()).view(-1), torch.full((b,), 0.0))
        (err_real + err_fake).backward()
        optD.step()
        netG.zero_grad()
        errG = criterion(netD(fake).view(-1), torch.full((b,), 1.0))
        errG.backward()
        optG.step()
    fake_hist.append(errG.item())
    real_hist.append((err_real + err_fake).item())''',
    '''img = torch.rand(1, 1, 28, 28)
kernel = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]).view(1, 1, 3, 3)
edges = F.conv2d(img, kernel, padding=1)
manual = torch.zeros(26, 26)
for i in range(26):
    for j in range(26):
        manual[i, j] = (img[0, 0, i:i + 3, j:j + 3] * kernel[0, 0]).sum()
print(torch.allclose(manual, edges[0, 0, 1:-1, 1:-1], atol=1e-6))''',
    '''if args.resume:
    state = torch.load(args.resume, map_location='cpu')
    model.load_state_dict(state['model'])
    if 'optimizer' in state:
        optimizer.load_state_dict(state['optimizer'])
    start = state.get('epoch', 0)
else:
    start = 0
for epoch in range(start, args.epochs):
    train(model, optimizer, epoch)''',
    '''preds = []
for i in range(0, len(texts), 32):
    batch = tokenizer(texts[i:i + 32], padding=True, truncation=True, return_tensors='pt')
    with torch.no_grad():
        logits = clf(**batch).logits
    preds += logits.argmax(-1).tolist()
accuracy = sum(int(p == t) for p, t in zip(preds, targets)) / len(targets)
print(f'{accuracy:.2%}')''',
    '''class EMA:
    def __init__(self, model, decay=0.999):
        self.decay = decay
        self.shadow = {k: v.detach().clone() for k, v in model.state_dict().items()}
    def update(self, model):
        with torch.no_grad():
            for k, v in model.state_dict().items():
                if v.dtype.is_floating_point:
                    self.shadow[k].mul_(self.decay).add_(v, alpha=1 - self.decay)
                else:
                    self.shadow[k].copy_(v)
    def apply_to(self, model):
        model.load_state_dict(self.shadow)''',
    '''rewards = np.zeros((n_runs, n_steps))
for run in range(n_runs):
    q = np.zeros(k)
    n = np.zeros(k)
    true_q = np.random.randn(k)
    for t in range(n_steps):
        a = np.random.randint(k) if np.random.rand() < 0.1 else int(np.argmax(q))
        r = true_q[a] + np.random.randn()
        n[a] += 1
        q[a] += (r - q[a]) / n[a]
        rewards[run, t] = r
plt.plot(rewards.mean(0))
plt.show()''',
    '''def split_heads(x, h):
    B, T, C = x.shape
    return x.view(B, T, h, C // h).transpose(1, 2)
q = split_heads(torch.randn(2, 5, 16), 4)
k = split_heads(torch.randn(2, 5, 16), 4)
v = split_heads(torch.randn(2, 5, 16), 4)
mine = F.softmax(q @ k.transpose(-2, -1) / 2.0, dim=-1) @ v
ref = F.scaled_dot_product_attention(q, k, v)
print(torch.allclose(mine, ref, atol=1e-6))''',
    '''logs = []
for epoch in range(num_epochs):
    model.train()
    tr_loss = 0.0
    for xb, yb in train_dl:
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
        tr_loss += loss.item()
    model.eval()
    with torch.no_grad():
        va_loss = sum(loss_fn(model(xb), yb).item() for xb, yb in valid_dl)
    logs.append((tr_loss / len(train_dl), va_loss / len(valid_dl)))
    print(epoch, *logs[-1])
pd.DataFrame(logs, columns=['train', 'valid']).plot()''',
    # batch 29 (held out)
    '''model = MLP(784, 256, 10).to(device)
opt = torch.optim.Adam(model.parameters(), lr=3e-4)
for epoch in range(1, epochs + 1):
    model.train()
    running = 0.0
    for images, labels in train_loader:
        images = images.view(images.size(0), -1).to(device)
        labels = labels.to(device)
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item() * images.size(0)
    epoch_loss = running / len(train_loader.dataset)
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in test_loader:
            images = images.view(images.size(0), -1).to(device)
            pred = model(images).argmax(dim=1).cpu()
            correct += (pred == labels).sum().item()
    print(f"epoch {epoch} loss {epoch_loss:.4f} acc {correct / len(test_loader.dataset):.3f}")''',
    '''def train_one_epoch(model, loader, opt, scaler):
    model.train()
    total, n = 0.0, 0
    for step, (x, y) in enumerate(loader):
        x, y = x.cuda(), y.cuda()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out = model(x)
            loss = F.cross_entropy(out, y)
        opt.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        total += loss.item()
        n += 1
        if step % 50 == 0:
            print(f"step {step} loss {total / n:.4f}")
    return total / n''',
    '''vocab = {"<pad>": 0, "<unk>": 1}
for sentence in corpus:
    for word in sentence.lower().split():
        if word not in vocab:
            vocab[word] = len(vocab)
print(len(vocab))
def encode(sentence, max_len=20):
    ids = [vocab.get(w, 1) for w in sentence.lower().split()]
    ids = ids[:max_len]
    ids += [0] * (max_len - len(ids))
    return torch.tensor(ids)
batch = torch.stack([encode(s) for s in corpus[:8]])
print(batch.shape)''',
    '''best_val = float("inf")
patience, bad = 5, 0
for epoch in range(100):
    train_loss = run_epoch(model, train_loader, opt)
    val_loss = run_epoch(model, val_loader, None)
    print(epoch, round(train_loss, 4), round(val_loss, 4))
    if val_loss < best_val - 1e-4:
        best_val = val_loss
        bad = 0
        torch.save(model.state_dict(), "best.pt")
    else:
        bad += 1
        if bad >= patience:
            print("early stop at", epoch)
            break
model.load_state_dict(torch.load("best.pt"))''',
    '''def attention(q, k, v, mask=None):
    d = q.size(-1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float("-inf"))
    weights = scores.softmax(dim=-1)
    return weights @ v, weights
q = torch.randn(2, 5, 16)
out, w = attention(q, q, q)
print(out.shape, w.sum(-1))''',
    '''memory = deque(maxlen=10000)
eps = 1.0
for episode in range(500):
    state, _ = env.reset()
    done = False
    total = 0
    while not done:
        if random.random() < eps:
            action = env.action_space.sample()
        else:
            with torch.no_grad():
                action = qnet(torch.tensor(state)).argmax().item()
        nxt, reward, term, trunc, _ = env.step(action)
        done = term or trunc
        memory.append((state, action, reward, nxt, done))
        state = nxt
        total += reward
        if len(memory) >= 256:
            learn(random.sample(memory, 64))
    eps = max(0.05, eps * 0.99)
    if episode % 20 == 0:
        print(episode, total, round(eps, 3))''',
    '''x = torch.linspace(-3, 3, 200).unsqueeze(1)
y = torch.sin(x) + 0.1 * torch.randn_like(x)
net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 1))
opt = torch.optim.LBFGS(net.parameters(), lr=0.5)
def closure():
    opt.zero_grad()
    loss = F.mse_loss(net(x), y)
    loss.backward()
    return loss
for i in range(20):
    loss = opt.step(closure)
    print(i, loss.item())
plt.plot(x, y, ".")
plt.plot(x, net(x).detach())
plt.show()''',
    '''counts = Counter()
for doc in docs:
    tokens = tokenize(doc)
    counts.update(tokens)
merges = []
for _ in range(num_merges):
    pairs = Counter()
    for word, freq in counts.items():
        symbols = word.split()
        for a, b in zip(symbols, symbols[1:]):
            pairs[a, b] += freq
    if not pairs:
        break
    best = max(pairs, key=pairs.get)
    merges.append(best)
    counts = merge_vocab(best, counts)
print(merges[:10])''',
    '''G = Generator(nz).to(device)
D = Discriminator().to(device)
optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
for epoch in range(epochs):
    for real, _ in loader:
        real = real.to(device)
        z = torch.randn(real.size(0), nz, 1, 1, device=device)
        fake = G(z)
        d_loss = bce(D(real), torch.ones(real.size(0), device=device)) + bce(D(fake.detach()), torch.zeros(real.size(0), device=device))
        optD.zero_grad()
        d_loss.backward()
        optD.step()
        g_loss = bce(D(fake), torch.ones(real.size(0), device=device))
        optG.zero_grad()
        g_loss.backward()
        optG.step()
    print(epoch, d_loss.item(), g_loss.item())
    vutils.save_image(G(fixed_z), f"samples/{epoch}.png", normalize=True)''',
    '''def evaluate(model, loader):
    model.eval()
    preds, targets = [], []
    with torch.no_grad():
        for x, y in loader:
            out = model(x.to(device))
            preds.append(out.argmax(1).cpu())
            targets.append(y)
    preds = torch.cat(preds)
    targets = torch.cat(targets)
    acc = (preds == targets).float().mean().item()
    cm = confusion_matrix(targets, preds)
    return acc, cm''',
    '''tokenizer = AutoTokenizer.from_pretrained(name)
model = AutoModelForSequenceClassification.from_pretrained(name, num_labels=2)
opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
sched = get_linear_schedule_with_warmup(opt, 100, len(loader) * 3)
model.train()
for epoch in range(3):
    for batch in loader:
        batch = {k: v.to(device) for k, v in batch.items()}
        out = model(**batch)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
    print(epoch, out.loss.item())
model.save_pretrained("out")''',
    # batch 30 (held out)
    '''class LSTMTagger(nn.Module):
    def __init__(self, vocab, tags, emb=64, hid=128):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.lstm = nn.LSTM(emb, hid, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hid, tags)
    def forward(self, x):
        h, _ = self.lstm(self.emb(x))
        return self.out(h)
model = LSTMTagger(len(vocab), len(tag_set))
loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
for epoch in range(10):
    for words, tags in loader:
        logits = model(words)
        loss = loss_fn(logits.view(-1, logits.size(-1)), tags.view(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())''',
    '''def collate(batch):
    xs, ys = zip(*batch)
    lengths = torch.tensor([len(x) for x in xs])
    xs = nn.utils.rnn.pad_sequence(xs, batch_first=True)
    ys = torch.tensor(ys)
    return xs, lengths, ys
loader = DataLoader(ds, batch_size=32, shuffle=True, collate_fn=collate)
for xs, lengths, ys in loader:
    packed = nn.utils.rnn.pack_padded_sequence(xs, lengths, batch_first=True, enforce_sorted=False)
    out, (h, c) = rnn(packed)
    print(h.shape)
    break''',
    '''state_dict = torch.load(path, map_location="cpu")
new_state = {}
for k, v in state_dict.items():
    if k.startswith("module."):
        k = k[len("module."):]
    if k in skip_keys:
        continue
    new_state[k] = v
missing, unexpected = model.load_state_dict(new_state, strict=False)
print("missing:", missing)
print("unexpected:", unexpected)''',
    '''for epoch in range(epochs):
    model.train()
    for i, (x, y) in enumerate(train_loader):
        x, y = x.to(device), y.to(device)
        out = model(x)
        loss = criterion(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i % log_every == 0:
            writer.add_scalar("train/loss", loss.item(), epoch * len(train_loader) + i)
    sched.step()
    writer.add_scalar("lr", sched.get_last_lr()[0], epoch)
    val_acc = evaluate(model, val_loader)
    writer.add_scalar("val/acc", val_acc, epoch)
writer.close()''',
    '''w = torch.zeros(2, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.1
for step in range(200):
    logits = X @ w + b
    loss = F.binary_cross_entropy_with_logits(logits, y)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if step % 50 == 0:
        print(step, loss.item())
print(w, b)''',
    '''results = {}
for name, model in models.items():
    start = time.time()
    model.fit(X_train, y_train)
    pred = model.predict(X_test)
    results[name] = {"acc": accuracy_score(y_test, pred), "f1": f1_score(y_test, pred, average="macro"), "time": time.time() - start}
    print(name, results[name])
df = pd.DataFrame(results).T
print(df.sort_values("f1", ascending=False))''',
    '''folds = KFold(n_splits=5, shuffle=True, random_state=0)
scores = []
for fold, (tr, va) in enumerate(folds.split(X)):
    model = make_model()
    model.fit(X[tr], y[tr])
    s = model.score(X[va], y[va])
    scores.append(s)
    print(f"fold {fold}: {s:.3f}")
print("mean", np.mean(scores), "std", np.std(scores))''',
    '''def train(model, loader, epochs, lr):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.1)
    history = []
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        sched.step()
        history.append(total / len(loader))
    return history
hist = train(net, loader, 30, 0.1)
plt.plot(hist)''',
    '''img = Image.open(path).convert("RGB")
x = preprocess(img).unsqueeze(0)
x.requires_grad_(True)
model.eval()
out = model(x)
cls = out.argmax(1).item()
out[0, cls].backward()
saliency = x.grad.abs().max(dim=1)[0].squeeze()
plt.subplot(1, 2, 1)
plt.imshow(img)
plt.subplot(1, 2, 2)
plt.imshow(saliency, cmap="hot")
plt.show()''',
    '''for name, param in model.named_parameters():
    if "classifier" in name:
        param.requires_grad = True
    else:
        param.requires_grad = False
trainable = [p for p in model.parameters() if p.requires_grad]
print(sum(p.numel() for p in trainable))
opt = torch.optim.Adam(trainable, lr=1e-3)
for epoch in range(5):
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(epoch, loss.item())''',
]
TUNED = 384  # the first TUNED were looked at while changing features; the rest never were
