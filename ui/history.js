// The notification history: what each account's pages notified (delivered, or held back by do
// not disturb or a mute), newest first, by service; a click opens the account.
import { element } from './dom.js';
import { t, currentLanguage } from './i18n.js';

export function setupHistory(ui) {
  const { $ } = ui;
  ui.declare('history', 'history-panel');
  async function showHistory() {
    const service = $('history-filter').value || null;
    const [all, shown] = await Promise.all([ui.call('history', { service: null }), ui.call('history', { service })]);
    const filter = $('history-filter');
    const services = [...new Set(all.map((e) => e.service))].sort();
    filter.replaceChildren(new Option(t('history.all'), ''), ...services.map((s) => new Option(s, s)));
    filter.value = service ?? '';
    const list = $('history-list');
    list.replaceChildren(...shown.map(historyItem));
    $('history-empty').hidden = shown.length > 0;
  }

  function historyItem(entry) {
    const item = element('li', 'entry');
    item.classList.toggle('held', !entry.delivered);
    item.dataset.account = entry.account;
    const when = element('time', '', new Date(entry.at * 1000).toLocaleString(currentLanguage()));
    when.translate = false; // the date as the language writes it already
    const who = element('strong', '', `${entry.label} · ${entry.service}`);
    const translate = element('button', 'link translate', t('translate.title'));
    translate.type = 'button';
    translate.addEventListener('click', (e) => {
      e.stopPropagation();
      ui.translate(entry.body || entry.title);
    });
    item.append(who, when, element('span', 'title', entry.title), element('span', 'body', entry.body), translate);
    if (!entry.delivered) item.title = t('history.held');
    item.addEventListener('click', async () => {
      if (!ui.view().accounts.some((a) => a.id === entry.account && a.enabled)) return;
      ui.setStage(null);
      await ui.call('show_account', { id: entry.account });
    });
    return item;
  }

  $('history-open').addEventListener('click', async () => {
    $('history-filter').value = '';
    await showHistory();
    ui.setStage('history');
  });
  $('history-filter').addEventListener('change', showHistory);
  ui.listen('history', () => {
    if (ui.stage() === 'history') showHistory();
  });
}
