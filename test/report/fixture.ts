/**
 * A ReportInput with every kind of thing a report must render: file findings with a fix,
 * image findings with and without a Dockerfile line (a registry image and a local archive),
 * suppressed findings (inline and config), baseline new and unchanged, input errors (file
 * with line, image layer and path, an internal error with a stack), and messages full of
 * Markdown, HTML, XML and Unicode trouble. Paths live in a temporary "repository".
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, FileLocation, ImageLocation } from '../../src/rules/finding.js';
import type { RuleMeta } from '../../src/rules/rule.js';
import { allRuleMetas } from '../../src/rules/registry.js';
import type { ReportInput } from '../../src/report/types.js';

export const HOSTILE =
  'Bad | pipe <script>alert(1)</script> *star* _under_ [link](http://x) @octocat #12 & "quotes" \'apos\' ]]> 日本語 🚢 \u0001ctl\uD800 `a|b` end\nsecond line';

export const IMAGE_RULES: RuleMeta[] = [
  {
    id: 'IM901',
    name: 'config-user-root',
    aliases: [],
    family: 'IM',
    shortDescription: 'The image runs as root',
    fullDescription: 'config.User is empty, root or 0, so the container runs as root.',
    defaultLevel: 'error',
    tags: ['security', 'cis-4.1'],
    securitySeverity: 9.1,
    precision: 'very-high',
    messages: { root: 'The image runs as root' },
  },
  {
    id: 'FS901',
    name: 'secret-file',
    aliases: [],
    family: 'FS',
    shortDescription: 'A private key ships in the image',
    fullDescription: 'A private key file is present in a layer.',
    defaultLevel: 'warning',
    // More tags than GitHub accepts (20), with `security` last: it must survive the cut.
    tags: [...Array.from({ length: 22 }, (_, i) => `t${i}`), 'security'],
    securitySeverity: 7.5,
    precision: 'high',
    messages: { key: 'Private key {{path}}' },
  },
  {
    id: 'SZ901',
    name: 'opt-in-waste',
    aliases: [],
    family: 'SZ',
    shortDescription: 'An opt-in size rule',
    fullDescription: 'Off unless turned on.',
    defaultLevel: 'off',
    strictLevel: 'note',
    tags: ['size'],
    precision: 'medium',
    messages: { waste: 'waste' },
  },
];

export interface Fixture {
  input: ReportInput;
  root: string;
  dockerfile: string;
}

let counter = 0;

function fileLoc(file: string, line: number, column: number, endColumn: number): FileLocation {
  return { kind: 'file', file, range: { start: { line, column }, end: { line, column: endColumn } } };
}

export function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'location'>): Finding {
  const meta = [...allRuleMetas(), ...IMAGE_RULES].find((m) => m.id === partial.ruleId);
  counter++;
  return {
    ruleName: meta?.name ?? 'unknown-rule',
    aliases: meta ? [...meta.aliases] : [],
    level: 'warning',
    tags: meta ? [...meta.tags] : [],
    messageId: 'm',
    message: 'A message',
    fingerprint: `fp${String(counter).padStart(30, '0')}`,
    ...partial,
  };
}

/** Makes a temporary repository (a `.git` folder, app/Dockerfile, images/app.tar) and the input. */
export function makeFixture(): Fixture {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'plimsoll-report-')));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'images'));
  writeFileSync(join(root, 'app', 'Dockerfile'), 'FROM debian\nWORKDIR app\nRUN curl x | sh\n');
  writeFileSync(join(root, 'images', 'app.tar'), 'not really a tar');
  const dockerfile = 'app/Dockerfile';
  const source = fileLoc(dockerfile, 3, 1, 17);
  const layer = { index: 2, diffId: `sha256:${'ab'.repeat(32)}`, createdBy: 'RUN /bin/sh -c apt-get install -y openssh-client # buildkit' };
  const nginx: ImageLocation = { kind: 'image', image: 'nginx:1.25', configKey: 'config.User' };
  const localImage: ImageLocation = { kind: 'image', image: 'images/app.tar', layer, path: '/root/.ssh/id_rsa' };
  const withSource: ImageLocation = { kind: 'image', image: 'images/app.tar', layer, path: '/etc/shadow', source };

  const findings: Finding[] = [
    finding({ ruleId: 'DF001', level: 'error', message: 'WORKDIR "app" is relative; use an absolute path such as "/app"', location: fileLoc(dockerfile, 2, 9, 12), fix: 'WORKDIR /app', baselineState: 'new' }),
    finding({ ruleId: 'DF041', level: 'warning', message: HOSTILE, location: fileLoc(dockerfile, 3, 5, 17), baselineState: 'unchanged' }),
    finding({ ruleId: 'DF041', level: 'note', message: 'A note-level finding', location: fileLoc(dockerfile, 3, 1, 4), baselineState: 'new' }),
    finding({ ruleId: 'DF001', level: 'error', message: 'Suppressed inline', location: fileLoc(dockerfile, 2, 1, 8), suppressed: { kind: 'inline', justification: 'the base image sets WORKDIR on purpose' } }),
    finding({ ruleId: 'DF041', level: 'warning', message: 'Suppressed by config', location: fileLoc(dockerfile, 3, 1, 4), suppressed: { kind: 'config' } }),
    finding({ ruleId: 'IM901', level: 'error', message: 'The image runs as root', location: nginx, baselineState: 'new' }),
    finding({ ruleId: 'FS901', level: 'warning', message: 'Private key /root/.ssh/id_rsa', location: localImage, facts: { bytes: 1679, masked: '-----BEGIN…' }, baselineState: 'new' }),
    finding({ ruleId: 'FS901', level: 'warning', message: 'Private key /etc/shadow', location: withSource, baselineState: 'new' }),
  ];
  const input: ReportInput = {
    command: 'lint',
    tool: { name: 'plimsoll', version: '0.1.0', informationUri: 'https://github.com/plimsoll-dev/plimsoll' },
    findings,
    rules: [...allRuleMetas(), ...IMAGE_RULES],
    errors: [
      { source: dockerfile, line: 4, column: 2, message: 'unknown instruction "FORM" <&>' },
      { source: 'images/app.tar', layer: 'sha256:cd', path: '/usr/lib/x.so', message: 'truncated tar header' },
      { source: 'broken/Dockerfile', message: 'internal error in rule DF999 (boom): Error: boom\n    at check (file.js:1:1)' },
    ],
    targets: [dockerfile, 'broken/Dockerfile'],
    failOn: 'warning',
    exitCode: 2,
    workingDirectory: root,
    baseline: { file: '.plimsoll-baseline.json' },
  };
  return { input, root, dockerfile };
}

/** A clean run: one file, no findings, no errors. */
export function cleanInput(root: string): ReportInput {
  return {
    command: 'lint',
    tool: { name: 'plimsoll', version: '0.1.0', informationUri: 'https://github.com/plimsoll-dev/plimsoll' },
    findings: [],
    rules: allRuleMetas(),
    errors: [],
    targets: ['app/Dockerfile'],
    failOn: 'warning',
    exitCode: 0,
    workingDirectory: root,
  };
}
