// Building the shell's own elements: always as text, never as markup (names come from pages).

/** A `tag` element with a class (or none) and its text. */
export function element(tag, className = '', text = '') {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

/** A service's drawn icon: its monogram on its colour. */
export function iconFor(monogram, color) {
  const el = element('span', 'icon', monogram);
  el.style.background = color;
  el.setAttribute('aria-hidden', 'true');
  el.translate = false; // a drawing of letters, not words
  return el;
}
