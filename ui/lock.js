// Saved logins (an account's user and password, kept in the keychain, shown only after the lock's
// password) and the lock screen, which covers everything while the app is locked.
import { t, describe } from './i18n.js';

export function setupLock(ui) {
  const { $ } = ui;
  ui.declare('login', 'login-dialog');
  ui.declare('locked', 'lock-screen');
  let loginAccount = null;
  let loginSaved = false;

  async function openLoginDialog(account) {
    loginAccount = account;
    $('login-title').textContent = `${t('login.title')} — ${account.label}`;
    $('login-error').textContent = '';
    hideSecret();
    let saved = null;
    try {
      saved = await ui.invoke('saved_login', { id: account.id });
    } catch (err) {
      $('login-error').textContent = describe(err);
    }
    loginSaved = Boolean(saved);
    $('login-user').value = saved?.user ?? '';
    $('login-secret').placeholder = loginSaved ? t('login.secret.saved') : '';
    $('login-remove').hidden = !loginSaved;
    $('login-lock-row').hidden = !(loginSaved && ui.view().lock.on);
    ui.setStage('login');
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
        field.value = await ui.invoke('reveal_login', { id: loginAccount.id, lockPassword: $('login-lock').value || null });
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
      await ui.invoke('save_login', { id: loginAccount.id, user: $('login-user').value, secret: $('login-secret').value });
      hideSecret();
      ui.setStage(null);
      ui.flash(t('login.saved', { label: loginAccount.label }));
    } catch (err) {
      $('login-error').textContent = describe(err);
    }
  });

  $('login-remove').addEventListener('click', async () => {
    try {
      await ui.invoke('remove_login', { id: loginAccount.id });
      hideSecret();
      ui.setStage(null);
      ui.flash(t('login.removed', { label: loginAccount.label }));
    } catch (err) {
      $('login-error').textContent = describe(err);
    }
  });

  function showLockScreen() {
    ui.closeMenu();
    hideSecret();
    $('lock-password').value = '';
    $('lock-repeat').value = '';
    $('unlock-error').textContent = '';
    ui.setStage('locked');
    $('unlock-password').focus();
  }

  $('unlock-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('unlock-button');
    button.disabled = true;
    button.textContent = t('lock.checking');
    $('unlock-error').textContent = '';
    try {
      await ui.invoke('unlock', { password: $('unlock-password').value });
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
      await ui.invoke('reset_lost_lock');
    } catch (err) {
      $('unlock-error').textContent = describe(err);
    }
  });

  ui.openLogin = openLoginDialog;
  return {
    workspaceChanged() {
      const view = ui.view();
      // A lock whose password is gone: no password to type, only the reset.
      $('unlock-form').hidden = view.lock_lost;
      $('lock-hint').hidden = view.lock_lost;
      $('lock-lost').hidden = !view.lock_lost;
      if (view.locked && ui.stage() !== 'locked') showLockScreen();
      else if (!view.locked && ui.stage() === 'locked') ui.setStage(null);
    },
  };
}
