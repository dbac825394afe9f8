import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, filterCatalog, suggestLabel, movedIndex, minutesToTime, lockPasswordProblem } from '../logic.js';

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
  assert.equal(lockPasswordProblem('', '', false), 'Type a password to turn the lock on.');
  assert.equal(lockPasswordProblem('', '', true), null, 'a set lock keeps its password');
  assert.equal(lockPasswordProblem('абв', 'абв', false), 'The password needs at least 4 characters.');
  assert.equal(lockPasswordProblem('密码密码', '密码密码', false), null, 'counted in characters, not bytes');
  assert.equal(lockPasswordProblem('secret1', 'secret2', true), 'The two passwords are not the same.');
});
