// The message files against the code: every message the code names exists in English, and every
// message in the files is named somewhere (no text left behind when the code stops using it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const english = JSON.parse(readFileSync(join(root, 'ui/locales/en.json'), 'utf8'));

function sources(dir, ending) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((name) => name.endsWith(ending) && !name.includes('tests'))
    .map((name) => readFileSync(join(root, dir, name), 'utf8'))
    .join('\n');
}

const ui = sources('ui', '.js') + sources('ui', '.html');
const rust = sources('core/src', '.rs') + sources('src-tauri/src', '.rs');
const desktopEntry = readFileSync(join(root, 'src-tauri/switchboard.desktop'), 'utf8');
const code = ui + rust + desktopEntry;

/** Named as a whole string in the code: 'id', "id" or `id`. */
const named = (id) => ['\'', '"', '`'].some((q) => code.includes(`${q}${id}${q}`));
/** Named by a template that puts a value after its prefix: `downloads.state.${state}`. */
const templated = (id) => code.includes('`' + id.slice(0, id.lastIndexOf('.') + 1) + '${');

test('a message named by a template is one of a few of its kind, not a whole feature\'s', () => {
  const prefixes = [...code.matchAll(/`([\w.]+\.)\$\{/g)].map((m) => m[1]).filter((p) => p !== 'problem.');
  assert.ok(prefixes.length >= 4, `found the templates (${prefixes.length})`);
  for (const prefix of prefixes) {
    const covered = Object.keys(english).filter((id) => id.startsWith(prefix) && !id.slice(prefix.length).includes('.'));
    assert.ok(covered.length <= 10, `\`${prefix}\${…}\` marks ${covered.length} messages used: ${covered.join(', ')}`);
  }
});

test('every message in the files is used by the code', () => {
  const unused = Object.keys(english).filter((id) => {
    if (id.startsWith('problem.')) return !named(id.slice('problem.'.length)) && !templated(id);
    return !named(id) && !templated(id);
  });
  assert.deepEqual(unused, [], 'messages no code names');
});

test('every message the UI names exists', () => {
  const ids = [
    ...[...ui.matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => m[1]),
    ...[...ui.matchAll(/data-i18n(?:-[\w-]+)?="([\w.]+)"/g)].map((m) => m[1]),
  ];
  assert.ok(ids.length > 100, `found the UI's messages (${ids.length})`);
  assert.deepEqual([...new Set(ids)].filter((id) => !(id in english)), [], 'names with no message');
});

test('every problem Rust reports has a message', () => {
  const codes = [...rust.matchAll(/Problem::new\("([\w.]+)"\)/g)].map((m) => m[1]);
  assert.ok(codes.length > 50, `found the problems (${codes.length})`);
  assert.deepEqual([...new Set(codes)].filter((c) => !(`problem.${c}` in english)), [], 'problems with no message');
});

test('the desktop entry says what the message files say, in each language', () => {
  const posix = { ru: 'ru', 'zh-Hans': 'zh_CN', 'zh-Hant': 'zh_TW', ar: 'ar' };
  const expected = [`Name=${english['desktop.palette']}`];
  for (const [language, locale] of Object.entries(posix)) {
    const messages = JSON.parse(readFileSync(join(root, `ui/locales/${language}.json`), 'utf8'));
    expected.push(`Comment[${locale}]=${messages['desktop.comment']}`, `Name[${locale}]=${messages['desktop.palette']}`);
  }
  const lines = desktopEntry.split('\n');
  assert.deepEqual(expected.filter((line) => !lines.includes(line)), []);
});
