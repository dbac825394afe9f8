// The shell's frame: the stage (what covers the pages, or sits beside them as a panel), the
// view from the app passed to each feature, and the start. Each feature is a module of its own
// that declares its stages (`ui.declare`): a stage a shortcut opens is named by the app's
// shortcut table (core/src/keys.rs) and opened here by that name.
import { keysFor } from './logic.js';
import { describe, useLanguage, translatePage, labelKeys } from './i18n.js';
import { setupNotice } from './notice.js';
import { setupSidebar } from './sidebar.js';
import { setupAccountMenu } from './account-menu.js';
import { setupAddDialog } from './add-dialog.js';
import { setupHistory } from './history.js';
import { setupDnd } from './dnd.js';
import { setupSettings } from './settings.js';
import { setupLock } from './lock.js';
import { setupNetwork } from './network.js';
import { setupContacts } from './contacts.js';
import { setupPalette } from './palette.js';
import { setupMemory } from './memory.js';
import { setupPermissions } from './permissions.js';
import { setupDownloads } from './downloads.js';
import { setupUnread } from './unread.js';
import { setupPerson } from './person.js';
import { setupStats } from './stats.js';
import { setupReplies } from './replies.js';
import { setupTranslate } from './translate.js';
import { setupCustom } from './custom.js';
import { setupLink } from './link.js';
import { setupTransfer } from './transfer.js';
import { setupGroups } from './groups.js';
import { setupSpelling } from './spelling.js';

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;
const $ = (id) => document.getElementById(id);

let view = { accounts: [], active: null, notice: null };
let stage = null; // null (pages visible), or the key of the stage shown
let overlayShown = false;
let panelShown = false;

/** Each stage: its element, whether it is a panel beside the page (which stays in view), and
 * what opens it when the app asks (a shortcut, the menu bar). */
const STAGES = new Map();

const ui = {
  $, invoke, listen, call, setStage,
  view: () => view,
  stage: () => stage,
  /** Key names as this computer's keyboard has them (⌘ on a Mac). */
  keys: (text) => keysFor(text, view?.command_key),
  declare(key, id, { panel = false, open = null } = {}) {
    STAGES.set(key, { id, panel, open });
  },
};

/** A command whose failure the user is told of in the notice. */
async function call(command, args) {
  try {
    return await invoke(command, args);
  } catch (err) {
    ui.showNotice(describe(err));
    throw err;
  }
}

function setStage(next) {
  stage = next ?? (view.accounts.length === 0 ? 'welcome' : null);
  $('stage').hidden = stage === null;
  for (const [key, { id }] of STAGES) $(id).hidden = stage !== key;
  document.body.classList.toggle('locked', stage === 'locked');
  const wantPanel = STAGES.get(stage)?.panel ?? false;
  document.body.classList.toggle('panel', wantPanel);
  const wantOverlay = stage !== null && !wantPanel;
  // The window-wide cover goes last and comes first: the page never shows under a dialog.
  if (wantOverlay && !overlayShown) setOverlay(true);
  if (wantPanel !== panelShown) {
    panelShown = wantPanel;
    invoke('set_panel', { open: wantPanel }).catch((e) => ui.showNotice(describe(e)));
  }
  if (!wantOverlay && overlayShown) setOverlay(false);
}

function setOverlay(open) {
  overlayShown = open;
  invoke('set_overlay', { open }).catch((e) => ui.showNotice(describe(e)));
}

ui.declare('welcome', 'welcome');
listen('open', (event) => STAGES.get(event.payload)?.open?.());
for (const close of document.querySelectorAll('#stage .close')) close.addEventListener('click', () => setStage(null));
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || stage === 'locked') return;
  if (!ui.closeMenu() && stage !== null && stage !== 'welcome') setStage(null);
});

// In the order each hears of a new view: the lock screen before any question a page asks.
const features = [setupNotice, setupGroups, setupSidebar, setupAccountMenu, setupAddDialog, setupHistory, setupDnd, setupSettings,
  setupLock, setupNetwork, setupContacts, setupPalette, setupMemory, setupPermissions, setupDownloads, setupUnread, setupPerson, setupStats, setupReplies, setupCustom,
  setupTranslate, setupLink, setupTransfer, setupSpelling].map((setup) => setup(ui) ?? {});

/** Shows a view of the app: in its language, to every feature. */
async function show(next) {
  view = next;
  if (await useLanguage(view.language, view.rtl)) {
    translatePage();
    labelKeys(ui.keys);
    for (const feature of features) feature.languageChanged?.();
  }
  for (const feature of features) feature.workspaceChanged?.();
  if (stage === null || stage === 'welcome') setStage(null);
}

listen('workspace', (event) => show(event.payload));
await show(await call('workspace'));
document.body.dataset.ready = 'true';
// Service pages start loading once the sidebar is on screen, never before.
requestAnimationFrame(() => requestAnimationFrame(() => {
  invoke('shell_painted');
  ui.loadCatalog();
}));
