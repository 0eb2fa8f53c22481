/**
 * The shapes the page reads from its JSON blocks. They mirror src/report/html/index.ts
 * (PageData) and tree-data.ts (FinalNode, ChangeNode); the page is built from the same
 * repository, so they change together.
 */
export type FinalKind = 'd' | 'f' | 'l' | 'h' | 'o' | 's';
export type FinalNode = [string, FinalKind, number, number, number, number, FinalNode[] | number];
export type ChangeMark = 'A' | 'C' | 'D' | '';
export type ChangeNode = [string, ChangeMark, number, FinalKind, string, ChangeNode[] | number];

export interface GateCheck {
  name: string;
  limit: string;
  actual: string;
  passed: boolean;
  message?: string;
}

export interface PageFinding {
  id: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  where: string;
  detail?: string;
  layer?: number;
  path?: string;
  fix?: string;
  state?: 'suppressed' | 'new' | 'unchanged';
}

export interface PageLayer {
  index: number;
  size: number;
  stored: number;
  createdBy: string;
  diffId: string;
  added: number;
  changed: number;
  metadata: number;
  deleted: number;
  waste?: number;
}

export interface CauseTotal {
  bytes: number;
  files: number;
}

export interface PageImage {
  reference: string;
  source: string;
  platform?: string;
  configDigest: string;
  size: { compressed: number; uncompressed: number; content: number };
  final: { files: number; folders: number; symlinks: number; hardlinks: number; other: number; bytes: number };
  efficiency: number;
  wastedBytes: number;
  userWastedPercent: number | null;
  reclaimable: { totalBytes: number; byCause: Record<string, CauseTotal> };
  historyNote?: string;
  layers: PageLayer[];
  largestWaste: Array<{ cause: string; path: string; bytes: number; layer: number; removedIn?: number }>;
}

export interface PageData {
  command: 'lint' | 'image' | 'diff';
  tool: { name: string; version: string };
  targets: string[];
  exitCode: number;
  failOn: string;
  gate?: { passed: boolean; checks: GateCheck[] };
  summary: { total: number; error: number; warning: number; note: number; suppressed: number; active: number; new?: number; unchanged?: number };
  errors: string[];
  rules: Record<string, { name: string; help: string; description: string }>;
  findings: PageFinding[];
  image?: PageImage;
  tree?: { foldedBelow: number; nodes: number; folded: number; layers: number };
  diff?: unknown;
  diffHeadline?: string;
}

/** The parts of `plimsoll diff`'s facts the page draws (docs/diff.md has them all). */
export interface Change {
  before: number;
  after: number;
  delta: number;
  ratio: number | null;
}

export interface FolderChange extends Change {
  path: string;
  file?: boolean;
  added: number;
  removed: number;
  changed: number;
}

export interface FileChange {
  path: string;
  change: string;
  type: string;
  before?: number;
  after?: number;
  delta: number;
  attributes?: string[];
}

export interface PageDiff {
  a: { reference: string; layers: number };
  b: { reference: string; layers: number };
  identical: boolean;
  size: Record<string, Change>;
  folders: FolderChange[];
  explain: FolderChange[];
  files: {
    added: { count: number; bytes: number };
    removed: { count: number; bytes: number };
    changed: { count: number; bytes: number; delta: number };
    largest: { added: FileChange[]; removed: FileChange[]; changed: FileChange[] };
  };
  layers: {
    sharedPrefix: number;
    shared: number;
    new: number;
    removed: number;
    newBytes: number;
    list: Array<{ index: number; diffId: string; status: string; indexInA?: number; size: number; createdBy?: string }>;
  };
  findings?: { new: number; unchanged: number; resolved: Array<{ ruleId: string; level: string; message: string; where?: string }> };
}
