/**
 * The tabs of a response. Tabs are buttons, so Tab, Enter and Space work as everywhere; Left/Right/Home/End
 * also move between them. A panel is drawn the first time it is shown, so an unopened body costs nothing.
 */
import type { ResponseModel } from '../contract/response';
import { button, h, pairTable } from './dom';
import type { RenderHost } from './host';
import { renderAssertions } from './renderAssertions';
import { renderBody } from './renderBody';
import { renderRequest } from './renderRequest';
import { renderSequence } from './renderSequence';
import { defaultSection, sectionsFor, type SectionId } from './sections';

export function renderSections(model: ResponseModel, host: RenderHost): HTMLElement {
  // Each output has its own shadow root, so fixed ids cannot clash with another output's.
  const prefix = 'akk';
  const draw: Record<SectionId, () => HTMLElement> = {
    body: () => renderBody(model, host),
    headers: () => pairTable(model.headers, 'headers-table', 'No headers'),
    request: () => renderRequest(model.request, host),
    assertions: () => renderAssertions(model.assertions),
    sequence: () => (model.sequence ? renderSequence(model.sequence) : h('p', { class: 'muted' }, 'One request.')),
  };
  const tabs = sectionsFor(model);
  const tablist = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Response sections' } });
  const panels = h('div', { class: 'panels' });
  const entries = tabs.map((tab) => {
    const panel = h('div', {
      class: 'panel',
      testid: `panel-${tab.id}`,
      attrs: { role: 'tabpanel', id: `${prefix}-panel-${tab.id}`, 'aria-labelledby': `${prefix}-tab-${tab.id}` },
    });
    panel.hidden = true;
    const el = button(
      [
        tab.label,
        tab.badge
          ? h(
              'span',
              { class: `badge ${tab.tone ? `tone-${tab.tone === 'failed' ? 'error' : 'success'}` : ''}` },
              tab.badge,
            )
          : null,
      ],
      () => select(tab.id),
      {
        class: 'tab',
        testid: `tab-${tab.id}`,
        attrs: { role: 'tab', id: `${prefix}-tab-${tab.id}`, 'aria-controls': `${prefix}-panel-${tab.id}` },
      },
    );
    tablist.append(el);
    panels.append(panel);
    return { id: tab.id, el, panel, drawn: false };
  });

  const select = (id: SectionId): void => {
    for (const e of entries) {
      const on = e.id === id;
      e.el.setAttribute('aria-selected', String(on));
      e.el.classList.toggle('selected', on);
      e.panel.hidden = !on;
      if (on && !e.drawn) {
        e.drawn = true;
        e.panel.append(draw[e.id]());
      }
    }
  };

  tablist.addEventListener('keydown', (event) => {
    const i = entries.findIndex((e) => e.el === event.target);
    if (i < 0) return;
    const n = entries.length;
    const to =
      event.key === 'ArrowRight'
        ? (i + 1) % n
        : event.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    event.preventDefault();
    entries[to].el.focus();
    select(entries[to].id);
  });

  select(defaultSection(model));
  return h('div', { class: 'sections' }, tablist, panels);
}
