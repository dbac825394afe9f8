// The contacts dialog: a person's card (handles, the chats linked to it; its notes and tags are
// the person panel's), the links the app suggests, and backup files.

import { element } from './dom.js';
import { t, describe } from './i18n.js';

const EDITED_KINDS = ['phone', 'email', 'telegram', 'wechat'];

export function setupContacts(ui) {
  const { $ } = ui;
  let person = null; // the card being edited; null for a new one
  const chatNames = new Map(); // "account\u001fchat" -> the name its page shows

  const key = (ref) => `${ref.account}\u001f${ref.chat}`;
  const accountLabel = (id) => ui.view().accounts.find((a) => a.id === id)?.label ?? t('contacts.removed_account');
  const remember = (chats) => chats.forEach((c) => chatNames.set(key(c), c.name));

  /** Opens the dialog: on a palette row's person, on a new card made for a lone chat, or empty. */
  async function editCard(row) {
    person = null;
    if (row?.person?.id) {
      if (row.hit) remember(row.hit.chats);
      try {
        person = await ui.invoke('person_card', { id: row.person.id });
      } catch (err) {
        ui.flash(describe(err));
        return;
      }
    } else if (row?.kind === 'chat') {
      remember(row.hit.chats);
      try {
        person = await ui.invoke('link_chats', { person: null, name: row.name, chats: [{ account: row.account.id, chat: row.chat }] });
      } catch (err) {
        ui.flash(describe(err));
        return;
      }
    }
    ui.setStage('contacts');
    fillCard();
    loadSuggestions();
    $('card-name').focus();
  }

  function fillCard() {
    $('card-title').textContent = person ? person.name : t('contacts.new_person');
    $('card-name').value = person?.name ?? '';
    for (const kind of EDITED_KINDS) $(`card-${kind}`).value = person?.handles.find((h) => h.kind === kind)?.value ?? '';
    $('card-notes').hidden = !person;
    $('card-remove').hidden = !person;
    $('card-link-row').hidden = !person;
    $('card-link').value = '';
    $('card-link-results').replaceChildren();
    $('card-error').textContent = '';
    $('card-chats').replaceChildren(...(person?.chats ?? []).map((ref) => line(
      `${chatNames.get(key(ref)) ?? ref.chat} — ${accountLabel(ref.account)}`, t('contacts.unlink'), async () => {
        person = await ui.invoke('unlink_chat', { person: person.id, chat: ref });
        fillCard();
      })));
  }

  function line(text, action, run) {
    const li = element('li');
    const button = element('button', '', action);
    button.type = 'button';
    button.addEventListener('click', () => run().catch((err) => { $('card-error').textContent = describe(err); }));
    li.append(element('span', '', text), button);
    return li;
  }

  // Handles of the kinds the form shows come from the form; the others stay as they were.
  function handlesFromForm() {
    const kept = (person?.handles ?? []).filter((h) => !EDITED_KINDS.includes(h.kind));
    const typed = EDITED_KINDS.map((kind) => ({ kind, value: $(`card-${kind}`).value.trim() })).filter((h) => h.value);
    return [...typed, ...kept];
  }

  $('card-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      // Name and handles only: notes and tags are the panel's (and may have changed since).
      const saved = await ui.invoke('save_person', { card: { id: person?.id ?? null, name: $('card-name').value, handles: handlesFromForm() } });
      person = saved;
      fillCard();
      ui.flash(t('contacts.saved', { name: saved.name }));
    } catch (err) {
      $('card-error').textContent = describe(err);
    }
  });

  $('card-notes').addEventListener('click', () => ui.openPersonCard(person.id));

  $('card-new').addEventListener('click', () => {
    person = null;
    fillCard();
    $('card-name').focus();
  });

  $('card-remove').addEventListener('click', async () => {
    try {
      await ui.invoke('remove_person', { id: person.id });
      ui.flash(t('contacts.deleted', { name: person.name }));
      person = null;
      fillCard();
    } catch (err) {
      $('card-error').textContent = describe(err);
    }
  });

  // Chats nobody is linked to, found by name, to link to this card.
  $('card-link').addEventListener('input', async () => {
    const query = $('card-link').value;
    const hits = query.trim() ? await ui.invoke('contacts_search', { query }) : [];
    const lone = hits.filter((h) => !h.person).flatMap((h) => h.chats);
    remember(lone);
    $('card-link-results').replaceChildren(...lone.map((c) => line(`${c.name} — ${accountLabel(c.account)}`, t('contacts.link_one'), async () => {
      person = await ui.invoke('link_chats', { person: person.id, name: '', chats: [{ account: c.account, chat: c.chat }] });
      fillCard();
    })));
  });

  async function loadSuggestions() {
    let found = [];
    try {
      found = await ui.invoke('contact_suggestions');
    } catch (err) {
      $('suggestions-empty').textContent = describe(err);
    }
    $('suggestions-empty').hidden = found.length > 0;
    $('suggestions').replaceChildren(...found.map((s) => {
      const chats = s.chats.map((ref, i) => `${s.names[i] || ref.chat} (${accountLabel(ref.account)})`).join(', ');
      const why = s.why.kind === 'same_phone' ? t('contacts.same_phone', { phone: `+${s.why.value}` }) : t('contacts.same_name');
      const suggestion = s.person_name ? t('contacts.suggest.to', { chats, why, name: s.person_name }) : t('contacts.suggest.new', { chats, why });
      return line(suggestion, t('contacts.link_one'), async () => {
        const linked = await ui.invoke('link_chats', { person: s.person, name: s.names[0] || s.why.value, chats: s.chats });
        ui.flash(t('contacts.linked', { name: linked.name, count: linked.chats.length }));
        loadSuggestions();
      });
    }));
  }

  for (const format of ['vcard', 'csv']) {
    $(`export-${format}`).addEventListener('click', async () => {
      try {
        ui.showNotice(t('contacts.exported', await ui.invoke('export_contacts', { format })));
      } catch (err) {
        $('import-error').textContent = describe(err);
      }
    });
  }

  $('import-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('import-error').textContent = t('contacts.importing');
    try {
      const done = await ui.invoke('import_contacts', { path: $('import-path').value, partial: $('import-partial').checked });
      $('import-error').textContent = '';
      ui.flash(t('contacts.imported', done));
      loadSuggestions();
    } catch (err) {
      $('import-error').textContent = describe(err);
    }
  });

  ui.declare('contacts', 'contacts-dialog');
  ui.editCard = editCard;
}
