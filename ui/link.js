// A link from outside (a t.me or wa.me link, tg:, whatsapp:, mailto:) that several accounts could
// open, or none yet: the user picks the account (and may keep that choice for links of the kind),
// or adds one. Closing the question drops the link; another dialog or the lock only puts it off.
import { element, iconFor } from './dom.js';
import { t, describe } from './i18n.js';

export function setupLink(ui) {
  const { $ } = ui;
  ui.declare('link', 'link-dialog');
  let onScreen = null; // the id of the link the dialog shows
  let drawing = null; // the id of the link being drawn (the catalog may still be on its way)

  const free = () => ui.stage() === null || ui.stage() === 'welcome' || ui.stage() === 'link';

  function close() {
    onScreen = null;
    if (ui.stage() === 'link') ui.setStage(null);
  }

  function dismiss() {
    const id = onScreen;
    close();
    if (id !== null) ui.invoke('dismiss_link', { id }).catch(() => {});
  }

  async function show(link) {
    drawing = link.id;
    await ui.loadCatalog(); // the services' names, for "Add …"
    if (drawing !== link.id) return; // a newer link is being drawn
    drawing = null;
    if (ui.view().link?.id !== link.id || ui.view().locked || !free()) return; // gone, or put off
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
      button.addEventListener('click', () => open(link.id, account.id));
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
    onScreen = link.id;
    ui.setStage('link');
    $('link-choices').querySelector('button')?.focus();
  }

  /** Opens the link in the account picked; what went wrong stays in the dialog, the link too. */
  async function open(id, account) {
    $('link-error').textContent = '';
    try {
      await ui.invoke('open_link', { id, account, remember: $('link-remember').checked });
      if (onScreen === id) close();
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
      const waiting = ui.view().locked ? null : ui.view().link;
      if (onScreen !== null && ui.stage() !== 'link') onScreen = null; // put off: shown again later
      if (onScreen !== null && waiting?.id !== onScreen) close(); // answered, or a newer link came
      if (waiting && waiting.id !== onScreen && waiting.id !== drawing && free()) show(waiting);
    },
  };
}
