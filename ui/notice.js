// The notice under the accounts: a problem kept in front of the user until they close it, or a
// word that goes by itself (what a key press found, what went right).
import { describe } from './i18n.js';

export function setupNotice(ui) {
  const { $ } = ui;
  let timer = null;

  function showNotice(text) {
    clearTimeout(timer);
    $('notice-text').textContent = ui.keys(text);
    $('notice').hidden = false;
  }

  function flash(text) {
    showNotice(text);
    timer = setTimeout(() => { $('notice').hidden = true; }, 4000);
  }

  $('notice-close').addEventListener('click', () => {
    $('notice').hidden = true;
    ui.invoke('dismiss_notice');
  });
  ui.listen('passing', (event) => flash(describe(event.payload)));
  ui.showNotice = showNotice;
  ui.flash = flash;
  return {
    workspaceChanged() {
      if (ui.view().notice) showNotice(describe(ui.view().notice));
    },
  };
}
