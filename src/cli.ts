#!/usr/bin/env node
/**
 * The command line: parses arguments, runs a command, prints, and exits with DESIGN.md's
 * codes. Everything is reachable in-process through `main` for tests.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import type { RemoteOptions } from './layers/registry/options.js';
import { runDiff, reportForFormat } from './commands/diff.js';
import { runImage } from './commands/image.js';
import { runLint } from './commands/lint.js';
import { validateFormats, writeReports } from './commands/output.js';
import { runRules } from './commands/rules.js';
import { formatInputError, PlimsollInputError, UsageError } from './rules/finding.js';
import { VERSION } from './version.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Buffer>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export async function main(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  let debug = argv.includes('--debug');
  const program = new Command();
  program
    .name('plimsoll')
    .description('Container image analysis and security linter: Dockerfiles, compose files, image configs and layers.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR does the same)')
    .option('--debug', 'print stack traces of internal errors')
    .option('-q, --quiet', 'print only errors on standard error (no progress, notes or timings); the table lists only findings that fail the run')
    .option('--verbose', 'say on standard error what is read and how long each step takes')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plimsoll lint                                   lint every Dockerfile and compose file under this folder',
        '  plimsoll lint Dockerfile -f sarif -o lint.sarif    SARIF for GitHub code scanning',
        '  plimsoll image app.tar                          why is my image so large: layers, waste, size findings',
        '  plimsoll image app.tar -f html -o report.html   one offline page with a treemap and the file trees',
        '  plimsoll image registry.example.com/app:1 --min-efficiency 0.95 --max-reclaimable-bytes 20MB',
        '  plimsoll rules DL3008                           the documentation of a rule',
        '',
        'Run plimsoll COMMAND --help for each command\'s options and examples.',
        'Exit codes: 0 clean, 1 findings at or above --fail-on or a failed gate, 2 bad usage, config or input.',
      ].join('\n'),
    );

  const chatter = () => stderrChannels(program.opts(), io);
  const colorWanted = () => program.opts().color !== false && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.stdoutIsTTY;

  program
    .command('lint')
    .description('lint Dockerfiles, Containerfiles and compose files')
    .argument('[paths...]', 'files, folders (searched recursively) or - for standard input; default: the current folder')
    .option('-f, --format <format>', 'table, json, sarif, markdown, gitlab, junit or html; repeat to write several', collect, [])
    .option('-o, --output <file>', 'write the report to FILE; pairs with the --format at the same position', collect, [])
    .option('--show-suppressed', 'list suppressed findings in the table report too (they are always counted)')
    .option('--baseline <file>', 'an earlier plimsoll JSON or SARIF report: findings already in it are marked unchanged and do not fail the run')
    .option('-c, --config <file>', 'use this config file instead of looking for .plimsoll.yaml')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level').choices(['error', 'warning', 'note', 'none']))
    .option('--exclude <glob>', 'skip files and folders matching the glob; repeatable', collect, [])
    .option('--compose <file>', 'read FILE as a compose file whatever its name; repeatable', collect, [])
    .option('--no-inline-ignores', 'ignore suppression comments (# plimsoll ignore=, # hadolint ignore=): their findings count')
    .option('--ignore <rule>', 'turn a rule off (id, name or hadolint code); repeatable', collect, [])
    .option('--rule <rule=level>', 'set a rule\'s level: error, warning, note or off; repeatable', collect, [])
    .addOption(new Option('--preset <name>', 'start from this preset instead of the config\'s extends').choices(['recommended', 'strict']))
    .option('--trusted-registry <host>', 'a registry FROM may use (wildcards: *.gcr.io); repeatable, added to the config\'s', collect, [])
    .option('-j, --jobs <n>', 'worker threads for many Dockerfiles (1: none; default: one per CPU, up to 4, from 40 files on 4+ CPUs)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
      return n;
    })
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plimsoll lint                                  lint every Dockerfile under the current folder',
        '  plimsoll lint Dockerfile -f sarif -o lint.sarif',
        '  plimsoll lint -f sarif -o plimsoll.sarif -f table   SARIF to a file and the table on the terminal',
        '  cat Dockerfile | plimsoll lint -',
        '  plimsoll lint . --exclude "test/**" --fail-on error',
        '  plimsoll lint --compose deploy/stack.yml     a compose file with another name (and the Dockerfiles it builds)',
        '  plimsoll lint --preset strict --ignore DL3008 --rule DF030=off',
        '  plimsoll lint -f html -o lint.html           a page with the findings and filters, to keep or mail',
        '',
        'Config: .plimsoll.yaml beside the file or in a folder above it (up to the repository root),',
        'else ~/.plimsoll.yaml, else a .hadolint.yaml. See docs/config.md.',
        'Exit codes: 0 clean, 1 a finding at or above --fail-on (default warning), 2 bad usage, config or input.',
      ].join('\n'),
    )
    .action(async (paths: string[], opts) => {
      const formats: string[] = opts.format.length > 0 ? opts.format : ['table'];
      validateFormats(formats, opts.output);
      const lintSay = chatter();
      const { report, notes } = await runLint({
        paths,
        cwd: io.cwd,
        exclude: opts.exclude,
        configPath: opts.config,
        failOn: opts.failOn,
        noInlineIgnores: opts.inlineIgnores === false,
        ignore: opts.ignore,
        rules: opts.rule,
        preset: opts.preset,
        trustedRegistries: opts.trustedRegistry,
        compose: opts.compose,
        baseline: opts.baseline,
        jobs: opts.jobs,
        env: io.env,
        debug,
        readStdin: io.readStdin,
        progress: lintSay.progress,
        log: lintSay.log,
      });
      lintSay.done();
      for (const n of notes) lintSay.note(n);
      if (opts.showSuppressed) report.showSuppressed = true;
      await writeReports(report, { formats, outputs: opts.output, color: colorWanted(), cwd: io.cwd, stdout: io.stdout, quiet: lintSay.quiet });
      const tableOnStdout = formats.some((f, i) => f === 'table' && (opts.output[i] === undefined || opts.output[i] === '-'));
      if (!tableOnStdout) {
        for (const e of report.errors) io.stderr(`plimsoll: ${formatInputError(e)}\n`);
      }
      exitCode = report.exitCode;
    });

  program
    .command('image')
    .description('analyse an image: security audit of its config, history and files, layers, size and waste (dive-compatible), file tree, rules and gates')
    .argument('<ref>', 'a docker save archive, an oci-archive tar, an OCI layout folder (prefixes docker-archive:, oci-archive:, oci: force the format), a registry reference (HOST[:PORT]/REPO[:TAG|@DIGEST], docker://..., nginx:1.27 for Docker Hub) or docker-daemon:NAME')
    .option('-f, --format <format>', 'table, json, sarif, markdown, gitlab, junit or html; repeat to write several', collect, [])
    .option('-o, --output <file>', 'write the report to FILE; pairs with the --format at the same position', collect, [])
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform image (default: this machine\'s)')
    .addOption(new Option('--source <source>', 'where REF lives: docker or podman (an engine socket, DOCKER_HOST), registry, docker-archive, oci-archive, oci').choices(['docker', 'podman', 'registry', 'docker-archive', 'oci-archive', 'oci']))
    .option('--username <user>', 'registry user name (with --password-stdin); default: ~/.docker/config.json and credential helpers')
    .option('--password-stdin', 'read the registry password or token from standard input')
    .option('--insecure-registry <host>', 'reach this registry over HTTPS without verification, or plain HTTP; repeatable', collect, [])
    .option('--registry-ca <file>', 'trust this PEM CA certificate for registries; repeatable', collect, [])
    .option('--no-cache', 'neither read nor write the registry blob cache (~/.cache/plimsoll)')
    .option('--files', 'print the final file tree (or, with --layer N, the changes of layer N) with A/C/D marks and sizes')
    .option('--layer <n>', 'with --files: the changes of this layer (0 is the base layer)')
    .option('--path <glob>', "with --files: only paths matching this glob, e.g. '/usr/lib/**'")
    .option('--max-size <size>', 'fail (exit 1) when the image holds more content than this, e.g. 500MB')
    .option('--min-efficiency <ratio>', "fail when dive's efficiency score is below this (0..1 or 90%)")
    .option('--max-wasted-bytes <size>', "fail when dive's wasted bytes are above this")
    .option('--max-wasted-percent <ratio>', "fail when dive's user wasted percent is above this (0..1 or 10%)")
    .option('--max-reclaimable-bytes <size>', "fail when plimsoll's reclaimable bytes are above this")
    .option('--dive-ci <file>', "read dive's CI rules from this file (default: .dive-ci in the working directory, when present)")
    .option('--no-dive-ci', 'ignore .dive-ci')
    .option('-c, --config <file>', 'use this config file instead of looking for .plimsoll.yaml')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this level').choices(['error', 'warning', 'note', 'none']))
    .option('--ignore <rule>', 'turn a rule off (id or name); repeatable', collect, [])
    .option('--rule <rule=level>', "set a rule's level: error, warning, note or off; repeatable", collect, [])
    .addOption(new Option('--preset <name>', "start from this preset instead of the config's extends").choices(['recommended', 'strict']))
    .option('--show-suppressed', 'list suppressed findings in the table and Markdown reports')
    .option('--baseline <file>', 'an earlier plimsoll JSON or SARIF report: findings already in it are marked unchanged and do not fail the run')
    .option('--dockerfile <path>', 'the Dockerfile the image was built from: each layer and finding is tied to its instruction (reports show the line; SARIF puts the result on it)')
    .option('--target <stage>', 'with --dockerfile: the stage the image was built from (default the last)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plimsoll image app.tar                          layers, waste, security and size findings of a docker save archive',
        '  plimsoll image oci-archive:app.oci.tar -f json -o image.json',
        '  plimsoll image app.tar --files --path "/usr/lib/**"',
        '  plimsoll image app.tar --files --layer 3        what layer 3 added, changed and deleted',
        '  plimsoll image app.tar -f html -o report.html   one offline page: layers, treemap, file trees, findings',
        '  plimsoll image app.tar --min-efficiency 0.95 --max-wasted-bytes 20MB',
        '  plimsoll image app.tar --dockerfile Dockerfile -f sarif -o image.sarif   findings on the Dockerfile lines that caused them',
        '  plimsoll image nginx:1.27 --platform linux/arm64     from Docker Hub (layers cached in ~/.cache/plimsoll)',
        '  plimsoll image localhost:5000/app:dev                 a local registry (loopback may be plain HTTP)',
        '  echo "$TOKEN" | plimsoll image ghcr.io/org/app:1 --username me --password-stdin',
        '  plimsoll image docker-daemon:app:latest               from the Docker engine (DOCKER_HOST); --source podman for podman',
        '',
        'Gates: flags win over .plimsoll.yaml (image:), which wins over a .dive-ci. See docs/image.md.',
        'Exit codes: 0 clean, 1 a failed gate or a finding at or above --fail-on, 2 bad usage, config or image.',
      ].join('\n'),
    )
    .action(async (ref: string, opts) => {
      const formats: string[] = opts.format.length > 0 ? opts.format : ['table'];
      validateFormats(formats, opts.output);
      const say = chatter();
      const { report, notes } = await runImage({
        ref,
        cwd: io.cwd,
        configPath: opts.config,
        env: io.env,
        platform: opts.platform,
        source: opts.source,
        remote: await remoteOptions(opts, io),
        files: opts.files,
        layer: opts.layer,
        path: opts.path,
        maxSize: opts.maxSize,
        minEfficiency: opts.minEfficiency,
        maxWastedBytes: opts.maxWastedBytes,
        maxWastedPercent: opts.maxWastedPercent,
        maxReclaimableBytes: opts.maxReclaimableBytes,
        diveCi: opts.diveCi === false ? false : typeof opts.diveCi === 'string' ? opts.diveCi : undefined,
        failOn: opts.failOn,
        ignore: opts.ignore,
        rules: opts.rule,
        preset: opts.preset,
        baseline: opts.baseline,
        dockerfile: opts.dockerfile,
        target: opts.target,
        debug,
        progress: say.progress,
        log: say.log,
        imageTree: formats.includes('html'),
      });
      say.done();
      for (const n of notes) say.note(n);
      if (opts.showSuppressed) report.showSuppressed = true;
      await writeReports(report, { formats, outputs: opts.output, color: colorWanted(), cwd: io.cwd, stdout: io.stdout, quiet: say.quiet });
      const tableOnStdout = formats.some((f, i) => f === 'table' && (opts.output[i] === undefined || opts.output[i] === '-'));
      if (!tableOnStdout) {
        for (const e of report.errors) io.stderr(`plimsoll: ${formatInputError(e)}\n`);
      }
      exitCode = report.exitCode;
    });

  program
    .command('diff')
    .description('compare two images: size change and where, files added, removed and changed, shared and new layers, findings new in B')
    .argument('<a>', 'the image before (any reference plimsoll image takes)')
    .argument('<b>', 'the image after')
    .option('-f, --format <format>', 'table, json, sarif (B\'s new findings), markdown, gitlab, junit or html; repeat to write several', collect, [])
    .option('-o, --output <file>', 'write the report to FILE; pairs with the --format at the same position', collect, [])
    .option('--max-growth <size|percent>', 'fail (exit 1) when B\'s image size grew by more than this, e.g. 20MB or 10%')
    .option('--dockerfile <path>', 'the Dockerfile B was built from: B\'s layers and findings get their lines')
    .option('--target <stage>', 'with --dockerfile: the stage B was built from (default the last)')
    .option('--baseline <file>', 'an earlier plimsoll JSON or SARIF report: its findings count as known, like A\'s')
    .option('--files', 'list every added, removed and changed path (default: the largest of each)')
    .option('--top <n>', 'items in each list (default 10)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
      return n;
    })
    .option('--platform <os/arch[/variant]>', 'the platform to pick from multi-platform images (default: this machine\'s)')
    .addOption(new Option('--source <source>', 'where A and B live: docker or podman (an engine socket), registry, docker-archive, oci-archive, oci').choices(['docker', 'podman', 'registry', 'docker-archive', 'oci-archive', 'oci']))
    .option('--username <user>', 'registry user name (with --password-stdin); default: ~/.docker/config.json and credential helpers')
    .option('--password-stdin', 'read the registry password or token from standard input')
    .option('--insecure-registry <host>', 'reach this registry over HTTPS without verification, or plain HTTP; repeatable', collect, [])
    .option('--registry-ca <file>', 'trust this PEM CA certificate for registries; repeatable', collect, [])
    .option('--no-cache', 'neither read nor write the registry blob cache (~/.cache/plimsoll)')
    .option('-c, --config <file>', 'use this config file instead of looking for .plimsoll.yaml')
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding new in B is at or above this level').choices(['error', 'warning', 'note', 'none']))
    .option('--ignore <rule>', 'turn a rule off (id or name); repeatable', collect, [])
    .option('--rule <rule=level>', "set a rule's level: error, warning, note or off; repeatable", collect, [])
    .addOption(new Option('--preset <name>', "start from this preset instead of the config's extends").choices(['recommended', 'strict']))
    .option('--show-suppressed', 'list suppressed findings in the table and Markdown reports')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  plimsoll diff app-main.tar app-pr.tar                  what the change does to the image',
        '  plimsoll diff ghcr.io/org/app:main ghcr.io/org/app:pr-42 -f markdown -o comment.md --max-growth 10%',
        '  plimsoll diff old.tar new.tar --dockerfile Dockerfile -f sarif -o new-findings.sarif',
        '  plimsoll diff old.tar new.tar -f json | jq .diff.size.content',
        '',
        'Findings of B that A has too are "unchanged" and never fail the run; SARIF carries only the new ones.',
        'Exit codes: 0 clean, 1 a new finding at or above --fail-on or --max-growth exceeded, 2 bad usage, config or image.',
      ].join('\n'),
    )
    .action(async (a: string, b: string, opts) => {
      const formats: string[] = opts.format.length > 0 ? opts.format : ['table'];
      validateFormats(formats, opts.output);
      const say = chatter();
      const { report, notes } = await runDiff({
        a,
        b,
        cwd: io.cwd,
        configPath: opts.config,
        env: io.env,
        platform: opts.platform,
        source: opts.source,
        remote: await remoteOptions(opts, io),
        maxGrowth: opts.maxGrowth,
        baseline: opts.baseline,
        dockerfile: opts.dockerfile,
        target: opts.target,
        files: opts.files,
        top: opts.top,
        failOn: opts.failOn,
        ignore: opts.ignore,
        rules: opts.rule,
        preset: opts.preset,
        debug,
        progress: say.progress,
        log: say.log,
      });
      say.done();
      for (const n of notes) say.note(n);
      if (opts.showSuppressed) report.showSuppressed = true;
      for (let i = 0; i < formats.length; i++) {
        const outputs = opts.output[i] !== undefined ? [opts.output[i]] : [];
        await writeReports(reportForFormat(formats[i]!, report), { formats: [formats[i]!], outputs, color: colorWanted(), cwd: io.cwd, stdout: io.stdout, quiet: say.quiet });
      }
      const tableOnStdout = formats.some((f, i) => f === 'table' && (opts.output[i] === undefined || opts.output[i] === '-'));
      if (!tableOnStdout) {
        for (const e of report.errors) io.stderr(`plimsoll: ${formatInputError(e)}\n`);
      }
      exitCode = report.exitCode;
    });

  program
    .command('rules')
    .description('list every rule, or print the documentation of one')
    .argument('[id]', 'a rule id, name or hadolint alias')
    .option('-f, --format <format>', 'table or json', 'table')
    .addOption(new Option('--preset <name>', 'show the levels of this preset').choices(['recommended', 'strict']))
    .option('-c, --config <file>', 'show the levels after this config file')
    .addHelpText('after', '\nExamples:\n  plimsoll rules                   every rule with its level, aliases and tags\n  plimsoll rules --preset strict   the levels of the strict preset\n  plimsoll rules DL3008            the documentation of the rule(s) hadolint calls DL3008\n  plimsoll rules -f json')
    .action(async (id: string | undefined, opts) => {
      io.stdout(await runRules({ id, format: opts.format, preset: opts.preset, configPath: opts.config, cwd: io.cwd, env: io.env }));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    debug = program.opts().debug === true;
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError || err instanceof PlimsollInputError) {
      for (const line of err.message.split('\n')) io.stderr(`plimsoll: ${line}\n`);
      return 2;
    }
    io.stderr(`plimsoll: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (debug) io.stderr(`${(err as Error)?.stack ?? ''}\n`);
    else io.stderr('(run with --debug for the stack trace)\n');
    return 2;
  }
}

/** Where stderr chatter goes: progress (TTY only, never in CI, never with --quiet), --verbose lines, notes. */
export function stderrChannels(global: { quiet?: boolean; verbose?: boolean }, io: Pick<CliIO, 'stderr' | 'stderrIsTTY' | 'env'>) {
  const quiet = global.quiet === true;
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  let shown = false;
  let last = 0;
  const clear = () => {
    if (shown) io.stderr('\r\x1b[K');
    shown = false;
  };
  return {
    quiet,
    progress:
      io.stderrIsTTY && !quiet && !ci
        ? (text: string) => {
            // A redraw every 100 ms is plenty for people and cheap for many small files.
            const now = Date.now();
            if (now - last < 100) return;
            last = now;
            shown = true;
            io.stderr(`\r\x1b[Kplimsoll: ${text}`);
          }
        : undefined,
    log:
      global.verbose === true && !quiet
        ? (text: string) => {
            clear();
            io.stderr(`plimsoll: ${text}\n`);
          }
        : undefined,
    note: (text: string) => {
      if (!quiet) io.stderr(`plimsoll: note: ${text}\n`);
    },
    done: clear,
  };
}

/** Registry options from the image command's flags; the password only from standard input. */
async function remoteOptions(
  opts: { username?: string; passwordStdin?: boolean; insecureRegistry: string[]; registryCa: string[]; cache?: boolean },
  io: CliIO,
): Promise<RemoteOptions> {
  if (opts.passwordStdin && opts.username === undefined) throw new UsageError('--password-stdin goes with --username');
  if (opts.username !== undefined && !opts.passwordStdin) throw new UsageError('--username needs --password-stdin (passwords are never taken as arguments)');
  let password: string | undefined;
  if (opts.passwordStdin) {
    password = (await io.readStdin()).toString('utf8').replace(/\r?\n$/, '');
    if (!password) throw new UsageError('--password-stdin: standard input is empty');
  }
  return {
    env: io.env,
    username: opts.username,
    password,
    insecureRegistries: opts.insecureRegistry,
    caFiles: opts.registryCa.map((f) => (isAbsolute(f) ? f : join(io.cwd, f))),
    cache: opts.cache !== false,
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function isMain(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // `plimsoll ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const code = await main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  });
  // Let stdout drain before exiting: large reports to a pipe would be cut otherwise.
  process.exitCode = code;
}
