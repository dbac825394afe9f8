// The UI's texts in the user's language: the messages of locales/<code>.json (the same files the
// app formats its own texts from), English where a language lacks one. A message is a text with
// {name} placeholders, or plural forms chosen by the `count` argument with the language's rules.

/** Each language in its own name, for the language menu. */
export const LANGUAGES = { en: 'English', ru: 'Русский', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', ar: 'العربية' };

const files = new Map();
let messages = {};
let english = {};
let language = null;
let plurals = new Intl.PluralRules('en');

function load(code) {
  if (!files.has(code)) files.set(code, fetch(`locales/${code}.json`).then((r) => r.json()));
  return files.get(code);
}

/** Speaks `code` from now on; true when that changed the language. */
export async function useLanguage(code, rtl) {
  if (code === language) return false;
  [messages, english] = await Promise.all([load(code), load('en')]);
  language = code;
  plurals = new Intl.PluralRules(code);
  document.documentElement.lang = code;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
  return true;
}

/** Message `id` with `args` put in. */
export function t(id, args = {}) {
  let message = messages[id] ?? english[id] ?? id;
  if (typeof message === 'object') message = message[plurals.select(Number(args.count ?? 0))] ?? message.other ?? id;
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** The texts written in the page: data-i18n names the message of an element's text;
 * data-i18n-title, data-i18n-placeholder and data-i18n-aria-label those of its attributes. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attribute of ['title', 'placeholder', 'aria-label']) {
    for (const el of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      el.setAttribute(attribute, t(el.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}
