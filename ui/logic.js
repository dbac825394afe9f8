// Pure helpers of the shell UI: no DOM, no IPC, tested with node --test.

/** The languages customers write in that translation and person cards offer, by code (more than
 * the app's own five); each is named in the user's language by the browser itself. */
export const CUSTOMER_LANGUAGES = ['en', 'ru', 'zh-Hans', 'zh-Hant', 'ar', 'es', 'pt', 'fr', 'de', 'it', 'tr', 'uk', 'pl', 'nl', 'vi',
  'th', 'id', 'ms', 'ja', 'ko', 'fa', 'hi', 'he', 'kk', 'uz', 'az'];

/** Lower case without accents, so "telegr" finds "Telegram" and "e" finds "É". */
export function fold(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Catalog entries whose name, id or an alias contains every word of the query, in catalog order. */
export function filterCatalog(services, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return services.filter((s) => {
    const hay = fold([s.name, s.id, ...(s.aliases ?? [])].join(' '));
    return words.every((w) => hay.includes(w));
  });
}

/** A label for a new account: the service name, numbered when that name is taken. */
export function suggestLabel(serviceName, accounts) {
  const taken = new Set(accounts.map((a) => a.label));
  if (!taken.has(serviceName)) return serviceName;
  for (let n = 2; ; n++) {
    const candidate = `${serviceName} ${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** 1320 → "22:00", for time inputs. */
export function minutesToTime(minutes) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Where an account moves for "up"/"down", or null at the edge. */
export function movedIndex(accounts, id, direction) {
  const at = accounts.findIndex((a) => a.id === id);
  if (at < 0) return null;
  const to = direction === 'up' ? at - 1 : at + 1;
  return to >= 0 && to < accounts.length ? to : null;
}

/** What is wrong with a lock password typed twice (the code of the problem that says it), or null.
 * Empty is fine when a lock is set (the password stays as it is). */
export function lockPasswordProblem(password, repeat, lockOn) {
  if (!password && !repeat) return lockOn ? null : 'lock.empty';
  if ([...password].length < 4) return 'lock.short';
  if (password !== repeat) return 'lock.differ';
  return null;
}

/** What the search palette lists for a query: each contact hit as one row per chat (a person's
 * chat used last first; a card without chats as one row), then the accounts whose name or
 * service matches. Chats of accounts that are gone are left out. */
export function paletteRows(hits, accounts, query, limit = 20) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const rows = [];
  for (const hit of hits) {
    const person = { id: hit.person, handles: hit.handles, note: hit.note ?? '' };
    const chats = hit.chats.filter((c) => byId.has(c.account));
    if (chats.length === 0 && hit.person) rows.push({ kind: 'person', name: hit.name, person, hit });
    for (const chat of chats) {
      rows.push({ kind: 'chat', name: hit.name, person, hit, chat: chat.chat, chatName: chat.name, account: byId.get(chat.account), lastActive: chat.last_active ?? null });
    }
  }
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    for (const account of accounts) {
      const hay = fold(`${account.label} ${account.service_name}`);
      if (words.every((w) => hay.includes(w))) rows.push({ kind: 'account', name: account.label, account });
    }
  }
  return rows.slice(0, limit);
}

/** "5 min ago", "yesterday", "12 Mar": when a chat was last active, from seconds since 1970. */
export function whenActive(seconds, language, now = Date.now()) {
  if (!seconds) return '';
  const minutes = Math.floor((now - seconds * 1000) / 60000);
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  if (minutes < 1) return relative.format(0, 'second');
  if (minutes < 60) return relative.format(-minutes, 'minute');
  if (minutes < 24 * 60) return relative.format(-Math.floor(minutes / 60), 'hour');
  if (minutes < 48 * 60) return relative.format(-1, 'day');
  return new Date(seconds * 1000).toLocaleDateString(language, { day: 'numeric', month: 'short' });
}

/** The next selected row for an arrow key, wrapping around; -1 when there are none. */
export function movedSelection(current, count, key) {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return (current + 1) % count;
  if (key === 'ArrowUp') return (current - 1 + count) % count;
  return current;
}

/** An account's sleep setting as a choice of the select: "never", "default" or minutes. */
export function sleepChoice(sleep) {
  if (sleep === 'never' || sleep === 'after_default') return sleep === 'never' ? 'never' : 'default';
  return String(sleep?.after ?? 'never');
}

/** The setting for a choice of the select (the inverse of sleepChoice). */
export function sleepFromChoice(choice) {
  if (choice === 'never') return 'never';
  if (choice === 'default') return 'after_default';
  return { after: Number(choice) };
}

/** 123456 KiB → "121 MB"; below 10 MB with one decimal. */
export function megabytes(kib, language) {
  return fileSize(kib * 1024, language);
}

/** A size in the language's own way of writing it: "1.5 MB", "1,5 МБ". */
export function fileSize(bytes, language) {
  const [unit, amount] = bytes < 1024 ? ['byte', bytes] : bytes < 1024 * 1024 ? ['kilobyte', bytes / 1024] : ['megabyte', bytes / 1024 / 1024];
  const digits = amount < 10 && unit !== 'byte' ? 1 : 0;
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(amount);
}

/**
 * A text naming keys ("Ctrl+K find a contact") as this computer's keyboard names them: on a Mac
 * (`commandKey` "Cmd") the app's shortcuts use ⌘ in place of Ctrl, except Ctrl+Tab, which the
 * Mac keeps (Cmd+Tab switches programs).
 */
export function keysFor(text, commandKey) {
  // The saved form of a shortcut ("CommandOrControl+…") is Ctrl first, then as on this keyboard.
  const named = text.replace(/\b(CommandOrControl|CmdOrCtrl|CommandOrCtrl|CmdOrControl)\+/gi, 'Ctrl+');
  return commandKey === 'Cmd' ? named.replace(/\bCtrl\+(?!(Shift\+)?Tab\b)/g, '⌘') : named;
}

/** Saved replies for a filter: every word in the name, language or text (accents and case
 * aside); those matched by name first, each group in the user's order. */
export function matchingReplies(replies, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const has = (text) => words.every((w) => fold(text).includes(w));
  const byName = replies.filter((r) => has(`${r.name} ${r.lang ?? ''}`));
  return [...byName, ...replies.filter((r) => !byName.includes(r) && has(`${r.name} ${r.lang ?? ''} ${r.text}`))];
}

/** The replies with one saved: it takes the place of the one named `editing` (its old name), or
 * comes last when new. */
export function withReply(replies, editing, reply) {
  const at = replies.findIndex((r) => r.name === editing);
  return at >= 0 ? replies.map((r, i) => (i === at ? reply : r)) : [...replies, reply];
}

/** Which of the eight tag colours a tag is drawn in: the same tag (any case, with or without
 * '#') always the same one. */
export function tagColor(tag) {
  let hash = 0x811c9dc5;
  for (const c of fold(tag.trim().replace(/^#/, ''))) {
    hash = Math.imul(hash ^ c.codePointAt(0), 0x01000193) >>> 0;
  }
  return hash >>> 29; // the top bits: FNV spreads them best
}

/** A person card as `save_person` takes it: every field as it is, or as `person` changed it. */
export function cardInput(person) {
  return {
    id: person.id ?? null,
    name: person.name,
    handles: person.handles ?? [],
    notes: (person.notes ?? []).map((n) => ({ at: n.at ?? null, text: n.text })),
    tags: person.tags ?? [],
    language: person.language ?? '',
    preferred: person.preferred ?? '',
    translate_incoming: !!person.translate_incoming,
  };
}

/** A wait in words: "45s", "3m", "2h 5m", "3d 4h", in the language's digits. */
export function duration(seconds, language) {
  const unit = (value, name) => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 24 * 60) return minutes % 60 ? `${unit(Math.floor(minutes / 60), 'hour')} ${unit(minutes % 60, 'minute')}` : unit(minutes / 60, 'hour');
  const hours = Math.round(minutes / 60);
  return hours % 24 ? `${unit(Math.floor(hours / 24), 'day')} ${unit(hours % 24, 'hour')}` : unit(hours / 24, 'day');
}

/**
 * A chart's bars a day over `from..to`: for each day, each of `fields` of its figures as a share
 * (0–100) of the largest value of them all, so several bars a day share one scale.
 */
export function dayBars(days, from, to, fields) {
  const byDay = new Map(days.map((figures) => [figures.day, figures]));
  const values = [];
  for (let day = from; day <= to; day += 1) values.push(fields.map((field) => byDay.get(day)?.[field] ?? 0));
  const most = Math.max(1, ...values.flat());
  return values.map((bars) => bars.map((value) => Math.round((value / most) * 100)));
}
