// The Statistics view: every account side by side and their total over today, 7 or 30 days —
// messages in, chats written and answered, the time to a first answer (median and 90th
// percentile), the longest wait open now, the unread left — with a bar a day of messages and of
// answer times, and the file of it.
import { element } from './dom.js';
import { t, describe, number, currentLanguage } from './i18n.js';
import { duration, dayBars } from './logic.js';

export function setupStats(ui) {
  const { $ } = ui;
  let span = 7;
  ui.declare('stats', 'stats-dialog', { open: () => open() });

  async function open() {
    ui.setStage('stats');
    await show();
    $(`stats-span-${span}`).focus();
  }


  let asked = 0; // the latest look: an answer to an earlier one (another span) is not shown
  async function show() {
    for (const days of [1, 7, 30]) $(`stats-span-${days}`).setAttribute('aria-pressed', String(days === span));
    $('stats-error').textContent = '';
    const ticket = ++asked;
    let report;
    try {
      report = await ui.invoke('stats_report', { days: span });
    } catch (err) {
      if (ticket !== asked) return;
      $('stats-rows').replaceChildren();
      $('stats-error').textContent = describe(err);
      return;
    }
    if (ticket !== asked) return;
    const accounts = ui.view().accounts;
    const rows = report.accounts.map((figures) => row(accounts.find((a) => a.id === figures.id)?.label ?? figures.id, figures, report.today));
    rows.push(row(t('stats.total'), report.total, report.today, 'total'));
    $('stats-rows').replaceChildren(...rows);
  }

  function row(label, { by_chat: byChat, summary, waiting }, today, kind = '') {
    const tr = element('tr', kind);
    const name = element('td', 'who', label);
    name.dir = 'auto';
    const cell = (value, title = '') => {
      const td = element('td', 'figure', value);
      td.translate = false; // numbers and durations as the language writes them already
      if (title) td.title = title;
      return td;
    };
    const none = t('stats.no_chats');
    const times = summary.answer_median === null || summary.answer_median === undefined
      ? '—' : `${duration(summary.answer_median, currentLanguage())} / ${duration(summary.answer_p90, currentLanguage())}`;
    const answers = cell(times);
    if (summary.answers) answers.append(chart(summary.days, today, ['answer_p90', 'answer_median']));
    const messages = element('td', 'chart');
    messages.append(chart(summary.days, today, ['received']));
    tr.append(name, messages, cell(number(summary.received)),
      byChat ? cell(number(summary.chats_written)) : cell('—', none),
      byChat ? cell(number(summary.chats_answered)) : cell('—', none),
      byChat ? answers : cell('—', none),
      cell(waiting === null || waiting === undefined ? '—' : duration(waiting, currentLanguage())),
      cell(summary.backlog === null || summary.backlog === undefined ? '—' : number(summary.backlog)));
    return tr;
  }

  /**
   * A bar a day for the span, as tall as the row's largest figure: messages in, or the answer
   * times' 90th percentile with the median inside it.
   */
  function chart(days, today, fields) {
    const bars = element('div', `bars ${fields[0]}`);
    for (const heights of dayBars(days, today - span + 1, today, fields)) {
      const day = element('span', 'day');
      heights.forEach((height, n) => {
        const bar = element('span', `bar ${fields[n]}`);
        bar.style.blockSize = `${height}%`;
        day.append(bar);
      });
      bars.append(day);
    }
    bars.setAttribute('aria-hidden', 'true'); // the figures beside it say the same in words
    return bars;
  }


  for (const days of [1, 7, 30]) {
    $(`stats-span-${days}`).addEventListener('click', () => {
      span = days;
      show();
    });
  }
  $('stats-open').addEventListener('click', open);
  $('stats-export').addEventListener('click', async () => {
    try {
      ui.showNotice(t('stats.exported', await ui.invoke('export_stats')));
    } catch (err) {
      $('stats-error').textContent = describe(err);
    }
  });

  return {
    // Counts changed: what the view shows is measured again.
    workspaceChanged() {
      if (ui.stage() === 'stats') show();
    },
  };
}
