// A page's question (camera, microphone, screen, location) in Switchboard's own dialog, naming
// the account and the site; asked only while that account is on screen, so no page puts its
// question in front of another account. The answer is remembered; the account's menu lists
// what each site may use and takes an answer back.

import { asker, element } from './dom.js';
import { t } from './i18n.js';

const what = (kind) => t(`permission.kind.${kind}`);

export function setupPermissions(ui) {
  const { $ } = ui;
  let listed = null; // the account whose permissions are listed
  ui.declare('permission', 'permission-dialog');
  ui.declare('permissions', 'permissions-dialog');

  // The oldest question of the account on screen.
  const question = asker(ui, {
    stage: 'permission',
    next: () => {
      const view = ui.view();
      return view.locked ? null : view.asking.find((q) => q.account === view.active) ?? null;
    },
    still: (q) => ui.view().asking.some((waiting) => waiting.id === q.id),
    show(q) {
      const account = ui.view().accounts.find((a) => a.id === q.account);
      const kinds = new Intl.ListFormat(document.documentElement.lang, { type: 'conjunction' }).format(q.kinds.map(what));
      $('permission-title').textContent = t('permission.title', { label: account?.label ?? '?', what: kinds });
      $('permission-site').textContent = q.origin;
    },
    answer: (q, allow) => ui.call('answer_permission', { id: q.id, allow }),
    yes: $('permission-allow'),
    no: $('permission-deny'),
    focus: $('permission-deny'),
  });

  function workspaceChanged() {
    if (listed && ui.stage() === 'permissions') render(listed);
    question.update();
  }

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

  ui.listPermissions = list;
  return { workspaceChanged };
}
