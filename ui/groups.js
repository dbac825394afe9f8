// Workspaces: the switcher over the sidebar's accounts ("All", then each group with its unread
// count; Ctrl+Alt+1…9, 0 for all) and the dialog that makes or changes a group: its name, its
// accounts, and what their alerts do while another group is shown.
import { element } from './dom.js';
import { t, describe, number } from './i18n.js';

export function setupGroups(ui) {
  const { $ } = ui;
  ui.declare('group', 'group-dialog');
  let editing = null; // the id of the group in the dialog; null for a new one

  /** Whether the sidebar shows this account now. */
  ui.inView = (accountId) => {
    const view = ui.view();
    const shown = view.groups.find((g) => g.id === view.group);
    return !shown || shown.accounts.includes(accountId);
  };

  function chip(id, name, unread, index) {
    const view = ui.view();
    const button = element('button', 'group');
    button.type = 'button';
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-selected', String((view.group ?? null) === id));
    button.dataset.group = id ?? '';
    const label = element('span', '', name);
    label.dir = 'auto';
    button.append(label);
    if (unread) button.append(element('span', 'count', unread > 999 ? `${number(999)}+` : number(unread)));
    // Ctrl+Alt+0…9 reach "All" and the first nine.
    button.title = index <= 9 ? ui.keys(t(id ? 'groups.title' : 'groups.all.title', { name, keys: `Ctrl+Alt+${index}` })) : name;
    button.addEventListener('click', () => {
      if (id && view.group === id) edit(id); // the group shown, clicked again: change it
      else ui.call('show_group', { id }).catch(() => {});
    });
    button.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      if (id) edit(id);
    });
    return button;
  }

  function render() {
    const view = ui.view();
    const total = view.accounts.reduce((sum, a) => sum + a.unread, 0);
    const chips = view.groups.length ? [chip(null, t('groups.all'), total, 0), ...view.groups.map((g, i) => chip(g.id, g.name, g.unread, i + 1))] : [];
    // Drawn again on every change of a count: the keyboard's place on the switcher stays.
    const focused = $('group-tabs').contains(document.activeElement) ? document.activeElement.dataset.group : null;
    $('group-tabs').replaceChildren(...chips);
    if (focused !== null) $('group-tabs').querySelector(`[data-group="${CSS.escape(focused)}"]`)?.focus();
    $('group-new').textContent = view.groups.length ? '＋' : t('groups.new');
    $('group-new').title = t('groups.new.title');
  }
  $('group-new').addEventListener('click', () => edit(null));

  function edit(id) {
    const view = ui.view();
    const group = view.groups.find((g) => g.id === id);
    editing = group ? id : null;
    $('group-title').textContent = t(group ? 'groups.edit' : 'groups.new.title');
    $('group-name').value = group?.name ?? '';
    $('group-accounts').replaceChildren(...view.accounts.map((account) => {
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: account.id, checked: !!group?.accounts.includes(account.id) });
      const label = element('label', 'check');
      const name = element('span', '', `${account.label} — ${account.service_name}`);
      name.dir = 'auto';
      label.append(box, name);
      return label;
    }));
    for (const radio of document.querySelectorAll('input[name="group-outside"]')) radio.checked = radio.value === (group?.outside ?? 'show');
    $('group-remove').hidden = !group;
    $('group-error').textContent = '';
    ui.setStage('group');
    $('group-name').focus();
  }

  $('group-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const accounts = [...$('group-accounts').querySelectorAll('input:checked')].map((box) => box.value);
    const outside = document.querySelector('input[name="group-outside"]:checked').value;
    try {
      const id = await ui.invoke('save_group', { id: editing, name: $('group-name').value, accounts, outside });
      if (!editing) await ui.invoke('show_group', { id });
      ui.setStage(null);
    } catch (err) {
      $('group-error').textContent = describe(err);
    }
  });
  $('group-remove').addEventListener('click', async () => {
    try {
      await ui.invoke('remove_group', { id: editing });
      ui.setStage(null);
    } catch (err) {
      $('group-error').textContent = describe(err);
    }
  });

  return { workspaceChanged: render, languageChanged: render };
}
