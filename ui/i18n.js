// The UI's texts in the user's language: the messages of locales/<code>.json (the same files the
// app formats its own texts from), English where a language lacks one. A message is a text with
// {name} placeholders, or plural forms chosen by the `count` argument with the language's rules.

/** Each language in its own name, for the language menu. */
export const LANGUAGES = { en: 'English', ru: 'Русский', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', ar: 'العربية' };

/** The pseudo-locale (LANG=en_XA): English with every letter accented and every message
 * bracketed, so that a text left out of the message files stands out. */
const PSEUDO = 'en-XA';
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = [...'áƀçďéƒĝĥíĵķľɱñóþǫŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĽṀÑÓÞǪŔŠŢÚṼŴẊÝŽ'];

function pseudo(text) {
  const accented = text.split(/(\{\w+\})/).map((part, i) => (i % 2 ? part : [...part].map((c) => ACCENTED[PLAIN.indexOf(c)] ?? c).join('')));
  return `⟦${accented.join('')}⟧`;
}

const pseudoMessages = (english) => Object.fromEntries(Object.entries(english).map(([id, message]) => [id,
  typeof message === 'object' ? Object.fromEntries(Object.entries(message).map(([form, text]) => [form, pseudo(text)])) : pseudo(message)]));

const files = new Map();
let messages = {};
let english = {};
let language = null;
let plurals = new Intl.PluralRules('en');
let numbers = new Intl.NumberFormat('en');

/** Letters written right to left (Hebrew, Arabic and their presentation forms). */
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** An argument as it goes into a sentence: a number in the language's digits and grouping; a
 * text (a name from a page, an address) isolated, so that it keeps its own direction and takes
 * no punctuation of the sentence with it (an Arabic name in an English sentence, a Latin one in
 * an Arabic sentence). */
function shown(value) {
  if (typeof value === 'number') return numbers.format(value);
  const text = String(value);
  return document.documentElement.dir === 'rtl' || RTL_TEXT.test(text) ? `\u2068${text}\u2069` : text;
}

function load(code) {
  if (!files.has(code)) files.set(code, fetch(`locales/${code}.json`).then((r) => r.json()));
  return files.get(code);
}

/** Speaks `code` from now on; true when that changed the language. */
export async function useLanguage(code, rtl) {
  if (code === language) return false;
  [messages, english] = await Promise.all([load(code === PSEUDO ? 'en' : code), load('en')]);
  if (code === PSEUDO) messages = pseudoMessages(english);
  language = code;
  plurals = new Intl.PluralRules(code);
  numbers = new Intl.NumberFormat(code);
  document.documentElement.lang = code;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
  return true;
}

/** The language the UI speaks now (its code, e.g. "zh-Hans"), for Intl's formats. */
export const currentLanguage = () => language ?? 'en';

/** A language's name in the UI's language, as the browser names it ("fr" → "French"). */
export function languageName(code) {
  try {
    return new Intl.DisplayNames([currentLanguage()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A number in the language's digits and grouping. */
export const number = (n) => numbers.format(n);

/** Message `id` with `args` put in. */
export function t(id, args = {}) {
  let message = messages[id] ?? english[id] ?? id;
  if (typeof message === 'object') message = message[plurals.select(Number(args.count ?? 0))] ?? message.other ?? id;
  return message.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? shown(args[name]) : whole));
}

/** What went wrong, worded in the user's language: the app's errors come as a message id
 * ("code") with arguments; anything else (a script's own error) as its text. */
export function describe(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') return t(`problem.${err.code}`, err.args ?? {});
  return String(err);
}

/** The texts written in the page: data-i18n names the message of an element's text;
 * data-i18n-title, data-i18n-placeholder and data-i18n-aria-label those of its attributes. An
 * element's children marked data-part="name" (a filled-in site name, say) stay, put where the
 * message has {name}. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const parts = Object.fromEntries([...el.querySelectorAll(':scope > [data-part]')].map((p) => [p.dataset.part, p]));
    if (Object.keys(parts).length === 0) {
      el.textContent = t(el.dataset.i18n);
      continue;
    }
    const pieces = t(el.dataset.i18n).split(/\{(\w+)\}/);
    el.replaceChildren(...pieces.map((piece, i) => (i % 2 === 1 ? parts[piece] ?? `{${piece}}` : piece)));
  }
  for (const attribute of ['title', 'placeholder', 'aria-label']) {
    for (const el of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      el.setAttribute(attribute, t(el.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}

/** The key names written in the page itself as this computer's keyboard has them (`keys`: ⌘ on
 * a Mac): text only, never the elements beside it (a footer holds a button). */
export function labelKeys(keys) {
  if (keys('Ctrl+K') === 'Ctrl+K') return;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) node.data = keys(node.data);
  for (const el of document.querySelectorAll('[title]')) el.title = keys(el.title);
  for (const el of document.querySelectorAll('[placeholder]')) el.placeholder = keys(el.placeholder);
}
