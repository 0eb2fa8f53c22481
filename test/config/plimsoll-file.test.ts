import { describe, expect, it } from 'vitest';
import { ConfigFileError, parsePlimsollConfig } from '../../src/config/index.js';
import { allRuleMetas } from '../../src/rules/registry.js';

const FILE = '/repo/.plimsoll.yaml';

/** The problems a config text has, as `line:column: path: message` lines. */
function problems(text: string): string[] {
  try {
    parsePlimsollConfig(text, FILE, '.plimsoll.yaml');
  } catch (err) {
    if (err instanceof ConfigFileError) return err.message.split('\n').map((l) => l.replace(/^\.plimsoll\.yaml:/, ''));
    throw err;
  }
  return [];
}

describe('.plimsoll.yaml: what it accepts', () => {
  it('every key', () => {
    const layer = parsePlimsollConfig(
      [
        '$schema: ./docs/plimsoll-config.schema.json',
        'extends: [recommended, strict]',
        'rules:',
        '  DF001: off',
        '  pipe-without-pipefail: { level: error }',
        '  DL3000: note',
        'failOn: error',
        'trustedRegistries: [docker.io, "*.gcr.io"]',
        'ignorePaths: vendor/**',
        'inlineIgnores: false',
        'image:',
        '  maxSize: 500MB',
        '  minEfficiency: 0.95',
        '  maxWastedBytes: 20000000',
        '  maxWastedPercent: 10%',
        '  maxReclaimableBytes: 1.5GiB',
        '  setuidAllowlist: [/usr/bin/passwd, "**/chrome-sandbox"]',
        '  contentAllowPaths: "/srv/fixtures/**"',
        '  builtinAllowPaths: false',
        '  contentMaxBytes: 2MiB',
      ].join('\n'),
      FILE,
    );
    expect(layer).toMatchObject({
      kind: 'plimsoll',
      baseDir: '/repo',
      extends: ['recommended', 'strict'],
      failOn: 'error',
      trustedRegistries: ['docker.io', '*.gcr.io'],
      ignorePaths: ['vendor/**'],
      inlineIgnores: false,
      image: {
        maxSize: 500_000_000,
        minEfficiency: 0.95,
        maxWastedBytes: 20_000_000,
        maxWastedPercent: 0.1,
        maxReclaimableBytes: Math.round(1.5 * 1024 ** 3),
        setuidAllowlist: ['/usr/bin/passwd', '**/chrome-sandbox'],
        contentAllowPaths: ['/srv/fixtures/**'],
        builtinAllowPaths: false,
        contentMaxBytes: 2 * 1024 * 1024,
      },
    });
    expect(layer.rules.map((r) => [r.key, r.metas.map((m) => m.id), r.exact, r.level])).toEqual([
      ['DF001', ['DF001'], true, 'off'],
      ['pipe-without-pipefail', ['DF041'], true, 'error'],
      ['DL3000', ['DF001'], false, 'note'],
    ]);
  });

  it('image paths that can never match get a note', () => {
    const layer = parsePlimsollConfig('image:\n  setuidAllowlist: [usr/bin/su, /bin/su, "**/ping"]\n', FILE, '.plimsoll.yaml');
    expect(layer.notes).toEqual(['.plimsoll.yaml: image.setuidAllowlist: "usr/bin/su" is not an absolute path; it will never match']);
  });

  it('an empty file, a file of comments, and empty values are fine', () => {
    expect(parsePlimsollConfig('', FILE).rules).toEqual([]);
    expect(parsePlimsollConfig('# nothing yet\n', FILE).rules).toEqual([]);
    expect(parsePlimsollConfig('rules:\ntrustedRegistries:\n', FILE).trustedRegistries).toBeUndefined();
  });

  it('YAML anchors and aliases, with x- keys as a place for anchors', () => {
    const layer = parsePlimsollConfig('x-registries: &r [docker.io]\ntrustedRegistries: *r\n', FILE);
    expect(layer.trustedRegistries).toEqual(['docker.io']);
  });
});

describe('.plimsoll.yaml: what it rejects, with line, column, key path and what is allowed', () => {
  it('an unknown rule, with a suggestion when it looks like a typo', () => {
    expect(problems('rules:\n  DF999: error\n')).toEqual(['2:3: rules.DF999: unknown rule; run `plimsoll rules` for the list']);
    expect(problems('rules:\n  workdir-relativ: off\n')).toEqual([
      '2:3: rules.workdir-relativ: unknown rule (did you mean "workdir-relative"?); run `plimsoll rules` for the list',
    ]);
  });

  it('a ShellCheck code as a rule', () => {
    expect(problems('rules:\n  SC2086: off\n')[0]).toMatch(/^2:3: rules\.SC2086: is a ShellCheck code/);
  });

  it('a bad level', () => {
    expect(problems('rules:\n  DF001: warn\n')).toEqual(['2:3: rules.DF001: bad level "warn"; expected a level (error, warning, note, off) or { level, options }']);
    expect(problems('rules:\n  DF001: { level: info }\n')).toEqual(['2:12: rules.DF001.level: bad level "info"; expected error, warning, note, off']);
    expect(problems('rules:\n  DF001:\n')).toEqual(['2:3: rules.DF001: no value; expected a level (error, warning, note, off) or { level, options }']);
  });

  it('an unknown key, with a suggestion', () => {
    expect(problems('failon: error\n')).toEqual([
      '1:1: failon: unknown key (did you mean "failOn"?); expected one of: extends, rules, failOn, trustedRegistries, ignorePaths, inlineIgnores, image',
    ]);
    expect(problems('image:\n  maxsize: 1GB\n')[0]).toMatch(/^2:3: image\.maxsize: unknown key \(did you mean "maxSize"\?\)/);
    expect(problems('rules:\n  DF001: { level: off, severity: x }\n')).toEqual(['2:24: rules.DF001.severity: unknown key; expected level or options']);
  });

  it('wrong types', () => {
    expect(problems('failOn: warnings\n')).toEqual(['1:1: failOn: "warnings" is not allowed (did you mean "warning"?); expected one of "error", "warning", "note", "none"']);
    expect(problems('inlineIgnores: "no"\n')).toEqual(['1:1: inlineIgnores: expected true or false, got the string "no"']);
    expect(problems('trustedRegistries: { a: 1 }\n')).toEqual(['1:1: trustedRegistries: expected a list of strings (or a single one), got a mapping']);
    expect(problems('trustedRegistries: [docker.io, [x]]\n')).toEqual(['1:32: trustedRegistries[1]: expected a string, got a list']);
    expect(problems('image: 5\n')).toEqual(['1:1: image: expected a mapping, got the number 5']);
    expect(problems('image:\n  maxSize: huge\n')[0]).toMatch(/^2:3: image\.maxSize: expected a number of bytes or a size such as "500MB"/);
    expect(problems('image:\n  minEfficiency: 1.5\n')[0]).toMatch(/^2:3: image\.minEfficiency: expected a number from 0 to 1/);
    expect(problems('extends: lenient\n')).toEqual(['1:1: extends: "lenient" is not allowed; expected one of "recommended", "strict"']);
    expect(problems('- a\n- b\n')).toEqual(['1:1: expected a mapping, got a list']);
  });

  it('every problem at once', () => {
    expect(problems('failOn: x\nrules:\n  DF999: off\n  DF001: loud\nbogus: 1\n').map((p) => p.split(':').slice(0, 3).join(':'))).toEqual([
      '1:1: failOn',
      '3:3: rules.DF999',
      '4:3: rules.DF001',
      '5:1: bogus',
    ]);
  });

  it('bad YAML, with line and column', () => {
    expect(problems('rules:\n  DF001: off\n   DF041: [unclosed\n')[0]).toMatch(/^\d+:\d+: bad YAML: /);
    expect(problems('rules: {\n')[0]).toMatch(/^\d+:\d+: bad YAML: /);
  });

  it('a key given twice', () => {
    expect(problems('failOn: error\nfailOn: note\n')).toEqual([expect.stringMatching(/^2:1: bad YAML: Map keys must be unique/)]);
  });

  it('an option no rule declares', () => {
    expect(problems('rules:\n  DF001: { level: error, options: { depth: 3 } }\n')).toEqual(['2:37: rules.DF001.options.depth: unknown option; DF001 has no options']);
  });

  // Options are checked against each rule's declared specs; the rules that declare some land over time.
  const withOptions = allRuleMetas().find((m) => Object.keys(m.options ?? {}).length > 0);
  it.skipIf(!withOptions)('options are checked against the rule\'s declared specs', () => {
    const meta = withOptions!;
    const [name, spec] = Object.entries(meta.options!)[0];
    const good = spec.type === 'boolean' ? 'true' : spec.type === 'number' ? String(spec.min ?? 0) : spec.type === 'string' ? JSON.stringify(spec.enum?.[0] ?? 'x') : '[a, b]';
    const wrong = spec.type === 'boolean' ? '"yes"' : spec.type === 'number' ? '"many"' : '{ a: 1 }';
    const layer = parsePlimsollConfig(`rules:\n  ${meta.id}:\n    options:\n      ${name}: ${good}\n`, FILE);
    expect(layer.rules[0].options).toHaveProperty(name);
    expect(problems(`rules:\n  ${meta.id}:\n    options:\n      ${name}: ${wrong}\n`)[0]).toMatch(new RegExp(`^4:7: rules\\.${meta.id}\\.options\\.${name}: expected`));
    expect(problems(`rules:\n  ${meta.id}:\n    options:\n      nosuchoption: 1\n`)[0]).toMatch(/unknown option.*accepts/);
  });
  if (!withOptions) console.warn('no rule declares options yet: option validation is only checked for "has no options"');
});
