// Translation: Ctrl+Shift+T translates what is selected in the page on screen (or a
// notification's text, from the history) in a panel beside the page; an answer written in the
// user's language goes back translated into the chat's, into the page's message box. Nothing is
// sent before the user has picked a provider, and the panel says where text goes.
import { t, describe, languageName as nameOf } from './i18n.js';
import { element } from './dom.js';
import { CUSTOMER_LANGUAGES, cardInput } from './logic.js';

export function setupTranslate(ui) {
  const { $ } = ui;
  let settings = null;
  let theirs = null; // the language of what was read last: the answer goes back in it
  let person = null; // the person in the chat on screen, if the contacts know them

  function fillLanguages(select, codes, chosen) {
    select.replaceChildren(...codes.map((code) => {
      const option = element('option', '', code === 'auto' ? t('translate.auto') : nameOf(code));
      option.value = code;
      option.translate = code === 'auto'; // the browser names the languages in the user's own
      return option;
    }));
    select.value = chosen;
  }

  async function load() {
    settings = await ui.call('translation');
    const chosen = Boolean(settings.provider);
    $('translate-setup').hidden = chosen;
    $('translate-work').hidden = !chosen;
    if (!chosen) return false;
    fillLanguages($('translate-from'), ['auto', ...CUSTOMER_LANGUAGES], settings.from);
    fillLanguages($('translate-to'), CUSTOMER_LANGUAGES.includes(settings.into) ? CUSTOMER_LANGUAGES : [settings.into, ...CUSTOMER_LANGUAGES], settings.into);
    $('translate-where').textContent = t('translate.where', { server: settings.destination ?? '?' });
    labelAnswer(); // in the language spoken now (the panel is made before the messages are read)
    return true;
  }

  // Opens the panel on `text` (the page's selection when none is given). Text that came from
  // outside the panel is shown first and sent only when the user says so (Enter or Translate):
  // a page can select what it likes.
  async function open(text = null) {
    if (ui.view().locked) return;
    const source = text ?? await ui.invoke('page_selection').catch(() => '');
    ui.setStage('translate');
    clear();
    $('translate-source').value = source;
    // The person in the chat on screen: the answer goes into the language their card says.
    person = await ui.invoke('card_on_screen', { make: false }).catch(() => null);
    if (person?.language) theirs = person.language;
    if (!(await load())) {
      $('translate-setup-open').focus();
      return;
    }
    if (!source.trim()) {
      $('translate-source').focus();
      return;
    }
    $('translate-status').textContent = t('translate.review', { server: settings.destination ?? '?' });
    $('translate-go').focus();
  }

  function clear() {
    $('translate-result').textContent = '';
    $('translate-error').textContent = '';
    $('translate-status').textContent = '';
    $('translate-answer-error').textContent = '';
  }

  // What was read, into the user's language.
  async function translate() {
    clear();
    $('translate-status').textContent = t('translate.working', { server: settings.destination ?? '' });
    $('translate-go').disabled = true;
    try {
      await saveLanguages();
      const done = await ui.invoke('translate_text', { text: $('translate-source').value, to: null });
      theirs = done.detected ?? (settings.from !== 'auto' ? settings.from : null) ?? person?.language ?? null;
      // What they write tells their language: their card keeps it (made now for a chat that had
      // none), unless it says one already.
      if (done.detected && !person?.language) {
        const card = person ?? await ui.invoke('card_on_screen', { make: true }).catch(() => null);
        if (card) person = await ui.invoke('save_person', { card: cardInput({ ...card, language: done.detected }) }).catch(() => card);
      }
      $('translate-result').textContent = done.text;
      $('translate-status').textContent = theirs
        ? t('translate.done_from', { language: nameOf(theirs), server: done.destination })
        : t('translate.done', { server: done.destination });
      labelAnswer();
    } catch (err) {
      $('translate-status').textContent = '';
      $('translate-error').textContent = describe(err);
    } finally {
      $('translate-go').disabled = false;
    }
  }

  function labelAnswer() {
    $('translate-answer-go').textContent = theirs ? t('translate.answer_into', { language: nameOf(theirs) }) : t('translate.answer_unknown');
    $('translate-answer-go').disabled = !theirs;
  }

  // The languages picked in the panel are the user's choice from now on.
  async function saveLanguages() {
    const from = $('translate-from').value;
    const to = $('translate-to').value;
    if (from === settings.from && to === settings.into) return;
    settings = { ...settings, from, to };
    await ui.invoke('set_translation', { settings: { provider: settings.provider, server: settings.server ?? '', from, to }, key: null });
    settings.into = to;
  }

  // The user's answer, into the chat's language, into the page's message box (not sent).
  async function answer() {
    $('translate-answer-error').textContent = '';
    try {
      const done = await ui.invoke('translate_text', { text: $('translate-answer').value, to: theirs });
      await ui.invoke('insert_text', { text: done.text });
      $('translate-answer').value = '';
      ui.flash(t('translate.inserted', { language: nameOf(done.to) }));
    } catch (err) {
      $('translate-answer-error').textContent = describe(err);
    }
  }

  // ---- the settings dialog ----

  async function openSettings() {
    const current = await ui.call('translation');
    ui.setStage('translation-settings');
    $('translation-provider').value = current.provider ?? '';
    $('translation-server').value = current.server ?? '';
    $('translation-key').value = '';
    $('translation-key').placeholder = current.has_key ? t('translate.key.saved') : '';
    $('translation-error').textContent = '';
    showProvider();
    $('translation-provider').focus();
  }

  function showProvider() {
    const provider = $('translation-provider').value;
    $('translation-server-row').hidden = provider !== 'libretranslate';
    $('translation-server').required = provider === 'libretranslate';
    $('translation-key-row').hidden = !provider;
    $('translation-key-hint').textContent = provider === 'deepl' ? t('translate.key.deepl') : t('translate.key.libretranslate');
  }

  $('translation-provider').addEventListener('change', showProvider);
  $('translation-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const current = await ui.call('translation');
    const provider = $('translation-provider').value || null;
    const key = $('translation-key').value;
    try {
      await ui.invoke('set_translation', {
        settings: { provider, server: $('translation-server').value, from: current.from, to: current.to ?? null },
        key: key ? key : null,
      });
      $('translation-key').value = '';
      const saved = await ui.call('translation');
      ui.flash(provider ? t('translate.saved', { server: saved.destination ?? '' }) : t('translate.off'));
      await open($('translate-source').value);
    } catch (err) {
      $('translation-error').textContent = describe(err);
    }
  });
  $('translation-key-remove').addEventListener('click', async () => {
    const current = await ui.call('translation');
    try {
      await ui.invoke('set_translation', { settings: { provider: current.provider, server: current.server ?? '', from: current.from, to: current.to ?? null }, key: '' });
      $('translation-key').placeholder = '';
      ui.flash(t('translate.key.removed'));
    } catch (err) {
      $('translation-error').textContent = describe(err);
    }
  });

  $('translate-go').addEventListener('click', translate);
  $('translate-source').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) translate();
  });
  $('translate-answer-go').addEventListener('click', answer);
  $('translate-setup-open').addEventListener('click', openSettings);
  $('translation-open').addEventListener('click', openSettings);
  $('translate-settings').addEventListener('click', openSettings);
  // Always the selection now: a new one is translated even with the panel open.
  ui.declare('translate', 'translate-panel', { panel: true, open: () => open() });
  ui.declare('translation-settings', 'translation-dialog');
  ui.translate = open;
}
