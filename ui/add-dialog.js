// The add-service dialog: a searchable list of the catalog's services (and a custom address),
// then the new account's name.
import { filterCatalog, suggestLabel } from './logic.js';
import { element, iconFor } from './dom.js';
import { t, describe } from './i18n.js';

export function setupAddDialog(ui) {
  const { $ } = ui;
  ui.declare('add', 'add-dialog');
  let catalog = [];
  let chosen = null;
  let highlighted = 0;

  // The catalog is asked for once the sidebar is drawn (`loadCatalog` below), so the dialog opens
  // at once, whole: a list that grew under the pointer after it opened could take a click meant
  // for the search field.
  let catalogLoaded = null;
  const loadCatalog = () => {
    catalogLoaded ??= ui.call('catalog').then((services) => { catalog = services; });
    return catalogLoaded;
  };

  async function openAddDialog() {
    await loadCatalog();
    chosen = null;
    $('pick').hidden = false;
    $('details').hidden = true;
    $('search').value = '';
    renderCatalog();
    ui.setStage('add');
    $('search').focus();
  }

  const custom = () => ({ id: 'custom', name: t('add.custom'), monogram: '+', color: '#5c6370' });

  function renderCatalog() {
    const found = [...filterCatalog(catalog, $('search').value), custom()];
    highlighted = Math.min(highlighted, found.length - 1);
    const list = $('catalog');
    list.replaceChildren();
    found.forEach((service, i) => {
      const item = element('li');
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(i === highlighted));
      item.dataset.id = service.id;
      item.append(iconFor(service.monogram, service.color), element('span', '', service.name));
      item.addEventListener('click', () => choose(service));
      list.append(item);
    });
    list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    return found;
  }

  function choose(service) {
    chosen = service;
    $('chosen-icon').replaceWith(Object.assign(iconFor(service.monogram, service.color), { id: 'chosen-icon' }));
    $('chosen-name').textContent = service.name;
    const custom = service.id === 'custom';
    $('url-row').hidden = !custom;
    $('url').required = custom;
    $('url').value = '';
    $('label').value = custom ? '' : suggestLabel(service.name, ui.view().accounts);
    $('add-error').textContent = '';
    $('pick').hidden = true;
    $('details').hidden = false;
    (custom ? $('url') : $('label')).focus();
  }

  $('search').addEventListener('input', () => {
    highlighted = 0;
    renderCatalog();
  });

  $('search').addEventListener('keydown', (e) => {
    const found = renderCatalog();
    if (e.key === 'ArrowDown') highlighted = Math.min(highlighted + 1, found.length - 1);
    else if (e.key === 'ArrowUp') highlighted = Math.max(highlighted - 1, 0);
    else if (e.key === 'Enter') return choose(found[highlighted]);
    else return;
    e.preventDefault();
    renderCatalog();
  });

  $('back').addEventListener('click', () => {
    $('details').hidden = true;
    $('pick').hidden = false;
    $('search').focus();
  });

  $('details').addEventListener('submit', async (e) => {
    e.preventDefault();
    const args = { service: chosen.id, label: $('label').value, url: chosen.id === 'custom' ? $('url').value : null };
    $('add-confirm').disabled = true;
    try {
      await ui.invoke('add_account', args);
      ui.setStage(null);
    } catch (err) {
      $('add-error').textContent = describe(err);
    } finally {
      $('add-confirm').disabled = false;
    }
  });

  for (const button of document.querySelectorAll('#add, #welcome-add')) button.addEventListener('click', openAddDialog);

  ui.loadCatalog = loadCatalog;
  ui.serviceName = (id) => catalog.find((s) => s.id === id)?.name ?? id;
  /** The dialog opened at the details of a new account of this service. */
  ui.addService = async (id) => {
    await openAddDialog();
    const service = catalog.find((s) => s.id === id);
    if (service) choose(service);
  };
  return {
    // Services go by their own names in some languages: asked for again.
    languageChanged() {
      catalogLoaded = null;
      if (catalog.length) loadCatalog();
    },
  };
}
