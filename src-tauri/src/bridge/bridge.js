// Switchboard's bridge, injected into every service page before its own scripts.
// It reports notifications and unread badges to Switchboard through one command, page_event,
// and never reads anything it does not need. Event-driven: no timers that repeat.
(() => {
  'use strict';
  if (window.__switchboard || window.top !== window) return;

  // The service's DOM unread rule from the catalog ({selector, skip}), filled in by Switchboard.
  const RULE = null;

  const ipc = window.__TAURI_INTERNALS__;
  const send = (event) => {
    try {
      ipc.invoke('page_event', { event }).catch(() => {});
    } catch (_) {
      // The page replaced what we need; it only loses its own notifications.
    }
  };
  const text = (value, max) => String(value ?? '').slice(0, max);

  // ---- notifications: the page believes it may notify, and we carry them ----

  const KEEP = 100; // recent notifications whose click handlers we can still call
  const shown = new Map();
  let nextId = 1;

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

  class PageNotification extends EventTarget {
    constructor(title, options = {}) {
      super();
      this.title = String(title);
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      this.icon = options.icon ?? '';
      this.data = options.data ?? null;
      this.onclick = this.onclose = this.onshow = this.onerror = null;
      const id = report(title, options);
      shown.set(id, this);
      if (shown.size > KEEP) shown.delete(shown.keys().next().value);
    }

    close() {}

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

  const badge = (count) => send({ kind: 'badge', count: Number.isFinite(count) ? Math.max(0, Math.floor(count)) : null });
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

  // Recounts at most every RECOUNT_MS after the page changes; nothing runs while it is still.
  const RECOUNT_MS = 500;
  function watchCounters() {
    let last;
    let pending = false;
    const recount = () => {
      pending = false;
      let count;
      try {
        count = domCount();
      } catch (_) {
        observer.disconnect(); // a selector this engine rejects: the title's count stands
        return;
      }
      if (count !== last) {
        last = count;
        send({ kind: 'dom_count', count });
      }
    };
    const observer = new MutationObserver(() => {
      if (!pending) {
        pending = true;
        setTimeout(recount, RECOUNT_MS);
      }
    });
    observer.observe(document.documentElement, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'aria-label'],
    });
    recount();
  }
  if (RULE) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watchCounters, { once: true });
    else watchCounters();
  }

  // Switchboard calls this when the user clicks the OS notification.
  Object.defineProperty(window, '__switchboard', {
    value: Object.freeze({
      click(id) {
        const notification = shown.get(id);
        if (!notification) return;
        const event = new Event('click', { cancelable: true });
        if (typeof notification.onclick === 'function') notification.onclick.call(notification, event);
        notification.dispatchEvent(event);
      },
    }),
  });
})();
