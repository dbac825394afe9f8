// The Memory view: what the app and each account cost now, which accounts sleep when unused,
// and putting one to sleep or waking it. Figures are measured when the view opens or is asked
// to measure again, never on a timer.

import { element, iconFor } from './dom.js';
import { sleepChoice, sleepFromChoice, megabytes } from './logic.js';

const CHOICES = [
  ['never', 'Always on'],
  ['default', 'Sleep after the default time'],
  ['5', 'Sleep after 5 minutes'],
  ['15', 'Sleep after 15 minutes'],
  ['60', 'Sleep after 1 hour'],
  ['240', 'Sleep after 4 hours'],
];

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
    $('memory-summary').textContent = 'Measuring…';
    try {
      report = await ui.invoke('memory_report');
    } catch (err) {
      report = null;
      $('memory-error').textContent = String(err);
    }
    render();
  }

  function render() {
    const view = ui.view();
    shownAsleep = asleepKey(view);
    const awake = view.accounts.filter((a) => a.enabled && !a.asleep).length;
    const asleep = view.accounts.filter((a) => a.asleep).length;
    const counts = `${awake} awake, ${asleep} asleep`;
    $('memory-summary').textContent = report?.measured
      ? `${megabytes(report.total_kib)} in all — Switchboard itself ${megabytes(report.app_kib)}; accounts: ${counts}.`
      : `Accounts: ${counts}. Memory per account is measured on Linux only.`;
    const rows = view.accounts.filter((a) => a.enabled).map(row);
    if (report?.measured) {
      const own = element('tr', 'own');
      own.append(element('td', 'who', 'Switchboard itself'), element('td', 'mem', megabytes(report.app_kib)),
        element('td', 'hint', `${report.app_processes} processes: the window and the sidebar`), element('td'));
      rows.unshift(own);
    }
    $('memory-rows').replaceChildren(...rows);
  }

  function row(account) {
    const tr = element('tr');
    tr.dataset.id = account.id;
    tr.classList.toggle('asleep', account.asleep);
    const who = element('td', 'who');
    who.append(iconFor(account.monogram, account.color), element('span', '', account.label));
    const figures = report?.accounts.find((a) => a.id === account.id);
    const state = account.asleep ? 'asleep' : 'awake';
    const mem = element('td', 'mem', figures && report.measured ? megabytes(figures.web_kib + figures.network_kib) : '—');
    mem.append(element('small', 'state', ` ${state}`));
    if (figures && report.measured) {
      mem.title = `Page ${megabytes(figures.web_kib)}, network and storage ${megabytes(figures.network_kib)}, ${figures.processes} processes`;
    }
    const choice = document.createElement('select');
    choice.setAttribute('aria-label', `When ${account.label} is unused`);
    const current = sleepChoice(account.sleep);
    const options = CHOICES.some(([v]) => v === current) ? CHOICES : [...CHOICES, [current, `Sleep after ${current} minute${current === '1' ? '' : 's'}`]];
    choice.replaceChildren(...options.map(([value, text]) => new Option(text, value)));
    choice.value = current;
    choice.addEventListener('change', async () => {
      try {
        await ui.invoke('set_sleep', { id: account.id, sleep: sleepFromChoice(choice.value) });
      } catch (err) {
        $('memory-error').textContent = String(err);
        choice.value = current;
      }
    });
    const action = element('button', 'sleep-now', account.asleep ? 'Wake' : 'Sleep now');
    action.type = 'button';
    const onScreen = account.id === ui.view().active;
    action.disabled = onScreen && !account.asleep;
    if (action.disabled) action.title = 'This account is on screen: switch to another one first';
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
        $('memory-error').textContent = String(err);
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
      ui.flash(`Accounts that may sleep now do after ${$('sleep-minutes').value} minutes unused.`);
    } catch (err) {
      $('memory-error').textContent = String(err);
    }
  });

  /** The workspace changed: measure again if an account fell asleep or woke, else just redraw. */
  function workspaceChanged() {
    if (ui.stage() !== 'memory') return;
    if (asleepKey(ui.view()) !== shownAsleep) measure();
    else render();
  }

  return { open, workspaceChanged };
}
