// The sidebar's list of accounts: each row's icon, name, state and unread badge, kept in place
// from one view to the next; a click shows the account, the ⋯ button or a right click opens
// its menu.
import { element, iconFor } from './dom.js';
import { t, describe, number } from './i18n.js';

export function setupSidebar(ui) {
  const { $ } = ui;
  // Why this version can't open an account (a newer one's, or its service left the catalog).
  const PROBLEMS = { unknown_service: 'account.unknown_service', unreadable: 'account.unreadable' };

  // Each account's row, kept from one redraw to the next and changed in place: counts change
  // often, and a row rebuilt between a press and a release under the pointer would lose the click.
  const rows = new Map(); // account id -> its row's parts

  function rowFor(id) {
    if (rows.has(id)) return rows.get(id);
    const current = () => ui.view().accounts.find((a) => a.id === id);
    const row = element('li', 'account');
    row.dataset.id = id;
    row.setAttribute('role', 'option');
    // The badge sits on the icon's corner, as on a phone: the name keeps its room.
    const place = element('span', 'icon-place');
    const badge = element('span', 'badge');
    // The tooltip belongs to the name: over the ⋯ button it would cover the menu it opens.
    const names = element('span', 'names');
    const label = element('span', 'label');
    label.dir = 'auto'; // a Latin name in an Arabic window, and the other way round, reads in its own direction
    const service = element('span', 'service');
    names.append(label, service);
    const more = element('button', 'more', '⋯');
    more.type = 'button';
    more.addEventListener('click', (e) => {
      e.stopPropagation();
      if (current()) ui.openMenu(current(), row);
    });
    row.append(place, names, more);
    row.addEventListener('click', () => {
      // A tooltip shown now would outlive what it describes ("Asleep…" once it woke).
      names.removeAttribute('title');
      const account = current();
      if (account?.enabled && !account.problem) ui.call('show_account', { id }).then(() => ui.setStage(null));
    });
    row.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      if (current()) ui.openMenu(current(), row);
    });
    const parts = { row, place, badge, names, label, service, more, drawn: null };
    rows.set(id, parts);
    return parts;
  }

  function render() {
    const view = ui.view();
    const list = $('accounts');
    const listed = new Set(view.accounts.map((a) => a.id));
    for (const [id, parts] of rows) {
      if (!listed.has(id)) {
        parts.row.remove();
        rows.delete(id);
      }
    }
    view.accounts.forEach((account, at) => {
      const parts = rowFor(account.id);
      const { row, place, badge, names, label, service, more } = parts;
      row.setAttribute('aria-selected', String(account.id === view.active));
      row.hidden = !ui.inView(account.id); // another group's account
      row.classList.toggle('disabled', !account.enabled || !!account.problem);
      row.classList.toggle('unknown', !!account.problem);
      row.classList.toggle('trouble', !!account.trouble);
      row.classList.toggle('muted', account.mute !== 'off');
      row.classList.toggle('asleep', account.asleep);
      let tip = account.shortcut ? ui.keys(t('account.title', { label: account.label, keys: `Ctrl+${account.shortcut}` })) : account.label;
      if (account.asleep) tip += `\n${t('account.asleep.title')}`;
      if (account.trouble) tip += `\n${describe(account.trouble)}`;
      const states = [!account.enabled && 'account.disabled', account.mute !== 'off' && 'account.muted',
        account.asleep && 'account.asleep', account.trouble && 'account.offline'].filter(Boolean);
      let line = [account.service_name, ...states.map((id) => t(id))].join(' · ');
      if (account.problem) {
        line = `${account.service_name} · ${t(PROBLEMS[account.problem])}`;
        tip = t('account.problem.title', { label: account.label, problem: t(PROBLEMS[account.problem]) });
      }
      names.title = tip;
      service.textContent = line;
      label.textContent = account.label;
      // A rename in progress keeps its field; a finished one gives the name its place back.
      const field = row.querySelector('input');
      if (field && !field.classList.contains('rename')) field.replaceWith(label);

      badge.textContent = account.unread > 999 ? `${number(999)}+` : account.unread ? number(account.unread) : '';
      badge.hidden = account.unread === 0 && !account.marked;
      badge.classList.toggle('dot', account.unread === 0 && account.marked);
      badge.setAttribute('aria-label', account.unread ? t('unread.count', { count: account.unread }) : t('unread.some'));
      more.setAttribute('aria-label', t('account.options', { label: account.label }));
      // The icon is drawn again only when it changed (a site's own icon is a picture).
      const drawn = [account.monogram, account.color, account.icon].join('\u001f');
      if (parts.drawn !== drawn) {
        parts.drawn = drawn;
        place.replaceChildren(iconFor(account.monogram, account.color, account.icon), badge);
      }
      if (list.children[at] !== row) list.insertBefore(row, list.children[at] ?? null);
    });
  }

  ui.redraw = render;
  return { workspaceChanged: render };
}
