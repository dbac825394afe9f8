// The person panel (Ctrl+Shift+N, or "Notes and tags" on a card): beside the chat on screen, the
// notes, tags, language and answering account of the person in it. Every change is saved at once.
import { element, tagChip } from './dom.js';
import { t, describe, currentLanguage } from './i18n.js';
import { cardInput } from './logic.js';

// The languages a customer is set to (more than the app's own five: customers write in theirs).
const LANGUAGES = ['en', 'ru', 'zh-Hans', 'zh-Hant', 'ar', 'es', 'pt', 'fr', 'de', 'tr', 'fa', 'uk', 'kk', 'uz', 'vi', 'th', 'id', 'ja', 'ko', 'hi'];

export function setupPerson(ui) {
  const { $ } = ui;
  let person = null;
  ui.declare('person', 'person-panel', { panel: true, open: openOnScreen });

  /** The card of the chat on screen; where the page names none, the panel says how to find it. */
  async function openOnScreen() {
    let found = null;
    let error = '';
    try {
      found = await ui.invoke('card_on_screen');
    } catch (err) {
      error = describe(err);
    }
    show(found, error || (found ? '' : t('person.no_chat')));
  }

  async function openCard(id) {
    try {
      show(await ui.invoke('person_card', { id }), '');
    } catch (err) {
      ui.flash(describe(err));
    }
  }

  function show(card, why) {
    person = card;
    ui.setStage('person');
    $('person-none').textContent = why;
    $('person-none').hidden = !why;
    $('person-body').hidden = !person;
    $('person-find').hidden = !!person;
    $('person-error').textContent = '';
    render();
    (person ? $('person-note') : $('person-find')).focus();
  }

  function render() {
    $('person-title').textContent = person ? person.name : t('person.title');
    if (!person) return;
    const accounts = ui.view().accounts;
    $('person-chats').textContent = person.chats
      .map((c) => accounts.find((a) => a.id === c.account)?.label ?? t('contacts.removed_account')).join(' · ');
    $('person-tags').replaceChildren(...person.tags.map((tag) => {
      const chip = tagChip(tag);
      const remove = element('button', 'untag', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', t('person.untag', { tag }));
      remove.addEventListener('click', () => save({ tags: person.tags.filter((x) => x !== tag) }));
      chip.append(remove);
      return chip;
    }));
    fillSelect($('person-language'), person.language, [['', t('person.language.unknown')],
      ...LANGUAGES.map((code) => [code, languageName(code)])]);
    // Language names come in the user's language already (the system's).
    for (const option of $('person-language').options) option.translate = !option.value;
    fillSelect($('person-preferred'), person.preferred, [['', t('person.preferred.any')],
      ...accounts.map((a) => [a.id, `${a.label} — ${a.service_name}`])]);
    $('person-notes').replaceChildren(...person.notes.map((note, index) => noteRow(note, index)).reverse());
  }

  function noteRow(note, index) {
    const li = element('li');
    const when = element('time', '', note.at ? dateTime(note.at) : t('person.note.undated'));
    when.translate = false;
    const text = element('textarea');
    text.value = note.text;
    text.rows = Math.min(6, note.text.split('\n').length + 1);
    text.maxLength = 10000;
    text.dir = 'auto';
    text.setAttribute('aria-label', t('person.note.edit', { when: when.textContent }));
    // An edit is saved when the field is left; emptied, the note goes.
    text.addEventListener('change', () => save({ notes: person.notes.map((n, i) => (i === index ? { ...n, text: text.value } : n)) }));
    li.append(when, text);
    return li;
  }

  async function save(change) {
    try {
      person = await ui.invoke('save_person', { card: cardInput({ ...person, ...change }) });
      $('person-error').textContent = '';
      render();
      return true;
    } catch (err) {
      $('person-error').textContent = describe(err);
      return false;
    }
  }

  $('person-tag-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const typed = $('person-tag').value.trim();
    if (typed && await save({ tags: [...person.tags, typed] })) $('person-tag').value = '';
  });

  async function addNote() {
    const typed = $('person-note').value;
    if (typed.trim() && await save({ notes: [...person.notes, { at: null, text: typed }] })) $('person-note').value = '';
  }
  $('person-note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    addNote();
  });
  $('person-note').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.ctrlKey) {
      e.preventDefault();
      addNote();
    }
  });
  $('person-language').addEventListener('change', () => save({ language: $('person-language').value || null }));
  $('person-preferred').addEventListener('change', () => save({ preferred: $('person-preferred').value || null }));
  $('person-more').addEventListener('click', () => ui.editCard({ person: { id: person.id } }));
  $('person-find').addEventListener('click', () => ui.editCard());

  ui.openPersonCard = openCard;
}

function fillSelect(select, value, options) {
  select.replaceChildren(...options.map(([code, label]) => {
    const option = element('option', '', label);
    option.value = code;
    return option;
  }));
  select.value = value ?? '';
}

/** A language's name in the user's language ("русский" → "Russian" for an English user). */
function languageName(code) {
  try {
    return new Intl.DisplayNames([currentLanguage()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function dateTime(seconds) {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(seconds * 1000));
}
