// The Unread list (Ctrl+Shift+U, or the sidebar's Unread button): every unread chat of every
// account in a panel beside the page, newest first. Arrows choose, Enter or a click opens the
// chat in its account (the page stays in view, the panel open: a chat read there leaves the list).
import { whenActive, fold } from './logic.js';
import { t, describe, number, currentLanguage } from './i18n.js';
import { chooser, element, iconFor, tagChip } from './dom.js';

export function setupUnread(ui) {
  const { $ } = ui;
  let rows = [];
  let asked = 0;
  const list = chooser($('unread-list'), $('unread-list'), { prefix: 'unread', choose });
  const key = (row) => row && `${row.account}\u001f${row.chat ?? ''}`;

  async function refresh() {
    const ticket = ++asked;
    let listed;
    try {
      listed = await ui.invoke('unread_list');
    } catch (err) {
      $('unread-empty').textContent = describe(err);
      $('unread-empty').hidden = false;
      return;
    }
    if (ticket !== asked || ui.stage() !== 'unread') return;
    const was = list.at();
    const chosen = key(rows[was]);
    showTags(listed);
    const only = $('unread-tag').value;
    rows = only ? listed.filter((row) => row.tags.some((tag) => fold(tag) === only)) : listed;
    // The same row stays chosen while others come and go; when it went, the one in its place.
    const still = rows.findIndex((row) => key(row) === chosen);
    list.show(rows, item, still >= 0 ? still : was);
    $('unread-empty').textContent = t('unread.empty');
    $('unread-empty').hidden = rows.length > 0;
  }

  function item(row) {
    const li = element('li', 'unread-row');
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
    const tags = element('span', 'tags');
    tags.append(...row.tags.map(tagChip));
    const where = element('span', 'where', row.chat === null ? row.service_name : `${row.service_name} · ${row.label}`);
    const text = element('span', 'preview', row.chat === null ? t('unread.which_chats') : row.translated ?? row.preview);
    text.dir = 'auto';
    const lines = element('span', 'lines');
    lines.append(head, where);
    if (row.tags.length) lines.append(tags);
    if (text.textContent) lines.append(text);
    // Translated as it arrived (the person's card says so): the original under it.
    if (row.translated) {
      text.translate = false;
      const original = element('span', 'original', row.preview);
      original.dir = 'auto';
      original.translate = false;
      lines.append(original);
    }
    if (row.asleep) lines.append(element('span', 'asleep-note', t('unread.asleep')));
    li.append(iconFor(row.monogram, row.color, row.icon), lines);
    return li;
  }

  /** The tag filter offers the tags of the rows there are (and keeps the one chosen). */
  function showTags(listed) {
    const select = $('unread-tag');
    const chosen = select.value;
    const tags = new Map();
    for (const tag of listed.flatMap((row) => row.tags)) tags.set(fold(tag), tag);
    if (chosen && !tags.has(chosen)) tags.set(chosen, chosen);
    const all = element('option', '', t('unread.all_tags'));
    all.value = '';
    select.replaceChildren(all, ...[...tags].sort().map(([key, tag]) => {
      const option = element('option', '', `#${tag}`);
      option.value = key;
      return option;
    }));
    select.value = chosen;
    select.hidden = tags.size === 0;
  }

  $('unread-tag').addEventListener('change', () => refresh());

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
      rows = [];
      list.show([], item);
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

  $('unread-open').addEventListener('click', toggle);
  ui.declare('unread', 'unread-panel', { panel: true, open: toggle });

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
