// Switchboard's bridge, injected into every service page before its own scripts.
// It reports notifications, unread badges and the chat list (names, chat references) to
// Switchboard through one command, page_event, and never reads anything it does not need: of what
// was written, only the line an unread chat's row itself shows, for the Unread list (kept in
// memory, never on disk). Event-driven: no timers that repeat.
(() => {
  'use strict';
  if (window.__switchboard || window.top !== window) return;

  // The service's DOM unread rule from the catalog ({selector, skip}), filled in by Switchboard.
  const RULE = null;
  // The service's chat-list rule ({row, name, id, time, avatar, link}), or null.
  const CHATS = null;
  // A custom service: its page tells its own name and icon, for the sidebar.
  const SITE = false;

  const ipc = window.__TAURI_INTERNALS__;
  const stringify = JSON.stringify; // taken before the page's own scripts run
  // This page load's name and its events' numbers: the IPC may hand an event over twice (a
  // retry over postMessage), and Switchboard takes each number once.
  const page = Math.random().toString(36).slice(2, 14);
  let seq = 0;
  const send = (event) => {
    try {
      ipc.invoke('page_event', { event: stringify({ ...event, page, seq: ++seq }) }).catch(() => {});
    } catch (_) {
      // The page replaced what we need; it only loses its own notifications.
    }
  };
  const text = (value, max) => String(value ?? '').slice(0, max);
  // Runs `f` once the page has loaded (now, if it has).
  const onLoaded = (f) => (document.readyState === 'complete' ? f() : window.addEventListener('load', f, { once: true }));
  // Switchboard's own page in the account's place (the site can't be reached): not the site.
  const ours = () => !!document.querySelector('meta[name="switchboard-page"]');

  // ---- notifications: the page believes it may notify, and we carry them ----

  const KEEP = 100; // recent notifications whose click handlers we can still call
  const shown = new Map();
  let nextId = 1;

  // Runs a notification's handler for `type` ("click", "close"), as a browser would.
  function fire(notification, type, cancelable = false) {
    const event = new Event(type, { cancelable });
    const handler = notification[`on${type}`];
    if (typeof handler === 'function') handler.call(notification, event);
    notification.dispatchEvent(event);
  }

  // A notification left the desktop: its page hears "close" once.
  function closed(id) {
    const notification = shown.get(id);
    if (!notification) return;
    shown.delete(id);
    fire(notification, 'close');
  }

  function report(title, options) {
    const id = nextId++;
    send({
      kind: 'notification',
      id,
      title: text(title, 300),
      body: text(options?.body, 2000),
      tag: text(options?.tag, 100),
    });
    return id;
  }

  const ids = new WeakMap(); // notification -> our id for it, out of the page's reach

  class PageNotification extends EventTarget {
    constructor(title, options = {}) {
      super();
      this.title = String(title);
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      this.icon = options.icon ?? '';
      this.data = options.data ?? null;
      this.onclick = this.onclose = this.onshow = this.onerror = null;
      // A new notification with the tag of one still shown takes its place: the old one closes.
      if (this.tag) {
        for (const [id, other] of shown) if (other.tag === this.tag) setTimeout(() => closed(id), 0);
      }
      const id = report(title, options);
      ids.set(this, id);
      shown.set(id, this);
      if (shown.size > KEEP) shown.delete(shown.keys().next().value);
    }

    // Takes it off the desktop too; "close" fires once, after this returns.
    close() {
      const id = ids.get(this);
      if (!shown.has(id)) return;
      send({ kind: 'close', id });
      setTimeout(() => closed(id), 0);
    }

    static get permission() {
      return 'granted';
    }

    static requestPermission(callback) {
      if (typeof callback === 'function') callback('granted');
      return Promise.resolve('granted');
    }
  }
  PageNotification.maxActions = 0;
  Object.defineProperty(window, 'Notification', { value: PageNotification, writable: true, configurable: true });

  if (window.ServiceWorkerRegistration) {
    ServiceWorkerRegistration.prototype.showNotification = function showNotification(title, options) {
      report(title, options);
      return Promise.resolve();
    };
  }

  const query = navigator.permissions?.query?.bind(navigator.permissions);
  if (query) {
    navigator.permissions.query = (descriptor) =>
      descriptor?.name === 'notifications' ? Promise.resolve({ state: 'granted', onchange: null }) : query(descriptor);
  }

  // ---- badges: the Web Badging API ----

  // A page with a chat list the catalog reads (Converse sets its total here too) has its badge
  // sent after that list's next look, with it: the Unread list never has the count first.
  let lookAtList = null;
  let heldBadge = null;
  const sendBadge = (count) => send({ kind: 'badge', count: Number.isFinite(count) ? Math.max(0, Math.floor(count)) : null });
  const badge = (count) => {
    if (!lookAtList) return sendBadge(count);
    heldBadge = { count };
    lookAtList();
  };
  navigator.setAppBadge = (count) => {
    badge(count === undefined ? null : Number(count));
    return Promise.resolve();
  };
  navigator.clearAppBadge = () => {
    badge(0);
    return Promise.resolve();
  };

  // ---- badges: the counters in the page's chat list, by the catalog's rule ----

  // The number a counter shows ("3", "99+", "1,204"); 0 when it shows none.
  const counterValue = (element) => {
    const digits = (element.textContent.match(/\d[\d,. \u00a0]*/) || [''])[0].replace(/\D/g, '');
    return digits ? Math.min(Number(digits.slice(0, 6)), 999999) : 0;
  };

  // null when no counter is on the page: then the title's number stands.
  function domCount() {
    const counters = document.querySelectorAll(RULE.selector);
    if (counters.length === 0) return null;
    let sum = 0;
    for (const counter of counters) {
      if (!(RULE.skip && counter.closest(RULE.skip))) sum += counterValue(counter);
    }
    return sum;
  }

  // The attributes whose changes the watches see: the usual ones, and every attribute the
  // catalog's rules name (an unread mark may be `[data-e2e-is-unread='true']` alone).
  const WATCHED_ATTRIBUTES = [...new Set(['class', 'aria-label', 'title', 'src', 'data-peer-id',
    ...[RULE?.selector, RULE?.skip, ...Object.values(CHATS || {})].flatMap((rule) => [...String(rule ?? '').matchAll(/\[([\w-]+)/g)].map((m) => m[1])),
    ...(CHATS?.id ? [CHATS.id] : [])])];

  // Runs `look` at most every `delay` ms after the page changes, and once at the start; nothing
  // runs while the page is still. `look` returning false stops the watch (a selector this engine
  // rejects).
  // Returns what asks for a look `delay` ms from now, as a change of the page would.
  function watch(look, delay) {
    let pending = false;
    const run = () => {
      pending = false;
      let ok;
      try {
        ok = look();
      } catch (_) {
        ok = false;
      }
      if (ok === false) observer.disconnect();
    };
    const soon = () => {
      if (!pending) {
        pending = true;
        setTimeout(run, delay);
      }
    };
    const observer = new MutationObserver(soon);
    const start = () => {
      observer.observe(document.documentElement, {
        subtree: true, childList: true, characterData: true, attributes: true,
        attributeFilter: WATCHED_ATTRIBUTES,
      });
      run();
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
    else start();
    return soon;
  }

  let lastCount;
  const sendCount = (count = domCount()) => {
    if (count !== lastCount) {
      lastCount = count;
      send({ kind: 'dom_count', count });
    }
  };
  // A page whose chat list says which chats are unread sends its count from the same look, just
  // after the list: the Unread list never sees a count without its chats.
  // Whether the chat list says which chats are unread: by a counter, or a dot without a number.
  const LISTS_UNREAD = !!(CHATS?.unread || CHATS?.dot);
  if (RULE && !LISTS_UNREAD) watch(sendCount, 500);

  // ---- the icon: some pages say "unread" only there (a dot or number drawn into it) ----

  // The icon the page shows when all is read is the one it has once loaded. An icon drawn by
  // script (a data: address, as badge-drawing libraries such as Favico.js make) marks the
  // account when it looks different from that one — a badge drawn in — and not when it is the
  // same picture drawn again (their "reset"); an icon named for unread marks it too; back to
  // the usual one clears it. A change to any other icon is the page changing its usual icon.
  const UNREAD_ICON = /unread|notif|badge|alert|new[-_.]|dot/i;
  const iconNow = () => [...document.querySelectorAll('link[rel~="icon" i]')].map((link) => link.href).join(' ');

  // The icon as 8×8 pixels (coarse enough that drawing it again blurs nothing that counts), or
  // null when they can't be read (another site's image).
  async function pixels(href) {
    try {
      const image = new Image();
      image.src = href;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 8;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0, 8, 8);
      return context.getImageData(0, 0, 8, 8).data;
    } catch (_) {
      return null;
    }
  }

  // Whether an icon is the same picture as `usual` (its pixels, read once), give or take the blur
  // of drawing it again.
  async function samePicture(icon, usual) {
    const [x, y] = await Promise.all([pixels(icon), usual]);
    if (!x || !y) return false;
    let differ = 0;
    for (let i = 0; i < x.length; i += 4) {
      const distance = Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]) + Math.abs(x[i + 3] - y[i + 3]);
      if (distance > 128) differ++;
    }
    return differ <= 3; // of 64: a badge covers far more
  }

  function watchIcon() {
    let usual = iconNow();
    let usualPixels = null; // read when first compared; a page that animates its icon asks often
    let marked = false;
    let looking = 0; // the latest look wins
    const look = async () => {
      const ticket = ++looking;
      const icon = iconNow();
      let unread = false;
      if (icon !== usual) {
        if (icon.startsWith('data:')) {
          usualPixels ??= pixels(usual.split(' ')[0]);
          unread = !(await samePicture(icon.split(' ')[0], usualPixels));
        } else if (UNREAD_ICON.test(icon)) {
          unread = true;
        } else {
          usual = icon;
          usualPixels = null;
        }
      }
      if (ticket !== looking || unread === marked) return;
      marked = unread;
      send({ kind: 'favicon', unread });
    };
    new MutationObserver(look).observe(document.head || document.documentElement, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['href', 'rel'],
    });
  }
  onLoaded(() => ours() || watchIcon());

  // ---- a custom service's own name and icon, once it has loaded ----

  const ICON_BYTES = 64 * 1024;

  async function siteName() {
    const named = document.querySelector('meta[property="og:site_name"], meta[name="application-name"]')?.content;
    if (named) return named;
    const manifest = document.querySelector('link[rel="manifest"]');
    if (manifest) {
      try {
        const app = await (await fetch(manifest.href, { credentials: 'include' })).json();
        if (app.short_name || app.name) return String(app.short_name || app.name);
      } catch (_) {
        // No manifest to read: the title says it.
      }
    }
    return document.title;
  }

  // The icon the page shows, read from its own site as a small image (a data: address).
  async function siteIcon() {
    const link = document.querySelector('link[rel~="icon" i]');
    try {
      const response = await fetch(link?.href || '/favicon.ico', { credentials: 'include' });
      const image = await response.blob();
      if (!response.ok || image.size > ICON_BYTES || !image.type.startsWith('image/')) return null;
      return await new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => resolve(null);
        reader.readAsDataURL(image);
      });
    } catch (_) {
      return null;
    }
  }

  if (SITE) {
    onLoaded(async () => ours() || send({ kind: 'site', name: text(await siteName(), 200), icon: await siteIcon() }));
  }

  // ---- the chat list, by the catalog's rule: who this account talks to ----

  const BATCH = 100; // chats per event
  const MAX_ROWS = 1000; // rows read per look; a longer list is read as the user scrolls it
  const chatOf = (row, name) => (CHATS.id ? text(row.getAttribute(CHATS.id), 256).trim() : name);

  function nameOf(row) {
    const element = row.querySelector(CHATS.name);
    if (!element) return '';
    return text((element.getAttribute('title') || element.textContent).trim(), 200);
  }

  // "14:05" or "2:05 PM" is today's time; what the row shows for older chats (a weekday, a date in
  // the page's language) is left alone.
  function todayAt(shown) {
    const m = /^(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?[Mm]\.?)?$/.exec(shown);
    if (!m) return null;
    let hour = Number(m[1]) % (m[3] ? 12 : 24);
    if (m[3] && /p/i.test(m[3])) hour += 12;
    const at = new Date();
    at.setHours(hour, Number(m[2]), 0, 0);
    if (at.getTime() > Date.now() + 60000) at.setDate(at.getDate() - 1);
    return Math.floor(at.getTime() / 1000);
  }

  // ---- the chat list's unread chats, for the Unread list: the row's counter, never a muted row ----

  const MAX_UNREAD = 100; // the newest unread chats the page lists
  const rowHas = (row, selector) => !!selector && (row.matches(selector) || !!row.querySelector(selector));
  // A row's unread messages: its counters' numbers; one for a row marked unread without a number.
  const unreadIn = (row) => {
    if (rowHas(row, CHATS.muted)) return 0;
    let sum = 0;
    if (CHATS.unread) for (const counter of row.querySelectorAll(CHATS.unread)) sum += counterValue(counter);
    return sum || (rowHas(row, CHATS.dot) ? 1 : 0);
  };
  let unreadSent = null;

  // One row's unread entry (`count`: its counter), or null when it is read (or muted).
  function unreadEntry(row, chat, name, shown, at, count) {
    if (count === 0) return null;
    const preview = CHATS.preview ? text(row.querySelector(CHATS.preview)?.textContent, 200).trim() : '';
    return { chat, name, count, preview, time: CHATS.time ? shown : '', at };
  }

  if (CHATS) {
    const sent = new Map(); // chat -> what was last sent of it
    const marks = new Map(); // chat -> { shown: the row's time (or text), at: when that changed }
    let listSeen = false; // a look found rows: a row new after it is a chat active now
    // When a row first seen had its last message: the latest moment of today's minute it shows
    // (now, for this minute's); without a time rule, now for a row that came after the list was there.
    const firstAt = (shown, now) => {
      if (!CHATS.time) return listSeen ? now : null;
      const at = todayAt(shown);
      return at === null ? null : Math.min(now, at + 59);
    };
    const looking = watch(() => {
      const now = Math.floor(Date.now() / 1000);
      const changed = [];
      const unread = [];
      // The page's count is what the listed rows' counters add up to (null when no row has a
      // counter: then the title's number stands): a counter the list can't name yet (a row still
      // drawing) is not counted either, so the Unread list never has a count without its chats.
      let counted = 0;
      let counters = 0;
      const rows = document.querySelectorAll(CHATS.row);
      for (let i = 0; i < rows.length && i < MAX_ROWS; i++) {
        const row = rows[i];
        const name = nameOf(row);
        const chat = chatOf(row, name);
        if (!name || !chat) continue;
        const shown = CHATS.time ? text(row.querySelector(CHATS.time)?.textContent, 40).trim() : text(row.textContent, 2000);
        // A chat whose row changed while we watched had a message now; one seen for the first
        // time is as recent as the time its row shows, when that is today's.
        const mark = marks.get(chat);
        const changedNow = mark !== undefined && mark.shown !== shown;
        const last = mark === undefined ? todayAt(shown) : changedNow ? now : null;
        const at = mark === undefined ? firstAt(shown, now) : changedNow ? now : mark.at;
        marks.set(chat, { shown, at });
        if (LISTS_UNREAD) {
          const count = unreadIn(row);
          counted += count;
          counters += (CHATS.unread && row.querySelector(CHATS.unread)) || rowHas(row, CHATS.dot) ? 1 : 0;
          const unreadRow = unread.length < MAX_UNREAD && unreadEntry(row, chat, name, shown, at, count);
          if (unreadRow) unread.push(unreadRow);
        }
        const image = CHATS.avatar && row.querySelector(CHATS.avatar);
        const src = image?.currentSrc || image?.src || '';
        const avatar = /^https?:/.test(src) && src.length <= 2048 ? src : null;
        const entry = { chat, name, avatar };
        const key = JSON.stringify(entry);
        if (sent.get(chat) !== key || last !== null) {
          sent.set(chat, key);
          changed.push({ ...entry, last_active: last });
        }
      }
      listSeen ||= rows.length > 0;
      for (let i = 0; i < changed.length; i += BATCH) send({ kind: 'chats', chats: changed.slice(i, i + BATCH) });
      // The whole list each time it changes: a chat read in the page leaves it.
      const listed = LISTS_UNREAD ? stringify(unread) : null;
      if (listed !== null && listed !== unreadSent) {
        unreadSent = listed;
        send({ kind: 'unread_chats', chats: unread });
      }
      if (LISTS_UNREAD) sendCount(counters ? counted : null);
      if (heldBadge) {
        sendBadge(heldBadge.count);
        heldBadge = null;
      }
    }, 500);
    if (LISTS_UNREAD) lookAtList = looking;
  }

  // Opens a chat by the reference its row carries: a click on the row when it is in the list,
  // else the catalog's link on this same site. True when something was done.
  function openChat(reference) {
    if (!CHATS || typeof reference !== 'string') return false;
    for (const row of document.querySelectorAll(CHATS.row)) {
      if (chatOf(row, nameOf(row)) !== reference) continue;
      row.scrollIntoView({ block: 'nearest' });
      for (const type of ['mousedown', 'mouseup', 'click']) {
        row.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, button: 0 }));
      }
      return true;
    }
    if (!CHATS.link) return false;
    const url = new URL(CHATS.link.replace('{chat}', encodeURIComponent(reference)), location.href);
    if (url.origin !== location.origin) return false;
    location.assign(url.href);
    return true;
  }

  // ---- typing into the page's message box: a saved reply, a translated answer ----

  const typable = (el) => !!el && el.isConnected && !el.disabled && !el.readOnly &&
    (el.isContentEditable || el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && /^(text|search)$/i.test(el.type)));
  let lastBox = null; // the box the user typed in last, while the shell had the keys
  document.addEventListener('focusin', (e) => {
    if (typable(e.target)) lastBox = new WeakRef(e.target);
  }, true);

  // Puts `value` where the caret is in the message box, as typing would: the page's own editor
  // (React, Lexical, a plain field) hears the input events it listens to. Never sends. True when
  // there was a box to put it in.
  function insertText(value) {
    if (typeof value !== 'string') return false;
    const box = typable(document.activeElement) ? document.activeElement : lastBox?.deref();
    if (!typable(box)) return false;
    box.focus();
    // The caret where the user left it in the box; when the selection is elsewhere (text they
    // selected to translate), at the end of what the box holds.
    const selection = getSelection();
    const inBox = selection.rangeCount > 0 && box.contains(selection.getRangeAt(0).commonAncestorContainer);
    if (box.isContentEditable && !inBox) {
      const range = document.createRange();
      range.selectNodeContents(box);
      range.collapse(false);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (document.execCommand('insertText', false, value)) return true;
    if (box.isContentEditable) return false;
    // A field the engine would not type into: its value set as the browser sets it, then told.
    const { selectionStart: from = box.value.length, selectionEnd: to = box.value.length } = box;
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), 'value').set;
    setter.call(box, box.value.slice(0, from) + value + box.value.slice(to));
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
    return true;
  }

  // The name of the chat open now, where the page shows it (the catalog's rule); null if not.
  function openChatName() {
    const shown = CHATS?.open && document.querySelector(CHATS.open);
    return shown ? text(shown.textContent.trim(), 200) || null : null;
  }

  // The user sending a message, for the statistics (which chat was answered, never what): Enter
  // in a message box that held text, or a click on a button while the box held some, after which
  // the box is empty and the same chat still open (another chat's empty draft is no message).
  // Only the user's own keys and clicks count (a page's scripted ones are not trusted).
  const boxText = (box) => (box.isContentEditable ? box.textContent : box.value) ?? '';
  function sentFrom(box) {
    if (!typable(box) || !boxText(box).trim()) return;
    const chat = openChatName();
    setTimeout(() => {
      if (!boxText(box).trim() && openChatName() === chat) send({ kind: 'sent', chat });
    }, 400);
  }
  document.addEventListener('keydown', (e) => {
    if (e.isTrusted && e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) sentFrom(document.activeElement);
  }, true);
  document.addEventListener('click', (e) => {
    if (e.isTrusted && e.target instanceof Element && e.target.closest('button, [role="button"]')) sentFrom(lastBox?.deref());
  }, true);

  // Switchboard calls this when the user clicks the OS notification.
  Object.defineProperty(window, '__switchboard', {
    value: Object.freeze({
      click(id) {
        const notification = shown.get(id);
        if (notification) fire(notification, 'click', true);
      },
      closed,
      open: openChat,
      insert: insertText,
      chatName: openChatName,
    }),
  });
})();
