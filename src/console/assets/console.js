/* global document, fetch, setTimeout */
// Console enhancements (the pages work without them): live broadcast counts and
// a character counter. Served as a file: the content security policy forbids inline code.
(() => {
  const live = document.querySelector('[data-live-counts]');
  if (live) {
    const url = live.getAttribute('data-live-counts');
    const tick = async () => {
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) return;
        const data = await response.json();
        live.querySelectorAll('[data-field]').forEach((el) => {
          const value = data[el.getAttribute('data-field')];
          if (value !== undefined && el.textContent !== String(value)) el.textContent = String(value);
        });
        if (data.status === 'done') return;
      } catch {
        /* offline: try again */
      }
      setTimeout(tick, 2000);
    };
    setTimeout(tick, 1000);
  }
  document.querySelectorAll('[data-count-for]').forEach((counter) => {
    const input = document.getElementById(counter.getAttribute('data-count-for'));
    if (!input) return;
    const max = Number(input.getAttribute('maxlength')) || 0;
    const update = () => {
      counter.textContent = `${input.value.length}/${max} ký tự.`;
    };
    input.addEventListener('input', update);
    update();
  });
})();
