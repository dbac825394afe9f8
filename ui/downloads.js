// Files pages want to save. A file the user started in a page is asked about here (which
// account, which file) unless that account saves without asking; the Downloads panel lists them
// with Open, Show in folder and Remove, and where they go.

import { asker, element } from './dom.js';
import { fileSize } from './logic.js';
import { t, currentLanguage } from './i18n.js';

const size = (bytes) => (bytes == null ? '' : fileSize(bytes, currentLanguage()));

export function setupDownloads(ui) {
  const { $ } = ui;
  const answered = new Set(); // never asked twice, whatever order the updates come in
  let downloads = [];
  ui.declare('download', 'download-dialog');
  ui.declare('downloads', 'downloads-dialog');

  const label = (id) => ui.view().accounts.find((a) => a.id === id)?.label ?? '?';

  const question = asker(ui, {
    stage: 'download',
    next: () => (ui.view().locked ? null : downloads.find((d) => d.state === 'asking' && !answered.has(d.id))),
    show(item) {
      $('download-title').textContent = t('download.title', { file: item.file, label: label(item.account) });
      $('download-site').textContent = new URL(item.url, location.href).host || item.url.slice(0, 60);
      $('download-folder').textContent = ui.view().download_dir;
      $('download-always').checked = false;
    },
    answer(item, save) {
      answered.add(item.id);
      return ui.call('answer_download', { id: item.id, save, always: save && $('download-always').checked });
    },
    yes: $('download-save'),
    no: $('download-refuse'),
    focus: $('download-save'),
  });

  function workspaceChanged() {
    const view = ui.view();
    downloads = view.downloads;
    question.update();
    $('downloads-open').hidden = view.downloads.length === 0;
    $('downloads-open').title = t('downloads.count', { count: view.downloads.length });
    if (ui.stage() === 'downloads') render();
  }

  async function open() {
    const view = await ui.call('workspace'); // as it is now, not as the last update said
    downloads = view.downloads;
    $('downloads-dir').value = view.download_dir;
    render();
    ui.setStage('downloads');
  }
  $('downloads-open').addEventListener('click', open);

  $('downloads-dir-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    await ui.call('set_download_dir', { dir: $('downloads-dir').value });
    ui.flash(t('downloads.saved_to', { folder: ui.view().download_dir }));
  });

  function button(text, action) {
    const b = element('button', '', text);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  }

  function render() {
    const rows = $('downloads-rows');
    rows.replaceChildren();
    for (const item of [...downloads].reverse()) {
      const row = element('li');
      row.dataset.state = item.state;
      const what = element('span', 'what');
      what.append(element('strong', '', item.file), element('small', '', `${label(item.account)} · ${t(`downloads.state.${item.state}`)} ${size(item.bytes)}`));
      row.append(what);
      if (item.state === 'done') {
        row.append(button(t('downloads.open'), () => ui.call('open_download', { id: item.id, folder: false })),
          button(t('downloads.show'), () => ui.call('open_download', { id: item.id, folder: true })));
      }
      if (item.state !== 'saving' && item.state !== 'asking') {
        row.append(button(t('login.remove'), () => ui.call('forget_download', { id: item.id })));
      }
      rows.append(row);
    }
    $('downloads-empty').hidden = rows.children.length > 0;
  }

  return { workspaceChanged };
}
