/**
 * The shape of a filesystem rule (FS): metadata plus a check over `FilesystemFacts`, what the
 * single layer walk collected about the image's files (src/rules/filesystem/collect.ts and the
 * content probe). A finding points at a path and the layer that added it; for a file deleted
 * or replaced later, also at that later layer (`relatedLayer`): the earlier layer's blob still
 * ships it. Identity comes from the path and what was found there, never from layer digests.
 */
import type { EntryType } from '../../layers/types.js';
import type { FactValue, Level } from '../finding.js';
import type { ImageLayerInfo } from '../image/types.js';
import type { OptionSpec, OptionValues, RuleMeta, SharedSettings } from '../rule.js';
import type { ContentHit } from './content.js';

/** One version of a path, as a layer's tar entry gave it. */
export interface FsFile {
  path: string;
  /** The layer that added this version. */
  layer: number;
  type: EntryType;
  /** Permission bits with setuid/setgid/sticky. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  contentHash?: string;
  linkname?: string;
}

/** A file in which the content probe found something. */
export interface ContentFile extends FsFile {
  hits: ContentHit[];
  /** Later layers that shipped the same bytes again at this path (chmod or chown copy-ups). */
  alsoIn: number[];
  /** The layer that deleted it (whiteout, opaque whiteout, or a file replacing a parent folder). */
  deletedIn?: number;
  /** The layer that replaced it with other content. */
  replacedIn?: number;
}

export interface GitFolder {
  /** The `.git` folder. */
  path: string;
  /** The layer that first shipped it. */
  layer: number;
  /** Files and content bytes under it, over every layer that added some. */
  files: number;
  bytes: number;
  deletedIn?: number;
}

/** A content check that threw on a file: a bug in plimsoll, reported as an error. */
export interface ProbeFailure {
  path: string;
  layer: number;
  message: string;
}

export interface FilesystemFacts {
  reference: string;
  layers: ImageLayerInfo[];
  /** False when the walk stopped early (a layer could not be read): final-image facts are then unknown. */
  complete: boolean;
  /** Setuid/setgid executables in the final image. */
  setuid: FsFile[];
  /** World-writable files and folders (folders without the sticky bit) in the final image. */
  worldWritable: FsFile[];
  /** gosu, su-exec... in the final image. */
  privilegeDroppers: string[];
  /** Files with content-probe hits, from every layer. */
  content: ContentFile[];
  /** `.git` folders, from every layer. */
  gitFolders: GitFolder[];
  probeFailures: ProbeFailure[];
  /** False when no content rule was on, so no file contents were read. */
  contentScanned?: boolean;
}

/** The `image:` settings of .plimsoll.yaml the filesystem rules use. */
export interface FilesystemSettings {
  /** Absolute paths or globs whose setuid/setgid bit is expected. */
  setuidAllowlist: readonly string[];
}

export interface FilesystemReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The layer that added the file (or, for a group, the layer the group is keyed by). */
  layer?: number;
  /** The later layer that deleted or replaced it. */
  relatedLayer?: number;
  /** Absolute path inside the image (a file, or the folder a group of files shares). */
  path?: string;
  fix?: string;
  facts?: Record<string, FactValue>;
  /** What makes the finding itself, independent of the build: e.g. the path and the detector. */
  fingerprintKey: string;
}

export interface FilesystemRuleContext<O = Record<string, unknown>> {
  readonly options: O;
  readonly settings: SharedSettings;
  readonly image: FilesystemSettings;
  readonly level: Level;
  report(descriptor: FilesystemReportDescriptor): void;
}

export interface FilesystemRule<O = any> {
  meta: RuleMeta & { family: 'FS' };
  /** True for rules that need file contents: the content probe runs only when one is on. */
  readsContent?: boolean;
  check(facts: FilesystemFacts, context: FilesystemRuleContext<O>): void;
}

/** Types a rule's options from its declared option specs. */
export function defineFilesystemRule<S extends Record<string, OptionSpec> = Record<string, never>>(rule: {
  meta: RuleMeta & { family: 'FS'; options?: S };
  readsContent?: boolean;
  check(facts: FilesystemFacts, context: FilesystemRuleContext<OptionValues<S>>): void;
}): FilesystemRule<OptionValues<S>> {
  return rule;
}
