/**
 * Whether a word names a rule (id, name or alias), for rules that check how other rules are
 * named (DF049 unknown-suppression). The registry fills it in when it loads; a rule cannot
 * import the registry itself, because the registry imports every rule.
 */
let lookup: ((key: string) => boolean) | undefined;

export function setRuleKeyLookup(fn: (key: string) => boolean): void {
  lookup = fn;
}

/** True or false once the registry is loaded; undefined before (then nothing is judged). */
export function isKnownRuleKey(key: string): boolean | undefined {
  return lookup?.(key);
}
