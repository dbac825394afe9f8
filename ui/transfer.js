// Settings → Move to a new computer: the settings exported to one file (contacts if ticked), and
// a file imported only after the user saw what it changes; the settings it replaces are kept.
import { element } from './dom.js';
import { t, describe } from './i18n.js';

export function setupTransfer(ui) {
  const { $ } = ui;
  let planned = null; // the path and mode of the plan on screen: Import does exactly that

  const mode = () => document.querySelector('input[name="transfer-mode"]:checked').value;

  function forget() {
    planned = null;
    $('transfer-plan').hidden = true;
    $('transfer-import').disabled = true;
  }

  $('transfer-export').addEventListener('click', async () => {
    $('transfer-error').textContent = '';
    try {
      ui.flash(t('settings.transfer.exported', { path: await ui.invoke('export_settings', { contacts: $('transfer-contacts').checked }) }));
    } catch (err) {
      $('transfer-error').textContent = describe(err);
    }
  });

  /** What the file changes, a line each, words in the user's language. */
  function lines(plan) {
    const out = plan.changes.map((change) => {
      const names = change.what === 'settings' ? change.names.map((key) => t(`import.setting.${key}`)) : change.names;
      return t(`import.change.${change.what}`, { names: names.join(', ') });
    });
    if (plan.contacts) out.push(t('import.contacts', { count: plan.contacts }));
    if (plan.skipped.length) out.push(t('import.skipped', { names: plan.skipped.join(', ') }));
    return out.length ? out : [t('import.nothing')];
  }

  $('transfer-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    forget();
    $('transfer-error').textContent = '';
    const asked = { path: $('transfer-path').value, mode: mode() };
    try {
      const plan = await ui.invoke('import_plan', asked);
      $('transfer-plan').replaceChildren(...lines(plan).map((line) => element('li', '', line)));
      $('transfer-plan').hidden = false;
      planned = plan.changes.length || plan.contacts ? asked : null;
      $('transfer-import').disabled = !planned;
      if (planned) $('transfer-import').focus();
    } catch (err) {
      $('transfer-error').textContent = describe(err);
    }
  });
  // Another file or mode: its changes are shown first.
  $('transfer-path').addEventListener('input', forget);
  for (const radio of document.querySelectorAll('input[name="transfer-mode"]')) radio.addEventListener('change', forget);

  $('transfer-import').addEventListener('click', async () => {
    if (!planned) return;
    $('transfer-import').disabled = true;
    try {
      const backup = await ui.invoke('import_settings', planned);
      forget();
      ui.flash(t('import.done', { path: backup }));
    } catch (err) {
      $('transfer-error').textContent = describe(err);
      $('transfer-import').disabled = false;
    }
  });

  return {};
}
