// An account's menu (its ⋯ button or a right click): rename, reload, fill or save its login,
// move, sleep, memory, permissions, disable, mute, remove (asked first).
import { movedIndex } from './logic.js';
import { t, describe } from './i18n.js';

export function setupAccountMenu(ui) {
  const { $ } = ui;
  ui.declare('confirm', 'confirm-dialog');
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
    sleep.disabled = account.id === ui.view().active;
    sleep.title = sleep.disabled ? t('account.on_screen') : '';
    menu.querySelector('[data-action="mute-keep"]').hidden = account.mute === 'keep_badge';
    menu.querySelector('[data-action="mute-hide"]').hidden = account.mute === 'hide_badge';
    menu.querySelector('[data-action="unmute"]').hidden = account.mute === 'off';
    menu.querySelector('[data-action="private"]').textContent = t(account.private_alerts ? 'menu.full_alerts' : 'menu.private_alerts');
    menu.querySelector('[data-action="up"]').disabled = movedIndex(ui.view().accounts, account.id, 'up') === null;
    menu.querySelector('[data-action="down"]').disabled = movedIndex(ui.view().accounts, account.id, 'down') === null;
    // An account this version can't open can only be removed.
    if (account.problem) {
      for (const item of menu.querySelectorAll('button[data-action]')) item.hidden = item.dataset.action !== 'remove';
    }
    const box = row.getBoundingClientRect();
    menu.hidden = false;
    menu.style.top = `${Math.max(0, Math.min(box.bottom, window.innerHeight - menu.offsetHeight - 8))}px`;
    menu.querySelector('button:not(:disabled):not([hidden])').focus();
  }

  /** Closes the menu; true when it was open. */
  function closeMenu() {
    const open = !$('menu').hidden;
    $('menu').hidden = true;
    return open;
  }

  $('menu').addEventListener('click', async (e) => {
    const action = e.target.closest('button')?.dataset.action;
    const account = menuAccount;
    closeMenu();
    if (!action || !account) return;
    const id = account.id;
    if (action === 'rename') startRename(account);
    if (action === 'reload') await ui.call('reload_account', { id });
    if (action === 'fill') ui.flash(t(`fill.${await ui.call('fill_login', { id })}`, { label: account.label }));
    if (action === 'login') await ui.openLogin(account);
    if (action === 'up' || action === 'down') {
      const index = movedIndex(ui.view().accounts, id, action);
      if (index !== null) await ui.call('move_account', { id, index });
    }
    if (action === 'sleep') await ui.call('sleep_account', { id });
    if (action === 'memory') await ui.openMemory();
    if (action === 'permissions') ui.listPermissions(account);
    if (action === 'network') await ui.openNetwork(account);
    if (action === 'toggle') await ui.call('set_account_enabled', { id, enabled: !account.enabled });
    const mute = { 'mute-keep': 'keep_badge', 'mute-hide': 'hide_badge', unmute: 'off' }[action];
    if (mute) await ui.call('set_mute', { id, mute });
    if (action === 'private') await ui.call('set_private_alerts', { id, private: !account.private_alerts });
    if (action === 'spelling') ui.openAccountSpelling(account);
    if (action === 'custom') ui.openCustom(account);
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
          await ui.invoke('rename_account', { id: account.id, label: input.value });
        } catch (err) {
          ui.showNotice(describe(err));
        }
      }
      ui.redraw();
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
      ui.setStage(null);
      await ui.call('remove_account', { id: account.id });
    };
    ui.setStage('confirm');
    $('confirm-cancel').focus();
  }

  $('confirm-cancel').addEventListener('click', () => ui.setStage(null));

  ui.openMenu = openMenu;
  ui.closeMenu = closeMenu;
}
