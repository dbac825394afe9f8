// Saved replies: a palette over the page on screen (Ctrl+Shift+S) that puts a reply into its
// message box — never sends — and the dialog where they are written, exported and imported.
import { matchingReplies, withReply } from './logic.js';
import { t, describe } from './i18n.js';
import { chooser, element } from './dom.js';

/** A reply as a list shows it: its name, its language, the start of its text. */
function replyRow(reply) {
  const li = element('li', 'reply');
  const head = element('span', 'head');
  const name = element('strong', '', reply.name);
  name.dir = 'auto';
  head.append(name);
  if (reply.lang) head.append(Object.assign(element('span', 'tag', reply.lang), { translate: false }));
  const text = element('span', 'text', reply.text);
  text.dir = 'auto';
  li.append(head, text);
  return li;
}

export function setupReplies(ui) {
  const { $ } = ui;
  let replies = [];
  let shown = [];
  const list = chooser($('replies-input'), $('replies-list'), { prefix: 'reply', choose: insert });

  async function load() {
    replies = await ui.call('replies');
  }

  // ---- the palette ----

  async function open() {
    if (ui.view().locked) return;
    ui.setStage('replies');
    $('replies-error').textContent = '';
    $('replies-input').value = '';
    $('replies-input').focus();
    await load();
    filter();
  }

  function filter() {
    shown = matchingReplies(replies, $('replies-input').value);
    list.show(shown, replyRow);
    $('replies-empty').textContent = replies.length ? t('replies.nothing') : t('replies.none_yet');
    $('replies-empty').hidden = shown.length > 0;
  }

  async function insert(index) {
    const reply = shown[index];
    if (!reply) return;
    try {
      await ui.invoke('insert_reply', { name: reply.name });
      ui.setStage(null);
    } catch (err) {
      $('replies-error').textContent = describe(err);
    }
  }

  $('replies-input').addEventListener('input', filter);
  ui.declare('replies', 'replies-palette', { panel: true, open: () => (ui.stage() === 'replies' && document.hasFocus() ? ui.setStage(null) : open()) });
  ui.declare('replies-edit', 'replies-dialog');

  // ---- the dialog: writing them ----

  let editing = null; // the name of the reply in the form, or null for a new one

  async function edit() {
    await load();
    ui.setStage('replies-edit');
    drawRows();
    fill(null);
  }

  function drawRows() {
    $('replies-rows').replaceChildren(...replies.map((reply) => {
      const li = replyRow(reply);
      const change = element('button', 'link', t('replies.change'));
      change.type = 'button';
      change.addEventListener('click', () => fill(reply));
      const remove = element('button', 'link danger', t('replies.delete'));
      remove.type = 'button';
      remove.addEventListener('click', () => save(replies.filter((r) => r !== reply), t('replies.deleted', { name: reply.name })));
      li.querySelector('.head').append(change, remove);
      return li;
    }));
    $('replies-rows-empty').hidden = replies.length > 0;
  }

  function fill(reply) {
    editing = reply?.name ?? null;
    $('reply-name').value = reply?.name ?? '';
    $('reply-lang').value = reply?.lang ?? '';
    $('reply-text').value = reply?.text ?? '';
    $('reply-error').textContent = '';
    $('reply-name').focus();
  }

  async function save(list, done) {
    try {
      await ui.invoke('set_replies', { replies: list });
    } catch (err) {
      $('reply-error').textContent = describe(err);
      return false;
    }
    replies = await ui.call('replies');
    drawRows();
    ui.flash(done);
    return true;
  }

  $('reply-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const reply = { name: $('reply-name').value, text: $('reply-text').value, lang: $('reply-lang').value || null };
    if (await save(withReply(replies, editing, reply), t('replies.saved', { name: reply.name.trim() }))) fill(null);
  });
  $('reply-new').addEventListener('click', () => fill(null));
  $('replies-export').addEventListener('click', async () => {
    try {
      ui.flash(t('replies.exported', { path: await ui.invoke('export_replies') }));
    } catch (err) {
      $('replies-import-error').textContent = describe(err);
    }
  });
  $('replies-import-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const done = await ui.invoke('import_replies', { path: $('replies-import-path').value });
      $('replies-import-error').textContent = '';
      await load();
      drawRows();
      ui.flash(t('replies.imported', done));
    } catch (err) {
      $('replies-import-error').textContent = describe(err);
    }
  });
  $('replies-manage').addEventListener('click', edit);
  $('replies-open').addEventListener('click', edit);
  return { open };
}
