// Building the shell's own elements: always as text, never as markup (names come from pages).

/** A `tag` element with a class (or none) and its text. */
export function element(tag, className = '', text = '') {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

/** A service's icon: the site's own (`image`, a data: address) when it showed one, else its
 * monogram drawn on its colour. */
export function iconFor(monogram, color, image = null) {
  const el = element('span', 'icon', image ? '' : monogram);
  if (image) {
    const picture = document.createElement('img');
    picture.src = image;
    picture.alt = '';
    el.classList.add('site');
    el.append(picture);
  } else {
    el.style.background = color;
  }
  el.setAttribute('aria-hidden', 'true');
  el.translate = false; // a drawing of letters, not words
  return el;
}
