// A page's question (camera, microphone, screen, location) in Switchboard's own dialog, naming
// the account and the site; asked only while that account is on screen, so no page puts its
// question in front of another account. The answer is remembered; the account's menu lists
// what each site may use and takes an answer back.

import { element } from './dom.js';
import { t } from './i18n.js';

const what = (kind) => t(`permission.kind.${kind}`);

export function setupPermissions(ui) {
  const { $ } = ui;
  let shown = null; // the question in the dialog
  let listed = null; // the account whose permissions are listed

  /** The oldest question of the account on screen, if nothing else covers the window. */
  function due() {
    const view = ui.view();
    if (view.locked) return null;
    return view.asking.find((q) => q.account === view.active) ?? null;
  }

  function workspaceChanged() {
    if (listed && ui.stage() === 'permissions') render(listed);
    if (shown && ui.stage() !== 'permission') shown = null; // closed without an answer: asked again later
    const next = due();
    if (shown && !ui.view().asking.some((q) => q.id === shown.id)) {
      shown = null; // answered, or its page went away
      if (ui.stage() === 'permission') ui.setStage(null);
    }
    if (!shown && next && (ui.stage() === null || ui.stage() === 'welcome')) ask(next);
  }

  function ask(question) {
    shown = question;
    const account = ui.view().accounts.find((a) => a.id === question.account);
    const kinds = new Intl.ListFormat(document.documentElement.lang, { type: 'conjunction' }).format(question.kinds.map(what));
    $('permission-title').textContent = t('permission.title', { label: account?.label ?? '?', what: kinds });
    $('permission-site').textContent = question.origin;
    ui.setStage('permission');
    $('permission-deny').focus();
  }

  async function answer(allow) {
    const question = shown;
    shown = null;
    ui.setStage(null);
    if (question) await ui.call('answer_permission', { id: question.id, allow });
  }

  $('permission-allow').addEventListener('click', () => answer(true));
  $('permission-deny').addEventListener('click', () => answer(false));

  /** The account menu's list of what each site may use (and whether its files are saved
   * without asking), with a way to take each back. */
  function list(account) {
    $('permissions-title').textContent = t('permissions.title', { label: account.label });
    listed = account.id;
    render(account.id);
    ui.setStage('permissions');
  }

  function render(id) {
    const account = ui.view().accounts.find((a) => a.id === id);
    const rows = $('permissions-rows');
    rows.replaceChildren();
    for (const [origin, answers] of Object.entries(account?.permissions ?? {})) {
      for (const [kind, allowed] of Object.entries(answers)) {
        const row = element('li');
        const revoke = element('button', '', t('permissions.ask_again'));
        revoke.type = 'button';
        revoke.addEventListener('click', async () => {
          await ui.call('forget_permission', { id, origin, kind });
          render(id);
        });
        row.append(element('span', 'site', origin), element('span', 'what', what(kind)),
          element('span', allowed ? 'allowed' : 'refused', t(allowed ? 'permissions.allowed' : 'permissions.refused')), revoke);
        rows.append(row);
      }
    }
    if (account?.downloads === 'save') {
      const row = element('li');
      const ask = element('button', '', t('permissions.ask_again'));
      ask.type = 'button';
      ask.addEventListener('click', async () => {
        await ui.call('set_download_rule', { id, rule: 'ask' });
      });
      row.append(element('span', 'site', t('downloads.title')), element('span', 'what', t('permissions.files_saved')),
        element('span', 'allowed', t('permissions.without_asking')), ask);
      rows.append(row);
    }
    $('permissions-empty').hidden = rows.children.length > 0;
  }

  return { workspaceChanged, list };
}
