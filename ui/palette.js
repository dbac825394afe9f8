// The search palette (Ctrl+K, or the global shortcut from any program): people, chats and
// accounts; arrows choose, Enter opens the chat in its account, Esc closes.
import { paletteRows, whenActive } from './logic.js';
import { t, describe, currentLanguage } from './i18n.js';
import { chooser, element, iconFor } from './dom.js';

export function setupPalette(ui) {
  const { $ } = ui;
  let rows = [];
  let asked = 0; // answers to older keystrokes are dropped
  const list = chooser($('palette-input'), $('palette-results'), { prefix: 'result', choose, marked: showCard });

  function open() {
    if (ui.view().locked) return;
    ui.setStage('palette');
    $('palette-input').value = '';
    show([]);
    $('palette-input').focus();
    search();
  }

  async function search() {
    const query = $('palette-input').value;
    const ticket = ++asked;
    let hits = [];
    if (query.trim()) {
      try {
        hits = await ui.invoke('contacts_search', { query });
      } catch (err) {
        if (ticket === asked) showEmpty(describe(err));
        return;
      }
    }
    if (ticket !== asked) return;
    show(paletteRows(hits, ui.view().accounts, query));
    $('palette-results').dataset.query = query; // which search the rows answer
    if (!query.trim()) showEmpty(t('palette.empty'));
    else if (rows.length === 0) showEmpty(t('palette.nothing', { query: query.trim() }));
  }

  function showEmpty(text) {
    $('palette-empty').textContent = text;
    $('palette-empty').hidden = false;
  }

  function show(found) {
    rows = found;
    $('palette-empty').hidden = true;
    list.show(rows, item);
  }

  function item(row) {
    const li = element('li', 'result');
    const icon = row.account ? iconFor(row.account.monogram, row.account.color, row.account.icon) : iconFor('👤', '#8a8fa8');
    let where = t('palette.card_only');
    if (row.kind === 'chat') {
      const also = row.chatName && row.chatName !== row.name ? ` · “${row.chatName}”` : '';
      where = `${row.account.service_name} · ${row.account.label}${also}`;
    } else if (row.kind === 'account') {
      where = t('palette.account', { service: row.account.service_name });
    }
    const what = element('span', 'what');
    const who = element('span', 'who', row.name);
    who.dir = 'auto'; // names come in any script: each reads in its own direction
    what.append(who, element('span', 'where', where));
    const time = element('time', '', row.kind === 'chat' ? whenActive(row.lastActive, currentLanguage()) : '');
    time.translate = false; // Intl words it in the language already
    li.append(icon, what, time);
    return li;
  }

  // The card of the chosen row's person, below the list.
  function showCard(at) {
    const row = rows[at];
    const person = row?.person?.id ? row.person : null;
    $('palette-card').hidden = !row || row.kind === 'account';
    if (!row || row.kind === 'account') return;
    $('palette-handles').textContent = person ? person.handles.map((h) => `${t(`contacts.handle.${h.kind}`)}: ${h.value}`).join(' · ') : '';
    $('palette-note').textContent = person ? person.note : '';
    $('palette-edit').textContent = t(person ? 'palette.edit' : 'palette.make_card');
  }

  async function choose(index) {
    const row = rows[index];
    if (!row) return;
    if (row.kind === 'person') {
      ui.editCard(row);
      return;
    }
    ui.setStage(null);
    if (row.kind === 'account') {
      await ui.call('show_account', { id: row.account.id });
      return;
    }
    try {
      await ui.invoke('open_chat', { account: row.account.id, chat: row.chat });
    } catch (err) {
      ui.flash(`${row.name}: ${describe(err)}`);
    }
  }

  $('palette-input').addEventListener('input', search);
  $('palette-edit').addEventListener('click', () => ui.editCard(rows[list.at()]));
  $('palette-manage').addEventListener('click', () => ui.editCard(null));
  $('palette-open').addEventListener('click', open);
  ui.declare('palette', 'palette', { open });
}
