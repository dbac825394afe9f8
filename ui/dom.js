// Building the shell's own elements: always as text, never as markup (names come from pages).
import { movedSelection } from './logic.js';

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

/** Keys of a chooser list typed into `field`: the arrows move the choice (round the ends), Enter
 * takes it. `list` tells how many rows there are and which is chosen (`count()`, `at()`), and
 * is told of a move (`move(index)`) and of the choice (`choose(index)`). */
export function listKeys(field, list) {
  field.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      list.move(movedSelection(list.at(), list.count(), e.key));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      list.choose(list.at());
    }
  });
}
