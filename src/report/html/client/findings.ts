/** The findings table, with filters by level, rule, state and text. */
import { clear, count, h } from './dom.js';
import type { Selection } from './state.js';
import type { PageData, PageFinding } from './types.js';

const LEVELS = ['error', 'warning', 'note'] as const;
const PAGE = 500;

export function findingsSection(data: PageData, sel: Selection | undefined): HTMLElement {
  const levels = new Set<string>(LEVELS);
  let rule = '';
  let text = '';
  let showSuppressed = false;
  let shown = PAGE;
  const status = h('span', { class: 'count' });
  const tbody = h('tbody', {});
  const more = h('button', { type: 'button', hidden: true, onclick: () => ((shown += PAGE), render()) }, 'show more');

  const ids = [...new Set(data.findings.map((f) => f.id))].sort();
  const ruleSelect = h(
    'select',
    { 'aria-label': 'rule', onchange: (e: Event) => ((rule = (e.target as HTMLSelectElement).value), (shown = PAGE), render()) },
    h('option', { value: '' }, `all rules (${ids.length})`),
    ...ids.map((id) => h('option', { value: id }, `${id} ${data.rules[id]?.name ?? ''} (${data.findings.filter((f) => f.id === id).length})`)),
  );
  const levelBoxes = LEVELS.map((l) =>
    h(
      'label',
      { class: `lvl lvl-${l}` },
      h('input', {
        type: 'checkbox',
        checked: true,
        'data-level': l,
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) levels.add(l);
          else levels.delete(l);
          shown = PAGE;
          render();
        },
      }),
      ` ${l} (${data.findings.filter((f) => f.level === l && f.state !== 'suppressed').length})`,
    ),
  );
  const suppressedBox = data.summary.suppressed
    ? h(
        'label',
        {},
        h('input', { type: 'checkbox', onchange: (e: Event) => ((showSuppressed = (e.target as HTMLInputElement).checked), render()) }),
        ` suppressed (${data.summary.suppressed})`,
      )
    : null;
  const search = h('input', { type: 'search', placeholder: 'filter text…', 'aria-label': 'filter findings', oninput: (e: Event) => ((text = (e.target as HTMLInputElement).value.toLowerCase()), (shown = PAGE), render()) });

  function visible(f: PageFinding): boolean {
    if (!levels.has(f.level)) return false;
    if (rule && f.id !== rule) return false;
    if (f.state === 'suppressed' && !showSuppressed) return false;
    if (text && !`${f.id} ${data.rules[f.id]?.name ?? ''} ${f.message} ${f.where}`.toLowerCase().includes(text)) return false;
    return true;
  }

  function render(): void {
    clear(tbody);
    const list = data.findings.filter(visible);
    for (const f of list.slice(0, shown)) {
      const r = data.rules[f.id];
      tbody.appendChild(
        h(
          'tr',
          { class: `finding lvl-${f.level}${f.state ? ` state-${f.state}` : ''}`, 'data-rule': f.id, 'data-level': f.level },
          h('td', {}, h('span', { class: `level ${f.level}` }, f.level), f.state ? h('span', { class: `state ${f.state}` }, f.state === 'unchanged' ? (data.command === 'diff' ? 'in A' : 'in baseline') : f.state) : null),
          h('td', { class: 'rule' }, r ? h('a', { href: r.help, target: '_blank', rel: 'noopener noreferrer', title: r.description }, f.id) : f.id, h('div', { class: 'dim-text' }, r?.name ?? '')),
          h('td', {}, f.message, f.fix ? h('div', { class: 'fix' }, f.fix) : null),
          h(
            'td',
            { class: 'where', title: f.detail },
            f.where,
            f.layer !== undefined && sel ? h('div', {}, h('button', { type: 'button', class: 'link', onclick: () => sel.set(f.layer!) }, `show layer ${f.layer}`)) : null,
          ),
        ),
      );
    }
    status.textContent = `${count(Math.min(list.length, shown))} of ${count(list.length)} shown · ${count(data.findings.length)} in all`;
    more.hidden = list.length <= shown;
  }

  render();
  return h(
    'section',
    { id: 'findings' },
    h('h2', {}, 'Findings'),
    data.findings.length === 0
      ? h('p', { class: 'empty' }, 'No findings.')
      : h(
          'div',
          {},
          h('div', { class: 'controls' }, ...levelBoxes, suppressedBox, ruleSelect, search, h('span', { class: 'spacer' }), status),
          h('table', { class: 'findings' }, h('thead', {}, h('tr', {}, h('th', {}, 'level'), h('th', {}, 'rule'), h('th', {}, 'message'), h('th', {}, 'where'))), tbody),
          more,
        ),
  );
}
