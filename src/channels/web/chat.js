(() => {
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const store = window.localStorage;
  const newUserId = () => 'w-' + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
  let userId = store.getItem('hvs.userId') || newUserId();
  store.setItem('hvs.userId', userId);
  let history = JSON.parse(store.getItem('hvs.history') || '[]');
  let size = Number(store.getItem('hvs.size') || 19);
  let busy = false;

  const applySize = () => { document.documentElement.style.setProperty('--size', size + 'px'); store.setItem('hvs.size', String(size)); };
  document.getElementById('bigger').onclick = () => { size = Math.min(28, size + 2); applySize(); };
  document.getElementById('smaller').onclick = () => { size = Math.max(15, size - 2); applySize(); };
  applySize();

  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const linkify = (s) => escapeHtml(s).replace(/https?:\/\/[^\s<]+/g, (url) => '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + '</a>');

  function bubble(entry) {
    const div = document.createElement('div');
    div.className = 'msg ' + entry.who;
    if (entry.text) div.innerHTML = linkify(entry.text);
    if (entry.link) { const a = document.createElement('a'); a.href = entry.link.url; a.target = '_blank'; a.rel = 'noopener noreferrer'; a.textContent = '🔗 ' + entry.link.label; div.appendChild(document.createElement('br')); div.appendChild(a); }
    if (entry.image) { const img = document.createElement('img'); img.src = entry.image; img.alt = 'Hình minh họa'; div.appendChild(img); }
    log.appendChild(div);
    if (entry.buttons && entry.buttons.length) {
      const row = document.createElement('div');
      row.className = 'buttons' + (entry.used ? ' used' : '');
      entry.buttons.forEach((b) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.label;
        if (entry.chosen === b.payload) button.classList.add('chosen');
        button.onclick = () => { if (busy) return; entry.used = true; entry.chosen = b.payload; row.className = 'buttons used'; button.classList.add('chosen'); save(); send({ payload: b.payload }, b.label); };
        row.appendChild(button);
      });
      log.appendChild(row);
    }
  }

  function save() { history = history.slice(-150); store.setItem('hvs.history', JSON.stringify(history)); }
  function add(entry) { history.push(entry); save(); bubble(entry); log.scrollTop = log.scrollHeight; }
  function markAllButtonsUsed() { history.forEach((e) => { if (e.buttons) e.used = true; }); document.querySelectorAll('.buttons').forEach((row) => row.classList.add('used')); }

  async function send(body, shown) {
    busy = true; sendButton.disabled = true;
    store.setItem('hvs.userId', userId);
    if (shown) add({ who: 'me', text: shown });
    markAllButtonsUsed();
    const typing = document.createElement('div');
    typing.className = 'typing'; typing.textContent = 'Trợ lý đang trả lời…';
    log.appendChild(typing); log.scrollTop = log.scrollHeight;
    try {
      const response = await fetch('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.assign({ userId, messageId: 'm-' + Date.now() + '-' + Math.random().toString(16).slice(2) }, body)) });
      const data = await response.json();
      typing.remove();
      if (!response.ok) { add({ who: 'bot notice', text: '⚠️ ' + (data.error || 'Có lỗi, bạn thử lại nhé.') }); return; }
      if (data.forgotten) { forget(data.messages || []); return; }
      (data.messages || []).forEach((m) => add(Object.assign({ who: 'bot' }, m)));
    } catch {
      typing.remove();
      add({ who: 'bot notice', text: '⚠️ Mất kết nối. Bạn kiểm tra mạng (Wi-Fi hoặc 4G) rồi gửi lại nhé.' });
    } finally {
      busy = false; sendButton.disabled = false; input.focus();
    }
  }

  // The resident deleted their data: the browser forgets it too (the chat, which may hold
  // an OTP they typed, and the id that named them). The goodbye is shown, never saved.
  function forget(messages) {
    store.removeItem('hvs.history');
    store.removeItem('hvs.userId');
    history = [];
    userId = newUserId();
    log.replaceChildren();
    messages.forEach((m) => bubble(Object.assign({ who: 'bot' }, m)));
  }

  async function pollInbox() {
    try {
      const response = await fetch('/api/chat/inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
      if (response.ok) { const data = await response.json(); (data.messages || []).forEach((m) => add(Object.assign({ who: 'bot' }, m))); }
    } catch { /* offline: try again later */ }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    send({ text }, text);
  });
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); } });

  history.forEach(bubble);
  log.scrollTop = log.scrollHeight;
  if (history.length === 0) send({ text: 'xin chào' });
  setInterval(pollInbox, 30000);
})();
