import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, filterCatalog, suggestLabel, movedIndex, minutesToTime, lockPasswordProblem, paletteRows, whenActive, movedSelection, sleepChoice, sleepFromChoice, megabytes, fileSize, keysFor, matchingReplies, withReply, tagColor, cardInput, duration, dayBars } from '../logic.js';

const catalog = [
  { id: 'whatsapp', name: 'WhatsApp' },
  { id: 'telegram', name: 'Telegram', aliases: ['Телеграм'] },
  { id: 'wechat', name: 'WeChat 微信' },
  { id: 'odnoklassniki', name: 'Одноклассники' },
];

test('search ignores case and accents and works in every script', () => {
  assert.equal(fold('Élément'), 'element');
  assert.deepEqual(filterCatalog(catalog, 'TELEG').map((s) => s.id), ['telegram']);
  assert.deepEqual(filterCatalog(catalog, 'телег').map((s) => s.id), ['telegram']);
  assert.deepEqual(filterCatalog(catalog, '微信').map((s) => s.id), ['wechat']);
  assert.deepEqual(filterCatalog(catalog, 'одноК').map((s) => s.id), ['odnoklassniki']);
  assert.deepEqual(filterCatalog(catalog, 'wh app').map((s) => s.id), ['whatsapp']);
  assert.equal(filterCatalog(catalog, '').length, catalog.length);
  assert.equal(filterCatalog(catalog, 'nothing-like-it').length, 0);
});

test('a second account of a service gets a numbered label', () => {
  assert.equal(suggestLabel('WhatsApp', []), 'WhatsApp');
  assert.equal(suggestLabel('WhatsApp', [{ label: 'WhatsApp' }, { label: 'WhatsApp 2' }]), 'WhatsApp 3');
});

test('moving stops at the ends of the list', () => {
  const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  assert.equal(movedIndex(list, 'a', 'up'), null);
  assert.equal(movedIndex(list, 'a', 'down'), 1);
  assert.equal(movedIndex(list, 'c', 'down'), null);
  assert.equal(movedIndex(list, 'x', 'down'), null);
});

test('schedule minutes show as times of day', () => {
  assert.equal(minutesToTime(1320), '22:00');
  assert.equal(minutesToTime(485), '08:05');
  assert.equal(minutesToTime(0), '00:00');
});

test('a lock password must be typed the same twice and not be too short', () => {
  assert.equal(lockPasswordProblem('', '', false), 'lock.empty');
  assert.equal(lockPasswordProblem('', '', true), null, 'a set lock keeps its password');
  assert.equal(lockPasswordProblem('абв', 'абв', false), 'lock.short');
  assert.equal(lockPasswordProblem('密码密码', '密码密码', false), null, 'counted in characters, not bytes');
  assert.equal(lockPasswordProblem('secret1', 'secret2', true), 'lock.differ');
});

test('the palette lists a person once per chat, the one used last first, then matching accounts', () => {
  const accounts = [
    { id: 'tg1', label: 'Telegram — Sales', service_name: 'Telegram' },
    { id: 'wa1', label: 'WhatsApp — Support', service_name: 'WhatsApp' },
  ];
  const hits = [
    { name: 'Анна Петрова', person: 'p1', handles: [{ kind: 'phone', value: '+7 999' }], chats: [
      { account: 'wa1', chat: 'Анна', name: 'Анна', last_active: 200 },
      { account: 'tg1', chat: '5001', name: 'Anna P.', last_active: 100 },
      { account: 'gone', chat: '7', name: 'Anna', last_active: 300 },
    ] },
    { name: '王伟', person: null, handles: [], chats: [{ account: 'tg1', chat: '5002', name: '王伟' }] },
    { name: 'Card only', person: 'p2', handles: [], chats: [] },
  ];
  const rows = paletteRows(hits, accounts, 'sales');
  assert.deepEqual(rows.map((r) => [r.kind, r.name, r.account?.id ?? null]), [
    ['chat', 'Анна Петрова', 'wa1'], ['chat', 'Анна Петрова', 'tg1'], ['chat', '王伟', 'tg1'], ['person', 'Card only', null],
    ['account', 'Telegram — Sales', 'tg1'],
  ]);
  assert.equal(rows[1].chat, '5001');
  assert.equal(paletteRows(hits, accounts, '').filter((r) => r.kind === 'account').length, 0, 'no query, no accounts');
  assert.equal(paletteRows(hits, accounts, 'x', 2).length, 2);
});

test('palette arrows wrap and times read as a person would say them', () => {
  assert.equal(movedSelection(0, 3, 'ArrowUp'), 2);
  assert.equal(movedSelection(2, 3, 'ArrowDown'), 0);
  assert.equal(movedSelection(0, 0, 'ArrowDown'), -1);
  const now = Date.UTC(2026, 10, 22, 12, 0);
  assert.equal(whenActive(now / 1000 - 300, 'en', now), '5 min. ago');
  assert.equal(whenActive(now / 1000 - 30 * 3600, 'en', now), 'yesterday');
  assert.equal(whenActive(now / 1000 - 300, 'ru', now), '5 мин. назад');
  assert.equal(whenActive(now / 1000 - 30 * 3600, 'zh-Hans', now), '昨天');
  assert.equal(whenActive(null, 'en', now), '');
});

test('sleep settings go through the select and back unchanged', () => {
  for (const sleep of ['never', 'after_default', { after: 15 }, { after: 240 }]) {
    assert.deepEqual(sleepFromChoice(sleepChoice(sleep)), sleep);
  }
  assert.equal(sleepChoice({ after: 15 }), '15');
  assert.equal(sleepChoice(undefined), 'never', 'an old workspace without the field stays awake');
});

test('memory reads in megabytes', () => {
  assert.equal(megabytes(14 * 1024, 'en'), '14 MB');
  assert.equal(megabytes(1536, 'en'), '1.5 MB');
  assert.equal(megabytes(812345, 'en'), '793 MB');
  assert.equal(megabytes(1536, 'ru'), '1,5 МБ', 'Russian writes a decimal comma and its own unit');
  assert.equal(fileSize(500, 'en'), '500 byte');
});

test('key names follow the keyboard: Cmd on a Mac, but Ctrl+Tab stays', () => {
  const keys = 'Ctrl+1…9 switch accounts · Ctrl+Tab next · Ctrl+Shift+Tab previous · Ctrl+K find · Ctrl+Shift+L lock';
  assert.equal(keysFor(keys, 'Ctrl'), keys);
  assert.equal(keysFor(keys, 'Cmd'), '⌘1…9 switch accounts · Ctrl+Tab next · Ctrl+Shift+Tab previous · ⌘K find · ⌘Shift+L lock');
  assert.equal(keysFor('Find a contact (Ctrl+K)', 'Cmd'), 'Find a contact (⌘K)');
  assert.equal(keysFor('CommandOrControl+Shift+Space', 'Ctrl'), 'Ctrl+Shift+Space', 'the saved form, as the keyboard names it');
  assert.equal(keysFor('CommandOrControl+Shift+Space', 'Cmd'), '⌘Shift+Space');
});

test('saved replies are found by name first, then by their text, in any script', () => {
  const replies = [
    { name: 'Доставка', text: 'Доставка 5–7 дней, {name}.', lang: 'ru' },
    { name: 'Price list', text: 'Our prices: see the attached list.' },
    { name: '运费', text: '运费由买家承担。', lang: 'zh-Hans' },
    { name: 'Delivery', text: 'Délivrance: the price of delivery is 5 €.' },
  ];
  assert.deepEqual(matchingReplies(replies, 'price').map((r) => r.name), ['Price list', 'Delivery']);
  assert.deepEqual(matchingReplies(replies, 'ДОСТ').map((r) => r.name), ['Доставка']);
  assert.deepEqual(matchingReplies(replies, 'zh').map((r) => r.name), ['运费'], 'by language');
  assert.deepEqual(matchingReplies(replies, 'delivrance').map((r) => r.name), ['Delivery'], 'accents aside');
  assert.equal(matchingReplies(replies, '').length, 4);
  assert.deepEqual(matchingReplies(replies, 'nothing such'), []);
});

test('a saved reply replaces the one edited, or comes last', () => {
  const replies = [{ name: 'A', text: '1' }, { name: 'B', text: '2' }];
  assert.deepEqual(withReply(replies, 'A', { name: 'A2', text: '3' }).map((r) => r.name), ['A2', 'B']);
  assert.deepEqual(withReply(replies, null, { name: 'C', text: '4' }).map((r) => r.name), ['A', 'B', 'C']);
});

test('a tag is one colour however it is written, and tags spread over the colours', () => {
  assert.equal(tagColor('VIP'), tagColor('#vip'));
  assert.equal(tagColor(' Оптовик '), tagColor('оптовик'));
  const colours = new Set(['VIP', 'wholesale', 'unpaid', 'опт', '批发', 'new', 'returning', 'late'].map(tagColor));
  assert.ok(colours.size >= 4, `eight tags in ${colours.size} colours`);
  for (const c of colours) assert.ok(c >= 0 && c < 8);
});

test('a card changed in one field keeps every other field for saving', () => {
  const person = { id: 'p1', name: 'Bob', handles: [{ kind: 'phone', value: '+1' }], notes: [{ at: 5, text: 'a' }], tags: ['VIP'], language: 'ru', preferred: null, chats: [] };
  const input = cardInput({ ...person, tags: ['VIP', 'late'], notes: [...person.notes, { at: null, text: 'b' }] });
  assert.deepEqual(input, { id: 'p1', name: 'Bob', handles: person.handles, notes: [{ at: 5, text: 'a' }, { at: null, text: 'b' }], tags: ['VIP', 'late'], language: 'ru', preferred: '', translate_incoming: false });
});

test('waits in words', () => {
  assert.equal(duration(45, 'en'), '45s');
  assert.equal(duration(95, 'en'), '2m');
  assert.equal(duration(2 * 3600 + 300, 'en'), '2h 5m');
  assert.equal(duration(3590, 'en'), '1h', 'never "60m"');
  assert.equal(duration(7170, 'en'), '2h', 'never "1h 60m"');
  assert.equal(duration(30 * 3600, 'en'), '1d 6h');
});

test('a bar a day, every bar of a day on one scale', () => {
  const days = [{ day: 10, received: 4, answer_median: 30, answer_p90: 120 }, { day: 12, received: 2, answer_median: 60, answer_p90: 60 }];
  assert.deepEqual(dayBars(days, 9, 12, ['received']), [[0], [100], [0], [50]], 'quiet days stand at nothing');
  assert.deepEqual(dayBars(days, 10, 12, ['answer_median', 'answer_p90']), [[25, 100], [0, 0], [50, 50]]);
  assert.deepEqual(dayBars([], 1, 2, ['received']), [[0], [0]]);
  assert.deepEqual(dayBars([...days, { day: 30, received: 400 }], 9, 12, ['received']), [[0], [100], [0], [50]], 'a day outside the span sets no scale');
});
