// Do not disturb: on now, or every day between two times; the sidebar's moon shows it.
import { minutesToTime } from './logic.js';
import { t, describe } from './i18n.js';

export function setupDnd(ui) {
  const { $ } = ui;
  ui.declare('dnd', 'dnd-dialog');
  $('dnd').addEventListener('click', () => {
    const { on, schedule } = ui.view().dnd;
    $('dnd-on').checked = on;
    $('dnd-scheduled').checked = Boolean(schedule);
    if (schedule) [$('dnd-from').value, $('dnd-to').value] = schedule.map(minutesToTime);
    $('dnd-error').textContent = '';
    ui.setStage('dnd');
    $('dnd-on').focus();
  });

  $('dnd-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const scheduled = $('dnd-scheduled').checked;
    try {
      await ui.invoke('set_dnd', {
        on: $('dnd-on').checked,
        from: scheduled ? $('dnd-from').value : null,
        to: scheduled ? $('dnd-to').value : null,
      });
      ui.setStage(null);
    } catch (err) {
      $('dnd-error').textContent = describe(err);
    }
  });

  return {
    workspaceChanged() {
      const { quiet } = ui.view();
      $('dnd').setAttribute('aria-pressed', String(quiet));
      $('dnd').title = t(quiet ? 'sidebar.dnd.on' : 'sidebar.dnd');
    },
  };
}
