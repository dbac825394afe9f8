// The person panel (Ctrl+Shift+N, or "Notes and tags" on a card): beside the chat on screen, the
// notes, tags, language and answering account of the person in it. Every change is saved at once.
import { element, tagChip } from './dom.js';
import { t, describe, currentLanguage, languageName } from './i18n.js';
import { CUSTOMER_LANGUAGES, cardInput } from './logic.js';

export function setupPerson(ui) {
  const { $ } = ui;
  let person = null;
  ui.declare('person', 'person-panel', { panel: true, open: openOnScreen });

  /** The card of the chat on screen; where the page names none, the panel says how to find it. */
  async function openOnScreen() {
    let found = null;
    let error = '';
    try {
      found = await ui.invoke('card_on_screen', { make: true });
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
    // What was typed for someone else stays with them, not with this person.
    if (card?.id !== person?.id) {
      $('person-note').value = '';
      $('person-tag').value = '';
    }
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
      remove.addEventListener('click', () => save((p) => ({ tags: p.tags.filter((x) => x !== tag) })));
      chip.append(remove);
      return chip;
    }));
    fillSelect($('person-language'), person.language, [['', t('person.language.unknown')],
      ...CUSTOMER_LANGUAGES.map((code) => [code, languageName(code)])]);
    // Language names come in the user's language already (the system's).
    for (const option of $('person-language').options) option.translate = !option.value;
    fillSelect($('person-preferred'), person.preferred, [['', t('person.preferred.any')],
      ...accounts.map((a) => [a.id, `${a.label} — ${a.service_name}`])]);
    $('person-notes').replaceChildren(...person.notes.map(noteRow).reverse());
    showTranslation();
  }

  /** Whether their messages are translated, and where the text goes to be (or why it can't). */
  async function showTranslation() {
    const box = $('person-translate');
    box.checked = !!person.translate_incoming;
    let destination = null;
    try {
      destination = (await ui.invoke('translation')).destination;
    } catch (_) {
      // Not known: said as not set up.
    }
    box.disabled = !destination && !box.checked; // one turned on stays free to turn off
    $('person-translate-where').textContent = destination
      ? t('person.translate.where', { server: destination }) : t('person.translate.not_set_up');
  }

  function noteRow(note) {
    const li = element('li');
    const when = element('time', '', dateTime(note.at) ?? t('person.note.undated'));
    when.translate = false;
    const text = element('textarea');
    text.value = note.text;
    text.rows = Math.min(6, note.text.split('\n').length + 1);
    text.maxLength = 10000;
    text.dir = 'auto';
    text.setAttribute('aria-label', t('person.note.edit', { when: when.textContent }));
    // An edit is saved when the field is left; emptied, the note goes.
    text.addEventListener('change', () => save((p) => ({ notes: p.notes.map((n) => (n.at === note.at && n.text === note.text ? { ...n, text: text.value } : n)) })));
    li.append(when, text);
    return li;
  }

  // Saves one after the other, each change applied to the card as the one before left it: a
  // note's edit saved as the focus leaves it for a tag's × is not undone by the tag's save.
  let saving = Promise.resolve(true);
  function save(change) {
    saving = saving.then(async () => {
      const id = person?.id;
      if (!id) return false;
      try {
        const saved = await ui.invoke('save_person', { card: cardInput({ ...person, ...change(person) }) });
        if (person?.id !== id) return true; // another person is shown by now
        person = saved;
        $('person-error').textContent = '';
        render();
        return true;
      } catch (err) {
        $('person-error').textContent = describe(err);
        return false;
      }
    });
    return saving;
  }

  $('person-tag-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const typed = $('person-tag').value.trim();
    if (typed && await save((p) => ({ tags: [...p.tags, typed] }))) $('person-tag').value = '';
  });

  async function addNote() {
    const typed = $('person-note').value;
    if (typed.trim() && await save((p) => ({ notes: [...p.notes, { at: null, text: typed }] }))) $('person-note').value = '';
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
  $('person-language').addEventListener('change', (e) => save(() => ({ language: e.target.value || null })));
  $('person-preferred').addEventListener('change', (e) => save(() => ({ preferred: e.target.value || null })));
  $('person-translate').addEventListener('change', (e) => save(() => ({ translate_incoming: e.target.checked })));
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

/** When a note was written, in the user's language; null for a note kept before notes had times. */
function dateTime(seconds) {
  const date = new Date(seconds * 1000);
  if (!seconds || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
