// The Unread list (Ctrl+Shift+U, or the sidebar's Unread button): every unread chat of every
// account in a panel beside the page, newest first. Arrows choose, Enter or a click opens the
// chat in its account (the page stays in view, the panel open: a chat read there leaves the list).
import { whenActive } from './logic.js';
import { t, describe, number, currentLanguage } from './i18n.js';
import { element, iconFor, listKeys } from './dom.js';

export function setupUnread(ui) {
  const { $ } = ui;
  let rows = [];
  let selected = 0;
  let asked = 0;
  const key = (row) => row && `${row.account}\u001f${row.chat ?? ''}`;

  async function refresh() {
    const ticket = ++asked;
    let list;
    try {
      list = await ui.invoke('unread_list');
    } catch (err) {
      $('unread-empty').textContent = describe(err);
      $('unread-empty').hidden = false;
      return;
    }
    if (ticket !== asked || ui.stage() !== 'unread') return;
    const chosen = key(rows[selected]);
    rows = list;
    // The same row stays chosen while others come and go; when it went, the one in its place.
    const still = rows.findIndex((row) => key(row) === chosen);
    selected = still >= 0 ? still : Math.min(selected, rows.length - 1);
    $('unread-list').replaceChildren(...rows.map(item));
    $('unread-empty').textContent = t('unread.empty');
    $('unread-empty').hidden = rows.length > 0;
    mark();
  }

  function item(row, index) {
    const li = element('li', 'unread-row');
    li.id = `unread-${index}`;
    li.setAttribute('role', 'option');
    li.dataset.account = row.account;
    if (row.chat !== null) li.dataset.chat = row.chat;
    li.classList.toggle('asleep', row.asleep);
    const head = element('span', 'head');
    const name = element('span', 'who', row.name);
    name.dir = 'auto';
    const count = element('span', 'badge', row.count ? number(row.count) : '');
    count.hidden = !row.count;
    const time = element('time', '', row.at ? whenActive(row.at, currentLanguage()) : row.time);
    time.translate = false;
    head.append(name, time, count);
    const where = element('span', 'where', row.chat === null ? row.service_name : `${row.service_name} · ${row.label}`);
    const text = element('span', 'preview', row.chat === null ? t('unread.which_chats') : row.preview);
    text.dir = 'auto';
    const lines = element('span', 'lines');
    lines.append(head, where);
    if (text.textContent) lines.append(text);
    if (row.asleep) lines.append(element('span', 'asleep-note', t('unread.asleep')));
    li.append(iconFor(row.monogram, row.color, row.icon), lines);
    li.addEventListener('click', () => {
      selected = index;
      mark();
      choose(index);
    });
    return li;
  }

  function mark() {
    $('unread-list').querySelectorAll('.unread-row').forEach((li, i) => li.setAttribute('aria-selected', String(i === selected)));
    $('unread-list').setAttribute('aria-activedescendant', rows[selected] ? `unread-${selected}` : '');
    $(`unread-${selected}`)?.scrollIntoView({ block: 'nearest' });
  }

  async function choose(index) {
    const row = rows[index];
    if (!row) return;
    try {
      await ui.invoke('open_unread', { account: row.account, chat: row.chat });
    } catch (err) {
      ui.flash(`${row.name}: ${describe(err)}`);
    }
  }

  function open() {
    if (ui.view().locked) return;
    if (ui.stage() !== 'unread') {
      selected = 0;
      rows = [];
      ui.setStage('unread');
    }
    $('unread-list').focus();
    refresh();
  }

  // The shortcut opens the list, or closes it when it is already in front of the user.
  function toggle() {
    if (ui.stage() === 'unread' && document.hasFocus()) ui.setStage(null);
    else open();
  }

  listKeys($('unread-list'), {
    count: () => rows.length,
    at: () => selected,
    move: (index) => {
      selected = index;
      mark();
    },
    choose,
  });
  $('unread-open').addEventListener('click', toggle);
  ui.listen('open-unread', toggle);

  return {
    // The counts changed: the button's total, and the list when it is open.
    workspaceChanged() {
      const total = ui.view().total_unread;
      $('unread-total').textContent = total ? number(total) : '';
      $('unread-total').hidden = !total;
      if (ui.stage() === 'unread') refresh();
    },
  };
}
