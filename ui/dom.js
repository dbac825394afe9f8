// Building the shell's own elements: always as text, never as markup (names come from pages).
import { movedSelection, tagColor } from './logic.js';

/** A `tag` element with a class (or none) and its text. */
export function element(tag, className = '', text = '') {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

/** A tag drawn in its colour (the same tag the same colour everywhere). */
export function tagChip(tag) {
  const chip = element('span', `tag tag-${tagColor(tag)}`, tag);
  chip.dir = 'auto';
  return chip;
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

/** A list the user chooses a row of with the arrows (round the ends) and Enter, typed into
 * `field`, or with the pointer: which row is chosen, shown to the eye and to a screen reader
 * (`aria-selected`, the field's `aria-activedescendant`). `show(items, draw, index)` puts a row
 * drawn by `draw(item, index)` for each item, `index` chosen; `choose(index)` takes one;
 * `marked(index)` hears of each change of the chosen row. */
export function chooser(field, list, { prefix, choose, marked = () => {} }) {
  let at = -1;
  function move(index) {
    at = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === at)));
    field.setAttribute('aria-activedescendant', list.children[at] ? `${prefix}-${at}` : '');
    list.children[at]?.scrollIntoView({ block: 'nearest' });
    marked(at);
  }
  field.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(movedSelection(at, list.children.length, e.key));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(at);
    }
  });
  return {
    at: () => at,
    move,
    show(items, draw, index = 0) {
      list.replaceChildren(...items.map((item, i) => {
        const li = draw(item, i);
        li.id = `${prefix}-${i}`;
        li.setAttribute('role', 'option');
        li.addEventListener('mousemove', () => at !== i && move(i));
        li.addEventListener('click', () => {
          move(i);
          choose(i);
        });
        return li;
      }));
      move(items.length ? Math.max(0, Math.min(index, items.length - 1)) : -1);
    },
  };
}

/** A question a page asks (a permission, a file to save) in a dialog of its own (`stage`), one
 * at a time and only when nothing else is in front of the user; one closed without an answer
 * is asked again later. `next()` is the question due now, `still(q)` whether it still waits,
 * `show(q)` fills the dialog, `answer(q, yes)` gives the answer; `yes`, `no` are its buttons and
 * `focus` the one that has the keys first. `update()` runs on every change of the view. */
export function asker(ui, { stage, next, still = () => true, show, answer, yes, no, focus }) {
  let shown = null;
  async function reply(said) {
    const question = shown;
    shown = null;
    ui.setStage(null);
    if (question) await answer(question, said);
  }
  yes.addEventListener('click', () => reply(true));
  no.addEventListener('click', () => reply(false));
  return {
    update() {
      if (shown && ui.stage() !== stage) shown = null; // closed without an answer: asked again later
      if (shown && !still(shown)) {
        shown = null; // answered, or its page went away
        if (ui.stage() === stage) ui.setStage(null);
      }
      const due = next();
      if (!shown && due && (ui.stage() === null || ui.stage() === 'welcome')) {
        shown = due;
        show(due);
        ui.setStage(stage);
        focus.focus();
      }
    },
  };
}
