// The shell UI: the sidebar of accounts, the add-service dialog, the account menu.
// State comes from Rust (the "workspace" event); every change goes back through a command.
import { filterCatalog, suggestLabel, movedIndex, minutesToTime } from './logic.js';

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;
const $ = (id) => document.getElementById(id);

let view = { accounts: [], active: null, notice: null };
let catalog = [];
let stage = null; // null (pages visible) | 'welcome' | 'add' | 'confirm'
let overlayShown = false;

function iconFor(monogram, color) {
  const el = document.createElement('span');
  el.className = 'icon';
  el.style.background = color;
  el.textContent = monogram;
  el.setAttribute('aria-hidden', 'true');
  return el;
}

async function call(command, args) {
  try {
    return await invoke(command, args);
  } catch (err) {
    showNotice(String(err));
    throw err;
  }
}

// ---- the stage: dialogs take the whole window while open ----

function setStage(next) {
  stage = next ?? (view.accounts.length === 0 ? 'welcome' : null);
  $('stage').hidden = stage === null;
  $('welcome').hidden = stage !== 'welcome';
  $('add-dialog').hidden = stage !== 'add';
  $('dnd-dialog').hidden = stage !== 'dnd';
  $('history-panel').hidden = stage !== 'history';
  $('settings-dialog').hidden = stage !== 'settings';
  $('confirm-dialog').hidden = stage !== 'confirm';
  const wantOverlay = stage !== null;
  if (wantOverlay !== overlayShown) {
    overlayShown = wantOverlay;
    invoke('set_overlay', { open: wantOverlay }).catch((e) => showNotice(String(e)));
  }
}

// ---- sidebar ----

function render() {
  const list = $('accounts');
  list.replaceChildren();
  for (const account of view.accounts) {
    const row = document.createElement('li');
    row.className = 'account';
    row.dataset.id = account.id;
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', String(account.id === view.active));
    row.classList.toggle('disabled', !account.enabled);
    row.title = account.shortcut ? `${account.label} — Ctrl+${account.shortcut}` : account.label;

    const names = document.createElement('span');
    names.className = 'names';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = account.label;
    const service = document.createElement('span');
    service.className = 'service';
    service.textContent = account.enabled ? account.service_name : `${account.service_name} · disabled`;
    if (account.mute !== 'off') service.textContent += ' · muted';
    row.classList.toggle('muted', account.mute !== 'off');
    names.append(label, service);

    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.hidden = account.unread === 0;
    badge.textContent = account.unread > 999 ? '999+' : String(account.unread);
    badge.setAttribute('aria-label', `${account.unread} unread`);

    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = '⋯';
    more.setAttribute('aria-label', `Options for ${account.label}`);
    more.addEventListener('click', (e) => {
      e.stopPropagation();
      openMenu(account, row);
    });

    row.append(iconFor(account.monogram, account.color), names, badge, more);
    row.addEventListener('click', () => {
      if (account.enabled) call('show_account', { id: account.id }).then(() => setStage(null));
    });
    row.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      openMenu(account, row);
    });
    list.append(row);
  }
  if (view.notice) showNotice(view.notice);
  $('dnd').setAttribute('aria-pressed', String(view.quiet));
  $('dnd').title = view.quiet ? 'Do not disturb is on' : 'Do not disturb';
  if (stage === null || stage === 'welcome') setStage(null);
}

function showNotice(text) {
  $('notice-text').textContent = text;
  $('notice').hidden = false;
}

$('notice-close').addEventListener('click', () => {
  $('notice').hidden = true;
  invoke('dismiss_notice');
});

// ---- account menu ----

let menuAccount = null;

function openMenu(account, row) {
  menuAccount = account;
  const menu = $('menu');
  menu.querySelector('[data-action="toggle"]').textContent = account.enabled ? 'Disable' : 'Enable';
  menu.querySelector('[data-action="reload"]').disabled = !account.enabled;
  menu.querySelector('[data-action="mute-keep"]').hidden = account.mute === 'keep_badge';
  menu.querySelector('[data-action="mute-hide"]').hidden = account.mute === 'hide_badge';
  menu.querySelector('[data-action="unmute"]').hidden = account.mute === 'off';
  menu.querySelector('[data-action="up"]').disabled = movedIndex(view.accounts, account.id, 'up') === null;
  menu.querySelector('[data-action="down"]').disabled = movedIndex(view.accounts, account.id, 'down') === null;
  const box = row.getBoundingClientRect();
  menu.style.top = `${Math.min(box.bottom, window.innerHeight - 230)}px`;
  menu.hidden = false;
  menu.querySelector('button:not(:disabled):not([hidden])').focus();
}

function closeMenu() {
  $('menu').hidden = true;
}

$('menu').addEventListener('click', async (e) => {
  const action = e.target.closest('button')?.dataset.action;
  const account = menuAccount;
  closeMenu();
  if (!action || !account) return;
  const id = account.id;
  if (action === 'rename') startRename(account);
  if (action === 'reload') await call('reload_account', { id });
  if (action === 'up' || action === 'down') {
    const index = movedIndex(view.accounts, id, action);
    if (index !== null) await call('move_account', { id, index });
  }
  if (action === 'toggle') await call('set_account_enabled', { id, enabled: !account.enabled });
  const mute = { 'mute-keep': 'keep_badge', 'mute-hide': 'hide_badge', unmute: 'off' }[action];
  if (mute) await call('set_mute', { id, mute });
  if (action === 'remove') confirmRemove(account);
});

document.addEventListener('click', (e) => {
  if (!e.target.closest('#menu')) closeMenu();
});

function startRename(account) {
  const row = document.querySelector(`.account[data-id="${account.id}"]`);
  const label = row?.querySelector('.label');
  if (!label) return;
  const input = document.createElement('input');
  input.className = 'rename';
  input.value = account.label;
  input.maxLength = 64;
  input.setAttribute('aria-label', 'New name');
  label.replaceWith(input);
  input.focus();
  input.select();
  input.addEventListener('click', (e) => e.stopPropagation());
  // Enter or leaving the field saves; Esc puts the old name back.
  let done = false;
  const finish = async (save) => {
    if (done) return;
    done = true;
    if (save && input.value !== account.label) {
      try {
        await invoke('rename_account', { id: account.id, label: input.value });
      } catch (err) {
        showNotice(String(err));
      }
    }
    render();
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') finish(false);
    if (e.key === 'Enter') finish(true);
  });
  input.addEventListener('blur', () => finish(true));
}

function confirmRemove(account) {
  $('confirm-title').textContent = `Remove “${account.label}”?`;
  $('confirm-text').textContent =
    `Its login, cookies and everything ${account.service_name} stored on this computer for it are deleted. ` +
    'Other accounts are not touched, and the account itself stays with the service.';
  $('confirm-ok').onclick = async () => {
    setStage(null);
    await call('remove_account', { id: account.id });
  };
  setStage('confirm');
  $('confirm-cancel').focus();
}

$('confirm-cancel').addEventListener('click', () => setStage(null));

// ---- add-service dialog ----

let chosen = null;
let highlighted = 0;

async function openAddDialog() {
  if (catalog.length === 0) catalog = await call('catalog');
  chosen = null;
  $('pick').hidden = false;
  $('details').hidden = true;
  $('search').value = '';
  renderCatalog();
  setStage('add');
  $('search').focus();
}

const CUSTOM = { id: 'custom', name: 'Custom service (any address)', monogram: '+', color: '#5c6370' };

function renderCatalog() {
  const found = [...filterCatalog(catalog, $('search').value), CUSTOM];
  highlighted = Math.min(highlighted, found.length - 1);
  const list = $('catalog');
  list.replaceChildren();
  found.forEach((service, i) => {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(i === highlighted));
    item.dataset.id = service.id;
    const name = document.createElement('span');
    name.textContent = service.name;
    item.append(iconFor(service.monogram, service.color), name);
    item.addEventListener('click', () => choose(service));
    list.append(item);
  });
  list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  return found;
}

function choose(service) {
  chosen = service;
  $('chosen-icon').replaceWith(Object.assign(iconFor(service.monogram, service.color), { id: 'chosen-icon' }));
  $('chosen-name').textContent = service.name;
  const custom = service.id === 'custom';
  $('url-row').hidden = !custom;
  $('url').required = custom;
  $('url').value = '';
  $('label').value = custom ? '' : suggestLabel(service.name, view.accounts);
  $('add-error').textContent = '';
  $('pick').hidden = true;
  $('details').hidden = false;
  (custom ? $('url') : $('label')).focus();
}

$('search').addEventListener('input', () => {
  highlighted = 0;
  renderCatalog();
});

$('search').addEventListener('keydown', (e) => {
  const found = renderCatalog();
  if (e.key === 'ArrowDown') highlighted = Math.min(highlighted + 1, found.length - 1);
  else if (e.key === 'ArrowUp') highlighted = Math.max(highlighted - 1, 0);
  else if (e.key === 'Enter') return choose(found[highlighted]);
  else return;
  e.preventDefault();
  renderCatalog();
});

$('back').addEventListener('click', () => {
  $('details').hidden = true;
  $('pick').hidden = false;
  $('search').focus();
});

$('details').addEventListener('submit', async (e) => {
  e.preventDefault();
  const args = { service: chosen.id, label: $('label').value, url: chosen.id === 'custom' ? $('url').value : null };
  $('add-confirm').disabled = true;
  try {
    await invoke('add_account', args);
    setStage(null);
  } catch (err) {
    $('add-error').textContent = String(err);
  } finally {
    $('add-confirm').disabled = false;
  }
});

for (const button of document.querySelectorAll('#add, #welcome-add')) button.addEventListener('click', openAddDialog);
for (const close of document.querySelectorAll('#stage .close')) close.addEventListener('click', () => setStage(null));

// ---- notification history ----

async function showHistory() {
  const service = $('history-filter').value || null;
  const [all, shown] = await Promise.all([call('history', { service: null }), call('history', { service })]);
  const filter = $('history-filter');
  const services = [...new Set(all.map((e) => e.service))].sort();
  filter.replaceChildren(new Option('All services', ''), ...services.map((s) => new Option(s, s)));
  filter.value = service ?? '';
  const list = $('history-list');
  list.replaceChildren(...shown.map(historyItem));
  $('history-empty').hidden = shown.length > 0;
}

function historyItem(entry) {
  const item = document.createElement('li');
  item.className = 'entry';
  item.classList.toggle('held', !entry.delivered);
  item.dataset.account = entry.account;
  const when = document.createElement('time');
  when.textContent = new Date(entry.at * 1000).toLocaleString();
  const who = document.createElement('strong');
  who.textContent = `${entry.label} · ${entry.service}`;
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = entry.title;
  const body = document.createElement('span');
  body.className = 'body';
  body.textContent = entry.body;
  item.append(who, when, title, body);
  if (!entry.delivered) item.title = 'Held back by mute or do not disturb';
  item.addEventListener('click', async () => {
    if (!view.accounts.some((a) => a.id === entry.account && a.enabled)) return;
    setStage(null);
    await call('show_account', { id: entry.account });
  });
  return item;
}

$('history-open').addEventListener('click', async () => {
  $('history-filter').value = '';
  await showHistory();
  setStage('history');
});
$('history-filter').addEventListener('change', showHistory);
listen('history', () => {
  if (stage === 'history') showHistory();
});

// ---- do not disturb ----

$('dnd').addEventListener('click', () => {
  const { on, schedule } = view.dnd;
  $('dnd-on').checked = on;
  $('dnd-scheduled').checked = Boolean(schedule);
  if (schedule) [$('dnd-from').value, $('dnd-to').value] = schedule.map(minutesToTime);
  $('dnd-error').textContent = '';
  setStage('dnd');
  $('dnd-on').focus();
});

$('dnd-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const scheduled = $('dnd-scheduled').checked;
  try {
    await invoke('set_dnd', {
      on: $('dnd-on').checked,
      from: scheduled ? $('dnd-from').value : null,
      to: scheduled ? $('dnd-to').value : null,
    });
    setStage(null);
  } catch (err) {
    $('dnd-error').textContent = String(err);
  }
});

// ---- settings ----

function showSettings() {
  $('close-to-tray').checked = view.close_to_tray;
  $('close-to-tray').disabled = !view.tray;
  $('close-to-tray-hint').textContent = view.tray
    ? 'Messages keep arriving while the window is hidden; quit from the tray menu or with Ctrl+Q.'
    : 'No tray was found on this desktop, so closing the window quits Switchboard.';
  setStage('settings');
  $('close-to-tray').focus();
}
$('settings-open').addEventListener('click', showSettings);
listen('open-settings', showSettings);
$('close-to-tray').addEventListener('change', async (e) => {
  try {
    await call('set_close_to_tray', { on: e.target.checked });
  } catch (_) {
    e.target.checked = view.close_to_tray;
  }
});

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  if (!$('menu').hidden) closeMenu();
  else if (stage !== null && stage !== 'welcome') setStage(null);
});

// ---- start ----

listen('workspace', (event) => {
  view = event.payload;
  render();
});
view = await call('workspace');
render();
document.body.dataset.ready = 'true';
