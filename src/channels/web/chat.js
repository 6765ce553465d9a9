/* global URL, FileReader, createImageBitmap */
(() => {
  const log = document.getElementById('log');
  const form = document.getElementById('form');
  const input = document.getElementById('text');
  const photoButton = document.getElementById('photo-button');
  const photoInput = document.getElementById('photo');
  // Pictures above this are made smaller here first (the server takes at most 5 MB).
  const PHOTO_SEND_AS_IS = 1.5 * 1024 * 1024;
  const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
  const PHOTO_MAX_SIDE = 2000;
  let officialDomains = [];
  const store = window.localStorage;
  const newUserId = () => 'w-' + (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
  let userId = store.getItem('hvs.userId') || newUserId();
  // "Mỗi người biết dạy một người": a link with ?invite=<code> names who invited this resident.
  let invite = new URLSearchParams(location.search).get('invite') || undefined;
  store.setItem('hvs.userId', userId);
  let history = JSON.parse(store.getItem('hvs.history') || '[]');
  let size = Number(store.getItem('hvs.size') || 19);
  let busy = false;
  // Texts typed while a reply is on its way: shown at once, sent in order when it has come.
  let waiting = [];

  const applySize = () => {
    document.documentElement.style.setProperty('--size', size + 'px');
    store.setItem('hvs.size', String(size));
  };
  document.getElementById('bigger').onclick = () => {
    size = Math.min(28, size + 2);
    applySize();
  };
  document.getElementById('smaller').onclick = () => {
    size = Math.max(15, size - 2);
    applySize();
  };
  applySize();

  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  // Only https links to official domains are tappable, and only in the tutor's bubbles:
  // a scam link the resident pasted stays plain text, right above "Đừng bấm link".
  const isOfficial = (url) => {
    try {
      const u = new URL(url);
      if (u.protocol !== 'https:' || u.username || u.password) return false;
      const host = u.hostname.toLowerCase().replace(/^www\./, '');
      return officialDomains.some((d) => host === d || host.endsWith('.' + d));
    } catch {
      return false;
    }
  };
  const linkify = (s) =>
    escapeHtml(s).replace(/https?:\/\/[^\s<]+/g, (found) => {
      const url = found.replace(/[.,;:!?)\]}'"»”]+$/, '');
      const rest = found.slice(url.length);
      const raw = url
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
      return (isOfficial(raw) ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + '</a>' : url) + rest;
    });

  function bubble(entry) {
    const div = document.createElement('div');
    div.className = 'msg ' + entry.who;
    if (entry.text) {
      if (entry.who === 'bot') div.innerHTML = linkify(entry.text);
      else div.textContent = entry.text;
    }
    if (entry.photo) {
      const img = document.createElement('img');
      img.src = entry.photo;
      img.alt = 'Ảnh bạn gửi';
      div.appendChild(img);
    }
    if (entry.link && !isOfficial(entry.link.url)) {
      div.appendChild(document.createElement('br'));
      div.appendChild(document.createTextNode('🔗 ' + entry.link.label + ': ' + entry.link.url));
    } else if (entry.link) {
      const a = document.createElement('a');
      a.href = entry.link.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = '🔗 ' + entry.link.label;
      div.appendChild(document.createElement('br'));
      div.appendChild(a);
    }
    if (entry.image) {
      const img = document.createElement('img');
      img.src = entry.image;
      img.alt = 'Hình minh họa';
      div.appendChild(img);
    }
    log.appendChild(div);
    if (entry.buttons && entry.buttons.length) {
      const row = document.createElement('div');
      row.className = 'buttons' + (entry.used ? ' used' : '');
      entry.buttons.forEach((b) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.label;
        if (entry.chosen === b.payload) button.classList.add('chosen');
        button.onclick = () => {
          if (busy) return;
          entry.used = true;
          entry.chosen = b.payload;
          row.className = 'buttons used';
          button.classList.add('chosen');
          save();
          send({ payload: b.payload }, b.label);
        };
        row.appendChild(button);
      });
      log.appendChild(row);
    }
  }

  function save() {
    history = history.slice(-150);
    store.setItem('hvs.history', JSON.stringify(history));
  }
  // A picture is shown once and never kept: the saved history holds only its caption.
  function add(entry) {
    const kept = Object.assign({}, entry);
    delete kept.photo;
    history.push(kept);
    save();
    bubble(entry);
    log.scrollTop = log.scrollHeight;
  }
  function markAllButtonsUsed() {
    history.forEach((e) => {
      if (e.buttons) e.used = true;
    });
    document.querySelectorAll('.buttons').forEach((row) => row.classList.add('used'));
  }

  async function send(body, shown, photo) {
    busy = true;
    photoButton.disabled = true;
    store.setItem('hvs.userId', userId);
    if (shown) add({ who: 'me', text: shown, photo });
    markAllButtonsUsed();
    const typing = document.createElement('div');
    typing.className = 'typing';
    typing.textContent = 'Trợ lý đang trả lời…';
    log.appendChild(typing);
    log.scrollTop = log.scrollHeight;
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.assign({ userId, messageId: 'm-' + Date.now() + '-' + Math.random().toString(16).slice(2) }, invite ? { invite } : {}, body)),
      });
      // An invitation (?invite=<code>) goes with the first message only.
      invite = undefined;
      const data = await response.json();
      typing.remove();
      if (!response.ok) {
        add({ who: 'bot notice', text: '⚠️ ' + (data.error || 'Có lỗi, bạn thử lại nhé.') });
        return;
      }
      if (data.forgotten) {
        forget(data.messages || []);
        return;
      }
      (data.messages || []).forEach((m) => add(Object.assign({ who: 'bot' }, m)));
    } catch {
      typing.remove();
      add({ who: 'bot notice', text: '⚠️ Mất kết nối. Bạn kiểm tra mạng (Wi-Fi hoặc 4G) rồi gửi lại nhé.' });
    } finally {
      busy = false;
      photoButton.disabled = false;
      input.focus();
      const next = waiting.shift();
      if (next) send(next);
    }
  }

  // The resident deleted their data: the browser forgets it too (the chat, which may hold
  // an OTP they typed, and the id that named them). The goodbye is shown, never saved.
  function forget(messages) {
    store.removeItem('hvs.history');
    store.removeItem('hvs.userId');
    history = [];
    // Typed before the deletion, to the conversation that is gone: not sent as the new resident.
    waiting = [];
    userId = newUserId();
    log.replaceChildren();
    messages.forEach((m) => bubble(Object.assign({ who: 'bot' }, m)));
  }

  async function pollInbox() {
    try {
      const response = await fetch('/api/chat/inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
      // Alerts and volunteers' answers arrive here: an alert is shown as one (⚠️ label, its own colour).
      if (response.ok) {
        const data = await response.json();
        (data.messages || []).forEach((m) => add(Object.assign({ who: /^⚠️ Cảnh báo/.test(m.text || '') ? 'bot alert' : 'bot inbox' }, m)));
      }
    } catch {
      /* offline: try again later */
    }
  }

  const readAsDataUrl = (blob) =>
    new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });

  /** A PNG or JPEG small enough goes as it is; anything else is redrawn as a JPEG of at most 2000 px. */
  async function photoDataUrl(file) {
    if ((file.type === 'image/png' || file.type === 'image/jpeg') && file.size <= PHOTO_SEND_AS_IS) return readAsDataUrl(file);
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    if (!blob) throw new Error('no jpeg');
    return readAsDataUrl(blob);
  }

  photoButton.addEventListener('click', () => {
    if (!busy) photoInput.click();
  });
  photoInput.addEventListener('change', async () => {
    const file = photoInput.files && photoInput.files[0];
    photoInput.value = '';
    if (!file || busy) return;
    let image;
    try {
      image = await photoDataUrl(file);
    } catch {
      add({ who: 'bot notice', text: '⚠️ Mình chưa mở được ảnh này. Bạn chọn ảnh chụp màn hình hoặc ảnh JPG, PNG nhé.' });
      return;
    }
    if (image.length * 0.75 > PHOTO_MAX_BYTES) {
      add({ who: 'bot notice', text: '⚠️ Ảnh lớn quá (tối đa 5 MB). Bạn chụp màn hình rồi gửi lại nhé.' });
      return;
    }
    const caption = input.value.trim();
    input.value = '';
    send(caption ? { image, text: caption } : { image }, caption ? '📷 ' + caption : '📷 Ảnh', image);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    if (!busy) return send({ text }, text);
    add({ who: 'me', text });
    waiting.push({ text });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  async function start() {
    try {
      const response = await fetch('/official-domains.json');
      if (response.ok) officialDomains = (await response.json()).domains || [];
    } catch {
      /* offline: no link is tappable */
    }
    history.forEach(bubble);
    log.scrollTop = log.scrollHeight;
    if (history.length === 0) send({ text: 'xin chào' });
    setInterval(pollInbox, 10000);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') pollInbox();
    });
  }
  start();
})();
