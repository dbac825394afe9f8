// The Memory view: what the app and each account cost now, which accounts sleep when unused,
// and putting one to sleep or waking it. Figures are measured when the view opens or is asked
// to measure again, never on a timer.

import { element, iconFor } from './dom.js';
import { sleepChoice, sleepFromChoice, megabytes as inMegabytes } from './logic.js';
import { t, describe, currentLanguage } from './i18n.js';

const CHOICES = ['never', 'default', '5', '15', '60', '240'];
const megabytes = (kib) => inMegabytes(kib, currentLanguage());

/** What a choice of the "when unused" menu says. */
function choiceText(value) {
  if (value === 'never') return t('memory.always_on');
  if (value === 'default') return t('memory.after_default');
  const minutes = Number(value);
  return minutes % 60 === 0 ? t('memory.after_hours', { count: minutes / 60 }) : t('memory.after_minutes', { count: minutes });
}

export function setupMemory(ui) {
  const { $ } = ui;
  let report = null;
  let shownAsleep = '';

  async function open() {
    $('memory-error').textContent = '';
    $('sleep-minutes').value = ui.view().sleep_minutes;
    ui.setStage('memory');
    await measure();
    $('memory-refresh').focus();
  }

  async function measure() {
    $('memory-summary').textContent = t('memory.measuring');
    try {
      report = await ui.invoke('memory_report');
    } catch (err) {
      report = null;
      $('memory-error').textContent = describe(err);
    }
    render();
  }

  function render() {
    const view = ui.view();
    shownAsleep = asleepKey(view);
    const awake = view.accounts.filter((a) => a.enabled && !a.asleep).length;
    const asleep = view.accounts.filter((a) => a.asleep).length;
    const counts = t('memory.counts', { awake: t('memory.awake_count', { count: awake }), asleep: t('memory.asleep_count', { count: asleep }) });
    $('memory-summary').textContent = report?.measured
      ? t('memory.summary', { total: megabytes(report.total_kib), app: megabytes(report.app_kib), counts })
      : t('memory.summary.unmeasured', { counts });
    const rows = view.accounts.filter((a) => a.enabled).map(row);
    if (report?.measured) {
      // A browser the accounts share (Windows) is a line of its own, under the app's.
      if (report.shared_processes > 0) {
        rows.unshift(fixedRow('shared', t('memory.shared'), report.shared_kib, t('memory.shared.processes', { count: report.shared_processes })));
      }
      rows.unshift(fixedRow('own', t('memory.itself'), report.app_kib, t('memory.itself.processes', { count: report.app_processes })));
    }
    $('memory-rows').replaceChildren(...rows);
  }

  /** A line that is no account's: what it is, what it costs, of which processes. */
  function fixedRow(kind, who, kib, hint) {
    const tr = element('tr', kind);
    const size = element('td', 'mem', megabytes(kib));
    size.translate = false; // a size as the language writes it already
    tr.append(element('td', 'who', who), size, element('td', 'hint', hint), element('td'));
    return tr;
  }

  function row(account) {
    const tr = element('tr');
    tr.dataset.id = account.id;
    tr.classList.toggle('asleep', account.asleep);
    const who = element('td', 'who');
    who.append(iconFor(account.monogram, account.color, account.icon), element('span', '', account.label));
    const figures = report?.accounts.find((a) => a.id === account.id);
    const state = t(account.asleep ? 'memory.asleep' : 'memory.awake');
    const mem = element('td', 'mem');
    const figure = element('span', '', figures && report.measured ? megabytes(figures.web_kib + figures.network_kib) : '—');
    figure.translate = false; // a size as the language writes it already
    mem.append(figure, element('small', 'state', ` ${state}`));
    if (figures && report.measured) {
      mem.title = t('memory.account.parts', { page: megabytes(figures.web_kib), network: megabytes(figures.network_kib), count: figures.processes });
    }
    const choice = document.createElement('select');
    choice.setAttribute('aria-label', t('memory.when_unused.label', { label: account.label }));
    const current = sleepChoice(account.sleep);
    const options = CHOICES.includes(current) ? CHOICES : [...CHOICES, current];
    choice.replaceChildren(...options.map((value) => new Option(choiceText(value), value)));
    choice.value = current;
    choice.addEventListener('change', async () => {
      try {
        await ui.invoke('set_sleep', { id: account.id, sleep: sleepFromChoice(choice.value) });
      } catch (err) {
        $('memory-error').textContent = describe(err);
        choice.value = current;
      }
    });
    const action = element('button', 'sleep-now', t(account.asleep ? 'memory.wake' : 'menu.sleep'));
    action.type = 'button';
    const onScreen = account.id === ui.view().active;
    action.disabled = onScreen && !account.asleep;
    if (action.disabled) action.title = t('account.on_screen');
    action.addEventListener('click', async () => {
      $('memory-error').textContent = '';
      try {
        if (account.asleep) {
          await ui.invoke('show_account', { id: account.id });
          ui.setStage(null);
          return;
        }
        await ui.invoke('sleep_account', { id: account.id });
        await measure();
      } catch (err) {
        $('memory-error').textContent = describe(err);
      }
    });
    const choiceCell = element('td');
    choiceCell.append(choice);
    const actionCell = element('td');
    actionCell.append(action);
    tr.append(who, mem, choiceCell, actionCell);
    return tr;
  }

  const asleepKey = (v) => v.accounts.filter((a) => a.asleep).map((a) => a.id).join(' ');

  $('memory-refresh').addEventListener('click', measure);
  $('sleep-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('memory-error').textContent = '';
    try {
      await ui.invoke('set_sleep_minutes', { minutes: Number($('sleep-minutes').value) });
      ui.flash(t('memory.default_saved', { count: Number($('sleep-minutes').value) }));
    } catch (err) {
      $('memory-error').textContent = describe(err);
    }
  });

  /** The workspace changed: measure again if an account fell asleep or woke, else just redraw. */
  function workspaceChanged() {
    if (ui.stage() !== 'memory') return;
    if (asleepKey(ui.view()) !== shownAsleep) measure();
    else render();
  }

  ui.declare('memory', 'memory-dialog');
  $('memory-open').addEventListener('click', open);
  ui.openMemory = open;
  return { workspaceChanged };
}
