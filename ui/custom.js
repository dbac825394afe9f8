// An account's own style and script (⋯ → Custom style and script…): on or off, and the two files
// opened with the user's own editor. Off unless turned on; the page is made again either way.
import { t, describe } from './i18n.js';

export function setupCustom(ui) {
  const { $ } = ui;
  let id = null;
  ui.declare('custom', 'custom-dialog');

  function show() {
    const account = ui.view().accounts.find((a) => a.id === id);
    if (!account) return;
    $('custom-account').textContent = `${account.label} — ${account.service_name}`;
    $('custom-on').checked = account.custom_code;
  }

  ui.openCustom = (account) => {
    id = account.id;
    $('custom-error').textContent = '';
    show();
    ui.setStage('custom');
    $('custom-on').focus();
  };

  $('custom-on').addEventListener('change', async (e) => {
    $('custom-error').textContent = '';
    try {
      await ui.invoke('set_custom_code', { id, on: e.target.checked });
    } catch (err) {
      $('custom-error').textContent = describe(err);
    }
  });
  for (const kind of ['css', 'js']) {
    $(`custom-${kind}`).addEventListener('click', async () => {
      $('custom-error').textContent = '';
      try {
        ui.flash(t('custom.opened', { path: await ui.invoke('open_custom_file', { id, kind }) }));
      } catch (err) {
        $('custom-error').textContent = describe(err);
      }
    });
  }

  return {
    workspaceChanged() {
      if (ui.stage() === 'custom') show();
    },
  };
}
