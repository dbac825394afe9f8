// Spell checking's languages: the boxes of the dictionaries installed (Settings, for every
// account), and an account's own choice (⋯ → Spell check…), where it may keep every account's.
import { element } from './dom.js';
import { t, describe } from './i18n.js';

/** A box per dictionary, named in the app's language, ticked as `spelling` says. */
export function dictionaryBoxes(spelling, onChange) {
  const names = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'language', fallback: 'code' });
  const name = (code) => {
    try { return names.of(code.replace('_', '-')); } catch (_) { return code; }
  };
  return (spelling.dictionaries ?? []).map((code) => {
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: code, checked: spelling.languages.includes(code) });
    box.addEventListener('change', onChange);
    const label = element('label', 'check');
    const text = element('span', '', `${name(code)} (${code})`);
    text.translate = false; // a language's name as Intl writes it in the app's language
    label.append(box, text);
    return label;
  });
}

/** The languages ticked in a list of those boxes. */
export const ticked = (list) => [...list.querySelectorAll('input:checked')].map((box) => box.value);

/** What the hint under the boxes says: where the languages come from. */
export const spellingHint = (spelling) => t(spelling.dictionaries === null ? 'settings.spelling.system'
  : spelling.dictionaries.length ? 'settings.spelling.hint' : 'settings.spelling.none');

export function setupSpelling(ui) {
  const { $ } = ui;
  ui.declare('account-spelling', 'account-spelling-dialog');
  let account = null;

  async function show() {
    $('account-spelling-error').textContent = '';
    let spelling;
    try {
      spelling = await ui.invoke('spelling', { account: account.id });
    } catch (err) {
      $('account-spelling-error').textContent = describe(err);
      return;
    }
    $('account-spelling-own').checked = spelling.picked;
    $('account-spelling-list').replaceChildren(...dictionaryBoxes(spelling, save));
    for (const box of $('account-spelling-list').querySelectorAll('input')) box.disabled = !spelling.picked;
    $('account-spelling-hint').textContent = spellingHint(spelling);
  }

  async function save() {
    $('account-spelling-error').textContent = '';
    const languages = $('account-spelling-own').checked ? ticked($('account-spelling-list')) : null;
    try {
      await ui.invoke('set_spelling', { account: account.id, languages });
    } catch (err) {
      $('account-spelling-error').textContent = describe(err);
    }
    show();
  }

  ui.openAccountSpelling = (chosen) => {
    account = chosen;
    $('account-spelling-account').textContent = `${chosen.label} — ${chosen.service_name}`;
    ui.setStage('account-spelling');
    show().then(() => $('account-spelling-own').focus());
  };
  $('account-spelling-own').addEventListener('change', save);
  return {};
}
