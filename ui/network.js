// An account's proxy and browser: none (the system's settings), HTTP or SOCKS5 with host, port and
// an optional user (the password goes to the keychain), a Test that says in words whether the
// proxy answers and reaches the account's site, and the browser its pages are told they run in.
import { t, describe } from './i18n.js';

export function setupNetwork(ui) {
  const { $ } = ui;
  let account = null;
  ui.declare('network', 'network-dialog');

  /** The proxy as the form has it, or null for none. */
  function proxyForm() {
    const kind = $('network-kind').value;
    return kind ? { kind, host: $('network-host').value, port: Number($('network-port').value) || 0, user: $('network-user').value } : null;
  }

  function showKind() {
    $('network-proxy-fields').hidden = !$('network-kind').value;
    $('network-tested').textContent = '';
  }

  async function open(chosen) {
    account = chosen;
    $('network-title').textContent = t('network.title', { label: account.label });
    $('network-error').textContent = '';
    $('network-tested').textContent = '';
    const network = await ui.call('account_network', { id: account.id });
    const proxy = network.proxy;
    $('network-kind').value = proxy?.kind ?? '';
    $('network-host').value = proxy?.host ?? '';
    $('network-port').value = proxy?.port ?? '';
    $('network-user').value = proxy?.user ?? '';
    $('network-password').value = '';
    $('network-password').placeholder = network.password_saved ? t('network.password_saved') : '';
    const agent = network.default_user_agent ?? '';
    $('network-agent').placeholder = agent || t('network.user_agent.engine');
    $('network-agent').translate = !agent; // a browser's own name, not words to translate
    $('network-agent').value = network.user_agent ?? '';
    $('network-proxy-moves').hidden = network.proxy_keeps_sign_in;
    showKind();
    ui.setStage('network');
    $('network-kind').focus();
  }

  $('network-kind').addEventListener('change', showKind);
  $('network-agent-reset').addEventListener('click', () => { $('network-agent').value = ''; });

  $('network-test').addEventListener('click', async () => {
    const tested = $('network-tested');
    tested.className = '';
    tested.textContent = t('network.testing');
    try {
      const answer = await ui.invoke('test_proxy', { id: account.id, proxy: proxyForm(), password: $('network-password').value || null });
      tested.className = answer.code === 'proxy.test.reached' ? 'good' : 'bad';
      tested.textContent = describe(answer);
    } catch (err) {
      tested.className = 'bad';
      tested.textContent = describe(err);
    }
  });

  $('network-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const password = $('network-password').value;
    try {
      await ui.invoke('set_account_network', {
        id: account.id, proxy: proxyForm(), password: password || null, userAgent: $('network-agent').value || null,
      });
      $('network-password').value = '';
      ui.setStage(null);
      ui.flash(t('network.saved', { label: account.label }));
    } catch (err) {
      $('network-error').textContent = describe(err);
    }
  });

  ui.openNetwork = open;
}
