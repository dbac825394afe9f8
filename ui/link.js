// A link from outside (a t.me or wa.me link, tg:, whatsapp:, mailto:) that several accounts could
// open, or none yet: the user picks the account (and may keep that choice for links of the kind),
// or adds one. Closing the question drops the link.
import { element, iconFor } from './dom.js';
import { t, describe } from './i18n.js';

export function setupLink(ui) {
  const { $ } = ui;
  ui.declare('link', 'link-dialog');
  let shown = null; // the waiting link on screen

  function dismiss() {
    shown = null;
    ui.setStage(null);
    ui.invoke('dismiss_link').catch(() => {});
  }

  async function show(link) {
    shown = link;
    await ui.loadCatalog(); // the services' names, for "Add …"
    if (shown !== link) return;
    const accounts = link.accounts.map((id) => ui.view().accounts.find((a) => a.id === id)).filter(Boolean);
    $('link-title').textContent = t(`link.title.${link.family}`);
    $('link-text').textContent = link.link;
    $('link-which').textContent = t(accounts.length ? 'link.which' : 'link.none');
    $('link-remember-row').hidden = !accounts.length;
    $('link-remember').checked = false;
    $('link-remember-text').textContent = t(`link.remember.${link.family}`);
    $('link-error').textContent = '';
    const choices = accounts.map((account) => {
      const button = element('button');
      button.type = 'button';
      button.dataset.account = account.id;
      button.append(iconFor(account.monogram, account.color, account.icon), element('span', '', `${account.label} — ${account.service_name}`));
      button.addEventListener('click', () => open(account.id));
      return button;
    });
    const adds = link.services.map((id) => {
      const button = element('button', '', t('link.add', { service: ui.serviceName(id) }));
      button.type = 'button';
      button.dataset.service = id;
      button.addEventListener('click', () => {
        dismiss();
        ui.addService(id);
      });
      return button;
    });
    $('link-choices').replaceChildren(...choices, ...adds);
    ui.setStage('link');
    $('link-choices').querySelector('button')?.focus();
  }

  async function open(account) {
    try {
      await ui.invoke('open_link', { account, remember: $('link-remember').checked });
      shown = null;
      ui.setStage(null);
    } catch (err) {
      $('link-error').textContent = describe(err);
    }
  }

  $('link-cancel').addEventListener('click', dismiss);
  $('link-dialog').querySelector('.close').addEventListener('click', dismiss);
  $('link-dialog').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') dismiss();
  });

  return {
    workspaceChanged() {
      const waiting = ui.view().link;
      if (shown && ui.stage() !== 'link') dismiss(); // closed some other way
      else if (shown && !waiting) {
        shown = null;
        if (ui.stage() === 'link') ui.setStage(null);
      }
      if (waiting && ui.stage() !== 'locked' && !ui.view().locked && JSON.stringify(waiting) !== JSON.stringify(shown)) show(waiting);
    },
  };
}
