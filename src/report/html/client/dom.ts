/** A few DOM helpers: text always goes in as text, never as markup. */
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** 1536 -> "1.5 KiB" (the same as the table report). */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(n: number | null): string {
  return n === null ? 'n/a' : `${(n * 100).toFixed(2)} %`;
}

/** The parsed JSON of a `<script type="application/json">` block, or undefined. */
export function readJson<T>(id: string): T | undefined {
  const el = document.getElementById(id);
  if (!el || !el.textContent) return undefined;
  return JSON.parse(el.textContent) as T;
}

/** The step that made a layer, short: no `/bin/sh -c`, no `#(nop)`. */
export function shortStep(createdBy: string, max = 90): string {
  const t = createdBy.replace(/^\/bin\/sh -c (#\(nop\)\s*)?/, '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A colour per layer, distinct for neighbours. */
export function layerColor(i: number): string {
  const hue = (i * 137.508) % 360;
  return `hsl(${hue.toFixed(0)} 55% 55%)`;
}
