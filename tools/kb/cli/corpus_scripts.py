"""Scripts as notes hold them: training loops, evaluation, data preparation, small checks.

Written for the importer's benchmark (``kb.cli.code_corpus``), in batches, each written before
the importer was changed for the batches before it: a batch is scored unseen first, and only
then looked at. The first 160 (``scripts_seen``, twelve batches) were looked at while the
nesting features were changed; the last 42 (``scripts``, three batches) were written after
the last of those changes and chose nothing. None of them is in the vault or in the training data of the weights.
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
]
TUNED = 160  # the first TUNED were looked at while changing features; the rest never were
