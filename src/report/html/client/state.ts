/** What the panels share: the selected layer, and who wants to hear when it changes. */
type Listener = (layer: number | null) => void;

export class Selection {
  layer: number | null = null;
  private readonly listeners: Listener[] = [];

  onChange(fn: Listener): void {
    this.listeners.push(fn);
  }

  /** Selects the layer, or clears the selection when it is already selected. */
  select(layer: number | null): void {
    this.set(this.layer === layer ? null : layer);
  }

  set(layer: number | null): void {
    this.layer = layer;
    for (const fn of this.listeners) fn(this.layer);
  }
}
