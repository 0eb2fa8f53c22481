import { describe, expect, it } from 'vitest';
import { decodeDockerfile, parseDockerfile } from '../../src/dockerfile/parse.js';
import { parseShellScript } from '../../src/dockerfile/shell.js';
import { PlimsollInputError } from '../../src/rules/finding.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

describe('Dockerfile model: stages', () => {
  it('resolves ARG defaults into FROM and tells stages from images', () => {
    const df = parseDockerfile(
      lines('ARG VERSION=3.12', 'ARG REG=ghcr.io/acme', 'FROM python:${VERSION}-slim AS build', 'FROM ${REG}/app:${TAG:-1.0}', 'FROM build AS test', 'FROM scratch'),
      'Dockerfile',
    );
    expect(df.stages.map((s) => s.base)).toEqual([
      { kind: 'image', text: 'python:3.12-slim', ref: expect.objectContaining({ registry: 'docker.io', repository: 'library/python', tag: '3.12-slim' }), unresolved: false },
      { kind: 'image', text: 'ghcr.io/acme/app:1.0', ref: expect.objectContaining({ registry: 'ghcr.io', repository: 'acme/app', tag: '1.0' }), unresolved: false },
      { kind: 'stage', stage: 0 },
      { kind: 'scratch' },
    ]);
    expect(df.stages.map((s) => s.name)).toEqual(['build', undefined, 'test', undefined]);
    expect(df.stages.map((s) => s.isFinal)).toEqual([false, false, false, true]);
  });

  it('leaves an unknown ARG unresolved instead of guessing', () => {
    const df = parseDockerfile(lines('ARG BASE', 'FROM $BASE'), 'Dockerfile');
    expect(df.stages[0].base).toEqual({ kind: 'image', text: '$BASE', ref: undefined, unresolved: true });
  });

  it('matches stage names case-insensitively', () => {
    const df = parseDockerfile(lines('FROM alpine:3 AS Builder', 'FROM builder'), 'Dockerfile');
    expect(df.stages[1].base).toEqual({ kind: 'stage', stage: 0 });
  });

  it('carries ENV and SHELL into a child stage, and ARG not', () => {
    const df = parseDockerfile(
      lines('FROM alpine:3 AS a', 'ARG X=1', 'ENV Y=2', 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]', 'FROM a', 'RUN echo'),
      'Dockerfile',
    );
    const run = df.instructions[df.instructions.length - 1];
    expect(run.vars.get('Y')).toBe('2');
    expect(run.vars.has('X')).toBe(false);
    expect(run.shell).toEqual(['/bin/ash', '-o', 'pipefail', '-c']);
  });

  it('gives an ARG without a default inside a stage the global default', () => {
    const df = parseDockerfile(lines('ARG V=1.2', 'FROM alpine:3', 'ARG V', 'RUN echo $V'), 'Dockerfile');
    expect(df.instructions[3].vars.get('V')).toBe('1.2');
  });
});

describe('Dockerfile model: RUN scripts', () => {
  it('finds the commands of a continued RUN with comments at their real positions', () => {
    const df = parseDockerfile(
      lines('FROM debian:12', 'RUN apt-get update \\', '# install things', '    && apt-get install -y curl \\', '', '    && rm -rf /var/lib/apt/lists/*'),
      'Dockerfile',
    );
    const cmds = df.instructions[1].run!.script!.commands;
    expect(cmds.map((c) => [c.program, c.args, c.range.start.line, c.range.start.column])).toEqual([
      ['apt-get', ['update'], 2, 5],
      ['apt-get', ['install', '-y', 'curl'], 4, 8],
      ['rm', ['-rf', '/var/lib/apt/lists/*'], 6, 8],
    ]);
    expect(df.instructions[1].run!.script!.error).toBeUndefined();
  });

  it('reads a heredoc RUN as a script, and a heredoc fed to another program as data', () => {
    const df = parseDockerfile(
      lines('FROM debian:12', 'RUN <<EOF', 'set -e', 'apt-get update', 'EOF', 'RUN python3 <<EOF', 'import os; os.system("rm -rf /")', 'EOF', 'RUN <<EOF', '#!/usr/bin/env python3', 'print(1)', 'EOF'),
      'Dockerfile',
    );
    expect(df.instructions[1].run!.script!.commands.map((c) => [c.program, c.range.start.line])).toEqual([
      ['set', 3],
      ['apt-get', 4],
    ]);
    expect(df.instructions[2].run!.script!.commands.map((c) => c.program)).toEqual(['python3']);
    expect(df.instructions[3].run!.script!.commands).toEqual([]);
  });

  it('sees through sudo, env and sh -c', () => {
    const df = parseDockerfile(lines('FROM debian:12', `RUN sudo -u root env A=1 apt-get install -y x && sh -c 'pip install flask'`), 'Dockerfile');
    const cmds = df.instructions[1].run!.script!.commands;
    expect(cmds.map((c) => [c.program, c.wrappedBy ?? ''])).toEqual([
      ['sudo', ''],
      ['env', 'sudo'],
      ['apt-get', 'env'],
      ['sh', ''],
      ['pip', 'sh'],
    ]);
    const pip = cmds.find((c) => c.program === 'pip')!;
    expect(pip.range.start).toEqual({ line: 2, column: 57 });
  });

  it('marks pipelines and expands known variables into words', () => {
    const df = parseDockerfile(lines('FROM debian:12', 'ENV PKGS="curl wget"', 'RUN apt-get install -y $PKGS | tee log'), 'Dockerfile');
    const [apt, tee] = df.instructions[2].run!.script!.commands;
    expect(apt.args).toEqual(['install', '-y', 'curl', 'wget']);
    expect(apt.words[2].fromVariable).toBe('PKGS');
    expect(apt.pipeline).toEqual({ id: 1, index: 0, length: 2 });
    expect(tee.pipeline).toEqual({ id: 1, index: 1, length: 2 });
    expect(df.instructions[2].run!.script!.hasPipe).toBe(true);
  });

  it('reads an exec-form RUN, and the script of an exec-form sh -c', () => {
    const df = parseDockerfile(lines('FROM debian:12', 'RUN ["apt-get", "install", "-y", "x"]', 'RUN ["/bin/bash", "-c", "curl x | sh"]'), 'Dockerfile');
    expect(df.instructions[1].run!.form).toBe('exec');
    expect(df.instructions[1].run!.script!.commands.map((c) => [c.program, c.args])).toEqual([['apt-get', ['install', '-y', 'x']]]);
    expect(df.instructions[2].run!.script!.commands.map((c) => c.program)).toEqual(['curl', 'sh']);
  });

  it('reads BuildKit flags', () => {
    const df = parseDockerfile(
      lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=secret,id=npm,env=NPM_TOKEN --network=none true'),
      'Dockerfile',
    );
    const run = df.instructions[1].run!;
    expect(run.mounts.map((m) => [m.type, m.options.target ?? m.options.id])).toEqual([
      ['cache', '/var/cache/apt'],
      ['secret', 'npm'],
    ]);
    expect(run.network).toBe('none');
    expect(run.script!.commands.map((c) => c.program)).toEqual(['true']);
  });

  it('does not parse a PowerShell RUN as POSIX shell', () => {
    const df = parseDockerfile(lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-Item x | Remove-Item'), 'Dockerfile');
    expect(df.instructions[2].run!.script).toBeUndefined();
  });

  it('handles the backtick escape directive', () => {
    const df = parseDockerfile(lines('# escape=`', 'FROM debian:12', 'RUN apt-get update `', '    && apt-get install -y x'), 'Dockerfile');
    expect(df.escapeChar).toBe('`');
    expect(df.instructions[1].run!.script!.commands.map((c) => c.program)).toEqual(['apt-get', 'apt-get']);
  });

  it('records a shell syntax error with its position', () => {
    const df = parseDockerfile(lines('FROM debian:12', "RUN echo 'unterminated"), 'Dockerfile');
    expect(df.instructions[1].run!.script!.error).toMatchObject({ line: 2 });
  });

  it('maps positions after non-ASCII text', () => {
    const script = parseShellScript('echo "héllo" && rm x', { start: { line: 3, column: 5 } });
    expect(script.commands[1].range.start).toEqual({ line: 3, column: 5 + 'echo "héllo" && '.length });
  });
});

describe('Dockerfile model: COPY, ONBUILD and input errors', () => {
  it('reads COPY flags, sources and destination; heredoc bodies are not arguments', () => {
    const df = parseDockerfile(lines('FROM debian:12', 'COPY --from=build --chown=1000:1000 --chmod=0755 --link a b /dst/', 'COPY <<EOF /etc/app.conf', 'key=value', 'EOF'), 'Dockerfile');
    expect(df.instructions[1].copy).toMatchObject({ from: 'build', chown: '1000:1000', chmod: '0755', link: true });
    expect(df.instructions[1].copy!.sources.map((w) => w.value)).toEqual(['a', 'b']);
    expect(df.instructions[2].copy!.dest!.value).toBe('/etc/app.conf');
    expect(df.instructions[2].heredocs[0]).toMatchObject({ name: 'EOF', body: 'key=value', terminated: true });
  });

  it('parses ONBUILD triggers at their real positions', () => {
    const df = parseDockerfile(lines('FROM debian:12', 'ONBUILD RUN apt-get install -y curl'), 'Dockerfile');
    const trigger = df.instructions[1].trigger!;
    expect(trigger.keyword).toBe('RUN');
    expect(trigger.onbuild).toBe(df.instructions[1]);
    expect(trigger.run!.script!.commands[0].range.start).toEqual({ line: 2, column: 13 });
  });

  it('reports unknown instructions and unterminated heredocs, and keeps going', () => {
    const df = parseDockerfile(lines('FROM debian:12', 'FOO bar', 'RUN <<EOF', 'echo'), 'Dockerfile');
    expect(df.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'unknown instruction "FOO"'],
      [3, 'heredoc <<EOF is never closed (no line "EOF" before the end of the file)'],
    ]);
    expect(df.instructions.map((i) => i.keyword)).toEqual(['FROM', 'FOO', 'RUN']);
  });

  it('reports a file with no instructions', () => {
    expect(parseDockerfile('# only a comment\n', 'Dockerfile').errors[0].message).toMatch(/no instructions/);
  });

  it('refuses binary and non-UTF-8 input with the position', () => {
    expect(() => decodeDockerfile(Buffer.from([0x46, 0, 0x4d]), 'bin')).toThrow(PlimsollInputError);
    try {
      decodeDockerfile(Buffer.concat([Buffer.from('FROM x\nRUN a'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]), 'latin1');
      expect.unreachable();
    } catch (err) {
      expect((err as PlimsollInputError).detail).toMatchObject({ source: 'latin1', line: 2, column: 6 });
    }
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodeDockerfile(Buffer.from('\ufeffFROM x\n'), 'bom')).toBe('FROM x\n');
  });
});
