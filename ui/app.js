// The shell UI: the sidebar of accounts, the add-service dialog, the account menu.
// State comes from Rust (the "workspace" event); every change goes back through a command.
import { filterCatalog, suggestLabel, movedIndex, minutesToTime, lockPasswordProblem, keysFor } from './logic.js';
import { element, iconFor } from './dom.js';
import { t, describe, number, currentLanguage, useLanguage, translatePage, LANGUAGES } from './i18n.js';
import { setupPalette } from './palette.js';
import { setupContacts } from './contacts.js';
import { setupMemory } from './memory.js';
import { setupPermissions } from './permissions.js';
import { setupDownloads } from './downloads.js';
import { setupUnread } from './unread.js';
import { setupReplies } from './replies.js';
import { setupTranslate } from './translate.js';

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;
const $ = (id) => document.getElementById(id);

let view = { accounts: [], active: null, notice: null };
let catalog = [];
let stage = null; // null (pages visible), or the key of the STAGES section shown
let overlayShown = false;

async function call(command, args) {
  try {
    return await invoke(command, args);
  } catch (err) {
    showNotice(describe(err));
    throw err;
  }
}

// ---- the stage: dialogs take the whole window while open ----

const STAGES = {
  welcome: 'welcome', add: 'add-dialog', dnd: 'dnd-dialog', history: 'history-panel', settings: 'settings-dialog',
  confirm: 'confirm-dialog', login: 'login-dialog', locked: 'lock-screen', palette: 'palette', contacts: 'contacts-dialog',
  memory: 'memory-dialog', permission: 'permission-dialog', permissions: 'permissions-dialog',
  download: 'download-dialog', downloads: 'downloads-dialog', unread: 'unread-panel',
  replies: 'replies-palette', 'replies-edit': 'replies-dialog',
  translate: 'translate-panel', 'translation-settings': 'translation-dialog',
};
// Stages shown as a panel beside the page, which stays in view.
const PANELS = new Set(['unread', 'replies', 'translate']);
let panelShown = false;

function setStage(next) {
  stage = next ?? (view.accounts.length === 0 ? 'welcome' : null);
  $('stage').hidden = stage === null;
  for (const [key, id] of Object.entries(STAGES)) $(id).hidden = stage !== key;
  document.body.classList.toggle('locked', stage === 'locked');
  const wantPanel = PANELS.has(stage);
  document.body.classList.toggle('panel', wantPanel);
  const wantOverlay = stage !== null && !wantPanel;
  // The window-wide cover goes last and comes first: the page never shows under a dialog.
  if (wantOverlay && !overlayShown) setOverlay(true);
  if (wantPanel !== panelShown) {
    panelShown = wantPanel;
    invoke('set_panel', { open: wantPanel }).catch((e) => showNotice(describe(e)));
  }
  if (!wantOverlay && overlayShown) setOverlay(false);
}

function setOverlay(open) {
  overlayShown = open;
  invoke('set_overlay', { open }).catch((e) => showNotice(describe(e)));
}

// ---- sidebar ----

// Why this version can't open an account (a newer one's, or its service left the catalog).
const PROBLEMS = { unknown_service: 'account.unknown_service', unreadable: 'account.unreadable' };

/** Key names as this computer's keyboard has them (⌘ on a Mac). */
const keys = (text) => keysFor(text, view?.command_key);

/** The key names written in the page itself, once the platform is known: text only, never the
 * elements beside it (a footer holds a button). */
function labelKeys() {
  if (keys('Ctrl+K') === 'Ctrl+K') return;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) node.data = keys(node.data);
  for (const el of document.querySelectorAll('[title]')) el.title = keys(el.title);
  for (const el of document.querySelectorAll('[placeholder]')) el.placeholder = keys(el.placeholder);
}

// Each account's row, kept from one redraw to the next and changed in place: counts change
// often, and a row rebuilt between a press and a release under the pointer would lose the click.
const rows = new Map(); // account id -> its row's parts

function rowFor(id) {
  if (rows.has(id)) return rows.get(id);
  const current = () => view.accounts.find((a) => a.id === id);
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
    if (current()) openMenu(current(), row);
  });
  row.append(place, names, more);
  row.addEventListener('click', () => {
    // A tooltip shown now would outlive what it describes ("Asleep…" once it woke).
    names.removeAttribute('title');
    const account = current();
    if (account?.enabled && !account.problem) call('show_account', { id }).then(() => setStage(null));
  });
  row.addEventListener('contextmenu', (e) => {
    e.preventDefault();
    if (current()) openMenu(current(), row);
  });
  const parts = { row, place, badge, names, label, service, more, drawn: null };
  rows.set(id, parts);
  return parts;
}

function render() {
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
    row.classList.toggle('disabled', !account.enabled || !!account.problem);
    row.classList.toggle('unknown', !!account.problem);
    row.classList.toggle('trouble', !!account.trouble);
    row.classList.toggle('muted', account.mute !== 'off');
    row.classList.toggle('asleep', account.asleep);
    let tip = account.shortcut ? keys(t('account.title', { label: account.label, keys: `Ctrl+${account.shortcut}` })) : account.label;
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
  if (view.notice) showNotice(describe(view.notice));
  $('dnd').setAttribute('aria-pressed', String(view.quiet));
  $('dnd').title = t(view.quiet ? 'sidebar.dnd.on' : 'sidebar.dnd');
  // A lock whose password is gone: no password to type, only the reset.
  $('unlock-form').hidden = view.lock_lost;
  $('lock-hint').hidden = view.lock_lost;
  $('lock-lost').hidden = !view.lock_lost;
  if (view.locked && stage !== 'locked') showLockScreen();
  else if (!view.locked && stage === 'locked') setStage(null);
  else if (stage === null || stage === 'welcome') setStage(null);
}

let noticeTimer = null;

function showNotice(text) {
  clearTimeout(noticeTimer);
  $('notice-text').textContent = keys(text);
  $('notice').hidden = false;
}

/** A notice that goes away by itself: for things that went right. */
function flash(text) {
  showNotice(text);
  noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 4000);
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
  for (const item of menu.querySelectorAll('button[data-action]')) item.hidden = false;
  menu.querySelector('[data-action="toggle"]').textContent = t(account.enabled ? 'menu.disable' : 'menu.enable');
  menu.querySelector('[data-action="reload"]').disabled = !account.enabled;
  menu.querySelector('[data-action="fill"]').disabled = !account.enabled || account.asleep;
  const sleep = menu.querySelector('[data-action="sleep"]');
  sleep.hidden = !account.enabled || account.asleep;
  sleep.disabled = account.id === view.active;
  sleep.title = sleep.disabled ? t('account.on_screen') : '';
  menu.querySelector('[data-action="mute-keep"]').hidden = account.mute === 'keep_badge';
  menu.querySelector('[data-action="mute-hide"]').hidden = account.mute === 'hide_badge';
  menu.querySelector('[data-action="unmute"]').hidden = account.mute === 'off';
  menu.querySelector('[data-action="up"]').disabled = movedIndex(view.accounts, account.id, 'up') === null;
  menu.querySelector('[data-action="down"]').disabled = movedIndex(view.accounts, account.id, 'down') === null;
  // An account this version can't open can only be removed.
  if (account.problem) {
    for (const item of menu.querySelectorAll('button[data-action]')) item.hidden = item.dataset.action !== 'remove';
  }
  const box = row.getBoundingClientRect();
  menu.hidden = false;
  menu.style.top = `${Math.max(0, Math.min(box.bottom, window.innerHeight - menu.offsetHeight - 8))}px`;
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
  if (action === 'fill') flash(t(`fill.${await call('fill_login', { id })}`, { label: account.label }));
  if (action === 'login') await openLoginDialog(account);
  if (action === 'up' || action === 'down') {
    const index = movedIndex(view.accounts, id, action);
    if (index !== null) await call('move_account', { id, index });
  }
  if (action === 'sleep') await call('sleep_account', { id });
  if (action === 'memory') await memory.open();
  if (action === 'permissions') permissions.list(account);
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
  input.setAttribute('aria-label', t('account.new_name'));
  label.replaceWith(input);
  input.focus();
  input.select();
  input.addEventListener('click', (e) => e.stopPropagation());
  // Enter or leaving the field saves; Esc puts the old name back.
  let done = false;
  const finish = async (save) => {
    if (done) return;
    done = true;
    input.classList.remove('rename'); // no longer a rename in progress for render() to keep
    if (save && input.value !== account.label) {
      try {
        await invoke('rename_account', { id: account.id, label: input.value });
      } catch (err) {
        showNotice(describe(err));
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
  $('confirm-title').textContent = t('remove.title', { label: account.label });
  $('confirm-text').textContent = t('remove.text', { service: account.service_name });
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

// The catalog is asked for once the sidebar is drawn (`loadCatalog` below), so the dialog opens
// at once, whole: a list that grew under the pointer after it opened could take a click meant
// for the search field.
let catalogLoaded = null;
const loadCatalog = () => {
  catalogLoaded ??= call('catalog').then((services) => { catalog = services; });
  return catalogLoaded;
};

async function openAddDialog() {
  await loadCatalog();
  chosen = null;
  $('pick').hidden = false;
  $('details').hidden = true;
  $('search').value = '';
  renderCatalog();
  setStage('add');
  $('search').focus();
}

const custom = () => ({ id: 'custom', name: t('add.custom'), monogram: '+', color: '#5c6370' });

function renderCatalog() {
  const found = [...filterCatalog(catalog, $('search').value), custom()];
  highlighted = Math.min(highlighted, found.length - 1);
  const list = $('catalog');
  list.replaceChildren();
  found.forEach((service, i) => {
    const item = element('li');
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(i === highlighted));
    item.dataset.id = service.id;
    item.append(iconFor(service.monogram, service.color), element('span', '', service.name));
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
    $('add-error').textContent = describe(err);
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
  filter.replaceChildren(new Option(t('history.all'), ''), ...services.map((s) => new Option(s, s)));
  filter.value = service ?? '';
  const list = $('history-list');
  list.replaceChildren(...shown.map(historyItem));
  $('history-empty').hidden = shown.length > 0;
}

function historyItem(entry) {
  const item = element('li', 'entry');
  item.classList.toggle('held', !entry.delivered);
  item.dataset.account = entry.account;
  const when = element('time', '', new Date(entry.at * 1000).toLocaleString(currentLanguage()));
  when.translate = false; // the date as the language writes it already
  const who = element('strong', '', `${entry.label} · ${entry.service}`);
  const translate = element('button', 'link translate', t('translate.title'));
  translate.type = 'button';
  translate.addEventListener('click', (e) => {
    e.stopPropagation();
    translator.open(entry.body || entry.title);
  });
  item.append(who, when, element('span', 'title', entry.title), element('span', 'body', entry.body), translate);
  if (!entry.delivered) item.title = t('history.held');
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
    $('dnd-error').textContent = describe(err);
  }
});

// ---- settings ----

function showSettings() {
  if (view.locked) return;
  showLockSettings();
  $('close-to-tray').checked = view.close_to_tray;
  // As the keyboard names it where that form reads back the same; a Mac keeps the saved form.
  $('hotkey').value = view.command_key === 'Cmd' ? view.hotkey : keys(view.hotkey);
  $('hotkey-error').textContent = '';
  $('close-to-tray').disabled = !view.tray;
  labelSettings();
  setStage('settings');
  $('close-to-tray').focus();
}
$('settings-open').addEventListener('click', showSettings);

/** The language menu: the system's language first, then each one in its own name. */
function fillLanguages() {
  const choices = [['', t('settings.language.system', { language: LANGUAGES[view.system_language] ?? view.system_language })], ...Object.entries(LANGUAGES)];
  $('language').replaceChildren(...choices.map(([code, name]) => {
    const option = element('option', '', name);
    option.value = code;
    // Each language goes by its own name, in every language: not a message to translate.
    option.translate = code === '';
    if (code) option.lang = code;
    return option;
  }));
  $('language').value = view.language_choice ?? '';
}
$('language').addEventListener('change', () => call('set_language', { code: $('language').value || null }).catch(() => {}));

/** Speaks the view's language: the page's texts again when it changed. */
async function applyLanguage() {
  if (await useLanguage(view.language, view.rtl)) {
    catalogLoaded = null; // services go by their own names in some languages: asked for again
    if (catalog.length) loadCatalog();
    translatePage();
    labelKeys();
    labelSettings();
  }
  fillLanguages();
}
$('hotkey-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('hotkey-error').textContent = '';
  try {
    await invoke('set_hotkey', { hotkey: $('hotkey').value });
    const hotkey = $('hotkey').value.trim();
    flash(hotkey ? t('settings.hotkey.saved', { keys: hotkey }) : keys(t('settings.hotkey.none')));
  } catch (err) {
    $('hotkey-error').textContent = describe(err);
  }
});
listen('open-settings', showSettings);
listen('passing', (event) => flash(describe(event.payload)));
$('close-to-tray').addEventListener('change', async (e) => {
  try {
    await call('set_close_to_tray', { on: e.target.checked });
  } catch (_) {
    e.target.checked = view.close_to_tray;
  }
});

// ---- saved logins ----

let loginAccount = null;
let loginSaved = false;

async function openLoginDialog(account) {
  loginAccount = account;
  $('login-title').textContent = `${t('login.title')} — ${account.label}`;
  $('login-error').textContent = '';
  hideSecret();
  let saved = null;
  try {
    saved = await invoke('saved_login', { id: account.id });
  } catch (err) {
    $('login-error').textContent = describe(err);
  }
  loginSaved = Boolean(saved);
  $('login-user').value = saved?.user ?? '';
  $('login-secret').placeholder = loginSaved ? t('login.secret.saved') : '';
  $('login-remove').hidden = !loginSaved;
  $('login-lock-row').hidden = !(loginSaved && view.lock.on);
  setStage('login');
  $('login-user').focus();
}

/** Empties and masks the secret field: nothing revealed stays in the page. */
function hideSecret() {
  $('login-secret').value = '';
  $('login-lock').value = '';
  $('login-secret').type = 'password';
  $('login-show').textContent = t('login.show');
}

$('login-show').addEventListener('click', async () => {
  const field = $('login-secret');
  if (field.type === 'text') {
    field.type = 'password';
    $('login-show').textContent = t('login.show');
    return;
  }
  if (!field.value && loginSaved) {
    try {
      field.value = await invoke('reveal_login', { id: loginAccount.id, lockPassword: $('login-lock').value || null });
    } catch (err) {
      $('login-error').textContent = describe(err);
      return;
    }
  }
  field.type = 'text';
  $('login-show').textContent = t('login.hide');
});

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await invoke('save_login', { id: loginAccount.id, user: $('login-user').value, secret: $('login-secret').value });
    hideSecret();
    setStage(null);
    flash(t('login.saved', { label: loginAccount.label }));
  } catch (err) {
    $('login-error').textContent = describe(err);
  }
});

$('login-remove').addEventListener('click', async () => {
  try {
    await invoke('remove_login', { id: loginAccount.id });
    hideSecret();
    setStage(null);
    flash(t('login.removed', { label: loginAccount.label }));
  } catch (err) {
    $('login-error').textContent = describe(err);
  }
});

// ---- app lock ----

/** The settings' texts that depend on the state: again when the language changes with the
 * dialog open (the language menu is in it). */
function labelSettings() {
  const { on } = view.lock;
  $('close-to-tray-hint').textContent = view.tray ? keys(t('settings.close_to_tray.on')) : t('settings.close_to_tray.no_tray');
  $('lock-state').textContent = on ? keys(t('settings.lock.state_on')) : t('settings.lock.state_off');
  $('lock-password-label').textContent = t(on ? 'settings.lock.new_password' : 'settings.lock.password');
  $('lock-save').textContent = t(on ? 'form.save' : 'settings.lock.on');
}

function showLockSettings() {
  const { on, at_start: atStart, idle_minutes: idle } = view.lock;
  labelSettings();
  $('lock-password').value = '';
  $('lock-repeat').value = '';
  $('lock-at-start').checked = atStart;
  $('lock-idle').value = idle;
  $('lock-off').hidden = !on;
  $('lock-current-row').hidden = !on;
  $('lock-current').value = '';
  $('lock-error').textContent = '';
}

$('lock-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const password = $('lock-password').value;
  const problem = lockPasswordProblem(password, $('lock-repeat').value, view.lock.on);
  if (problem) {
    $('lock-error').textContent = describe({ code: problem, args: { min: 4 } });
    return;
  }
  const wasOn = view.lock.on;
  try {
    await invoke('set_lock', {
      current: $('lock-current').value || null, password: password || null, atStart: $('lock-at-start').checked, idleMinutes: Number($('lock-idle').value),
    });
    showLockSettings();
    flash(wasOn ? t('settings.lock.saved') : keys(t('settings.lock.turned_on')));
  } catch (err) {
    $('lock-error').textContent = describe(err);
  }
});

$('lock-off').addEventListener('click', async () => {
  try {
    await invoke('remove_lock', { current: $('lock-current').value || null });
    showLockSettings();
    flash(t('settings.lock.turned_off'));
  } catch (err) {
    $('lock-error').textContent = describe(err);
  }
});

function showLockScreen() {
  closeMenu();
  hideSecret();
  $('lock-password').value = '';
  $('lock-repeat').value = '';
  $('unlock-error').textContent = '';
  setStage('locked');
  $('unlock-password').focus();
}

$('unlock-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = $('unlock-button');
  button.disabled = true;
  button.textContent = t('lock.checking');
  $('unlock-error').textContent = '';
  try {
    await invoke('unlock', { password: $('unlock-password').value });
  } catch (err) {
    $('unlock-error').textContent = describe(err);
  } finally {
    $('unlock-password').value = '';
    button.disabled = false;
    button.textContent = t('lock.unlock');
    $('unlock-password').focus();
  }
});

$('lock-lost-reset').addEventListener('click', async () => {
  $('unlock-error').textContent = '';
  try {
    await invoke('reset_lost_lock');
  } catch (err) {
    $('unlock-error').textContent = describe(err);
  }
});

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || stage === 'locked') return;
  if (!$('menu').hidden) closeMenu();
  else if (stage !== null && stage !== 'welcome') setStage(null);
});

// ---- contacts: the palette and the cards ----

const ui = { $, invoke, call, listen, setStage, flash, showNotice, view: () => view, stage: () => stage };
const contacts = setupContacts(ui);
ui.editCard = contacts.editCard;
setupPalette(ui);
const memory = setupMemory(ui);
$('memory-open').addEventListener('click', memory.open);
const permissions = setupPermissions(ui);
const downloads = setupDownloads(ui);
const unread = setupUnread(ui);
setupReplies(ui);
const translator = setupTranslate(ui);

// ---- start ----

listen('workspace', async (event) => {
  view = event.payload;
  await applyLanguage();
  render();
  memory.workspaceChanged();
  permissions.workspaceChanged();
  downloads.workspaceChanged();
  unread.workspaceChanged();
});
view = await call('workspace');
await applyLanguage();
render();
downloads.workspaceChanged();
unread.workspaceChanged();
document.body.dataset.ready = 'true';
// Service pages start loading once the sidebar is on screen, never before.
requestAnimationFrame(() => requestAnimationFrame(() => {
  invoke('shell_painted');
  loadCatalog();
}));
