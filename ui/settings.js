// Settings: closing to the tray, starting with the system, spell checking, the global shortcut,
// the language, and the app lock's password, start and idle minutes.
import { lockPasswordProblem } from './logic.js';
import { element } from './dom.js';
import { t, describe, LANGUAGES } from './i18n.js';
import { dictionaryBoxes, ticked, spellingHint } from './spelling.js';

export function setupSettings(ui) {
  const { $ } = ui;
  ui.declare('settings', 'settings-dialog', { open: showSettings });
  function showSettings() {
    const view = ui.view();
    if (view.locked) return;
    showLockSettings();
    $('close-to-tray').checked = view.close_to_tray;
    // As the keyboard names it where that form reads back the same; a Mac keeps the saved form.
    $('hotkey').value = view.command_key === 'Cmd' ? view.hotkey : ui.keys(view.hotkey);
    $('hotkey-error').textContent = '';
    $('close-to-tray').disabled = !view.tray;
    showAutostart();
    showSpelling();
    ui.setStage('settings');
    $('close-to-tray').focus();
  }
  $('settings-open').addEventListener('click', showSettings);

  /** The language menu: the system's language first, then each one in its own name. */
  function fillLanguages() {
    const view = ui.view();
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
  $('language').addEventListener('change', () => ui.call('set_language', { code: $('language').value || null }).catch(() => {}));

  $('hotkey-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('hotkey-error').textContent = '';
    try {
      await ui.invoke('set_hotkey', { hotkey: $('hotkey').value });
      const hotkey = $('hotkey').value.trim();
      ui.flash(hotkey ? t('settings.hotkey.saved', { keys: hotkey }) : ui.keys(t('settings.hotkey.none')));
    } catch (err) {
      $('hotkey-error').textContent = describe(err);
    }
  });
  /** Starting with the system: as the system's entry says (asked each time: the user may have
   * removed it in the desktop's own settings). */
  let autostartError = '';
  async function showAutostart() {
    autostartError = '';
    try {
      const { on, hidden } = await ui.invoke('autostart');
      $('autostart-on').checked = on;
      $('autostart-hidden').checked = hidden;
    } catch (err) {
      autostartError = describe(err);
    }
    $('autostart-hidden').disabled = !$('autostart-on').checked;
    labelSettings();
  }
  for (const box of ['autostart-on', 'autostart-hidden']) {
    $(box).addEventListener('change', async () => {
      try {
        await ui.call('set_autostart', { choice: { on: $('autostart-on').checked, hidden: $('autostart-hidden').checked } });
      } catch (_) {
        // Said by the notice; the boxes show what holds.
      }
      showAutostart();
    });
  }

  /** Spell checking: a box per installed dictionary, named in the app's language; where the
   * system's own checker works (Windows, macOS) only a word on where its languages are set. */
  let spelling = null;
  async function showSpelling() {
    $('spelling-error').textContent = '';
    try {
      spelling = await ui.invoke('spelling');
    } catch (err) {
      $('spelling-error').textContent = describe(err);
      return;
    }
    $('spelling-list').replaceChildren(...dictionaryBoxes(spelling, saveSpelling));
    labelSettings();
  }
  async function saveSpelling() {
    const languages = ticked($('spelling-list'));
    $('spelling-error').textContent = '';
    try {
      await ui.invoke('set_spelling', { languages });
    } catch (err) {
      $('spelling-error').textContent = describe(err);
    }
    showSpelling();
  }

  $('close-to-tray').addEventListener('change', async (e) => {
    try {
      await ui.call('set_close_to_tray', { on: e.target.checked });
    } catch (_) {
      e.target.checked = ui.view().close_to_tray;
    }
  });


  /** The settings' texts that depend on the state: again when the language changes with the
   * dialog open (the language menu is in it). */
  function labelSettings() {
    const view = ui.view();
    const { on } = view.lock;
    $('close-to-tray-hint').textContent = view.tray ? ui.keys(t('settings.close_to_tray.on')) : t('settings.close_to_tray.no_tray');
    $('autostart-hint').textContent = autostartError || t(view.tray ? 'settings.autostart.hint' : 'settings.autostart.no_tray');
    $('spelling-hint').textContent = spelling ? spellingHint(spelling) : '';
    $('lock-state').textContent = on ? ui.keys(t('settings.lock.state_on')) : t('settings.lock.state_off');
    $('lock-password-label').textContent = t(on ? 'settings.lock.new_password' : 'settings.lock.password');
    $('lock-save').textContent = t(on ? 'form.save' : 'settings.lock.on');
  }

  function showLockSettings() {
    const { on, at_start: atStart, idle_minutes: idle } = ui.view().lock;
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
    const problem = lockPasswordProblem(password, $('lock-repeat').value, ui.view().lock.on);
    if (problem) {
      $('lock-error').textContent = describe({ code: problem, args: { min: 4 } });
      return;
    }
    const wasOn = ui.view().lock.on;
    try {
      await ui.invoke('set_lock', {
        current: $('lock-current').value || null, password: password || null, atStart: $('lock-at-start').checked, idleMinutes: Number($('lock-idle').value),
      });
      showLockSettings();
      ui.flash(wasOn ? t('settings.lock.saved') : ui.keys(t('settings.lock.turned_on')));
    } catch (err) {
      $('lock-error').textContent = describe(err);
    }
  });

  $('lock-off').addEventListener('click', async () => {
    try {
      await ui.invoke('remove_lock', { current: $('lock-current').value || null });
      showLockSettings();
      ui.flash(t('settings.lock.turned_off'));
    } catch (err) {
      $('lock-error').textContent = describe(err);
    }
  });

  return { workspaceChanged: fillLanguages, languageChanged: labelSettings };
}
