// Pure helpers of the shell UI: no DOM, no IPC, tested with node --test.

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

/** What is wrong with a lock password typed twice, or null. Empty is fine when a lock is set
 * (the password stays as it is). */
export function lockPasswordProblem(password, repeat, lockOn) {
  if (!password && !repeat) return lockOn ? null : 'Type a password to turn the lock on.';
  if ([...password].length < 4) return 'The password needs at least 4 characters.';
  if (password !== repeat) return 'The two passwords are not the same.';
  return null;
}
