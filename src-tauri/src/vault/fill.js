// Fills one account's saved login into the login form of its own page, once, when the user asks.
// Evaluated in the page (in a script world of Switchboard's own where the engine has one); the
// result says what happened. The page's address is checked here again (the shell checked what
// the engine said before sending): a redirect in between must not get the secret. The check
// calls nothing a page script could replace: Location's members can't be redefined, and the
// strings are compared character by character, without String or Array methods.
(() => {
  const login = null; // filled in by Rust: { user, secret, exact, under, origin }
  const here = window.location;
  const host = here.hostname;
  const endsWithDomain = (domain) => {
    const cut = host.length - domain.length;
    if (cut < 2 || host[cut - 1] !== '.') return false;
    for (let i = 0; i < domain.length; i += 1) {
      if (host[cut + i] !== domain[i]) return false;
    }
    return true;
  };
  let own = false;
  if (here.protocol === 'https:') {
    for (let i = 0; i < login.exact.length; i += 1) own = own || host === login.exact[i];
    for (let i = 0; i < login.under.length; i += 1) own = own || endsWithDomain(login.under[i]);
  }
  if (!own && here.origin !== login.origin) return 'elsewhere';

  const usable = (el) => el.getClientRects().length > 0 && !el.disabled && !el.readOnly;
  const password = [...document.querySelectorAll('input[type=password]')].find(usable);
  const scope = password?.form ?? document;
  const texts = [...scope.querySelectorAll('input:not([type]), input[type=text], input[type=email], input[type=tel]')]
    .filter(usable);
  // The field the page marks as the user name, else the last text field before the password.
  const before = (el) => !password || el.compareDocumentPosition(password) & Node.DOCUMENT_POSITION_FOLLOWING;
  const user = texts.find((el) => /username|email/.test(el.autocomplete)) ?? texts.filter(before).pop();

  // Through the native setter and with the events a typing user causes, so that pages built on
  // frameworks that track input values (React and the like) see the change.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const put = (el, value) => {
    el.focus();
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  if (password) {
    if (user && login.user) put(user, login.user);
    put(password, login.secret);
    return 'filled';
  }
  // Two-step sign-ins ask for the user name first and the password on the next page.
  if (user && login.user) {
    put(user, login.user);
    return 'user-only';
  }
  return 'no-form';
})()
