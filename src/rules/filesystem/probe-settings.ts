/** Settings of the content probe (src/rules/filesystem/probe.ts), shared with the runner that writes them. */
export interface ContentProbeSettings {
  /** Files larger than this are not read (bytes). */
  maxBytes: number;
  /** Globs of paths not to scan, added to the built-in list. */
  allowPaths: string[];
  /** Use the built-in allow list. */
  builtinAllowPaths: boolean;
}

/** 1 MiB: configuration, key and credential files are far smaller; bundles and data files are larger. */
export const DEFAULT_CONTENT_MAX_BYTES = 1024 * 1024;

export const DEFAULT_PROBE_SETTINGS: ContentProbeSettings = { maxBytes: DEFAULT_CONTENT_MAX_BYTES, allowPaths: [], builtinAllowPaths: true };
