/**
 * Image references as Docker reads them, Docker Hub's normalisation (which cannot be tried
 * live here: the network is closed), and which references go to a registry rather than the
 * file system.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceForSource } from '../../src/layers/registry/options.js';
import { formatReference, isLoopback, parseReference } from '../../src/layers/registry/reference.js';
import { looksLikeRegistryRef } from '../../src/layers/sources/registry.js';
import { openImage } from '../../src/layers/index.js';
import { removeScratchDirs, scratchDir } from '../helpers/registry.js';

afterAll(removeScratchDirs);

const D = `sha256:${'ab'.repeat(32)}`;

describe('parseReference: normalisation', () => {
  it.each([
    ['nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', undefined, 'latest', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.27', '1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7', '7', 'docker.io/bitnami/redis:7'],
    ['docker.io/nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', undefined, 'latest', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1', '1', 'docker.io/library/nginx:1'],
    ['docker://nginx:1.27', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.27', '1.27', 'docker.io/library/nginx:1.27'],
    ['ghcr.io/org/app:v1.2.3', 'ghcr.io', 'ghcr.io', 'org/app', 'v1.2.3', 'v1.2.3', 'ghcr.io/org/app:v1.2.3'],
    ['localhost:5000/app', 'localhost:5000', 'localhost:5000', 'app', undefined, 'latest', 'localhost:5000/app:latest'],
    ['localhost/app:dev', 'localhost', 'localhost', 'app', 'dev', 'dev', 'localhost/app:dev'],
    ['127.0.0.1:5000/a/b/c:x', '127.0.0.1:5000', '127.0.0.1:5000', 'a/b/c', 'x', 'x', '127.0.0.1:5000/a/b/c:x'],
    ['[::1]:5000/app:1', '[::1]:5000', '[::1]:5000', 'app', '1', '1', '[::1]:5000/app:1'],
    [`quay.io/org/app@${D}`, 'quay.io', 'quay.io', 'org/app', undefined, D, `quay.io/org/app@${D}`],
    [`nginx:1.27@${D}`, 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.27', D, `docker.io/library/nginx:1.27@${D}`],
    ['my-registry.example.com:443/team/app_name__x:latest', 'my-registry.example.com:443', 'my-registry.example.com:443', 'team/app_name__x', 'latest', 'latest', 'my-registry.example.com:443/team/app_name__x:latest'],
  ])('%s', (text, registry, apiHost, repository, tag, manifestRef, formatted) => {
    const r = parseReference(text);
    expect(r).toMatchObject({ registry, apiHost, repository, manifestRef });
    expect(r.tag).toBe(tag);
    expect(formatReference(r)).toBe(formatted);
  });

  it.each([
    ['', 'empty image reference'],
    ['Nginx', 'repository names must be lowercase'],
    ['nginx:', 'invalid tag ""'],
    ['nginx:-x', 'invalid tag "-x"'],
    [`nginx@sha256:abc`, 'invalid digest "sha256:abc"'],
    [`nginx@sha512:${'a'.repeat(128)}`, 'is not a sha256 digest'],
    ['host:99999/app', 'invalid port'],
    ['a//b', '"" is not a valid path component'],
    ['https://ghcr.io/org/app', 'is a URL'],
    ['-bad.example.com/app', 'invalid registry host'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseReference(text)).toThrow(message);
  });

  it('loopback hosts, which Docker treats as insecure registries by default', () => {
    expect(['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['registry.local:5000', '10.0.0.1:5000', 'ghcr.io'].map(isLoopback)).toEqual([false, false, false]);
  });
});

describe('which references go to a registry', () => {
  it('references naming no local file do; files, paths and other transports do not', () => {
    const dir = scratchDir('plimsoll-refs-');
    const file = join(dir, 'app');
    writeFileSync(file, 'x');
    expect(looksLikeRegistryRef('nginx:1.27')).toBe(true);
    expect(looksLikeRegistryRef('ghcr.io/org/app')).toBe(true);
    expect(looksLikeRegistryRef('docker://anything')).toBe(true);
    expect(looksLikeRegistryRef(file)).toBe(false);
    expect(looksLikeRegistryRef(`${file}:tag`)).toBe(false);
    expect(looksLikeRegistryRef('app.tar')).toBe(false);
    expect(looksLikeRegistryRef('build/app.oci')).toBe(false);
    expect(looksLikeRegistryRef('./app')).toBe(false);
    expect(looksLikeRegistryRef('notes.txt')).toBe(false);
    expect(looksLikeRegistryRef('docker.io/someone/name.with.dots')).toBe(true);
    expect(looksLikeRegistryRef('docker-daemon:app:1')).toBe(false);
    expect(looksLikeRegistryRef('containers-storage:app')).toBe(false);
    expect(looksLikeRegistryRef('Not A Reference')).toBe(false);
  });

  it('a missing file that is no reference either says both', async () => {
    await expect(openImage('Missing/App.tgz')).rejects.toThrow('no such file or directory; give a docker save archive');
    await expect(openImage('Bad Name')).rejects.toThrow('no such file or directory (nor an image reference: invalid repository name "Bad Name"');
  });
});

describe('--source', () => {
  it.each([
    ['docker', 'nginx:1', 'docker-daemon:nginx:1', 'docker'],
    ['podman', 'app', 'docker-daemon:app', 'podman'],
    ['docker', 'docker-daemon:app', 'docker-daemon:app', 'docker'],
    ['registry', 'app.tar', 'docker://app.tar', undefined],
    ['oci', 'dir', 'oci:dir', undefined],
    ['oci-archive', 'x.tar', 'oci-archive:x.tar', undefined],
  ] as const)('--source %s %s → %s', (source, ref, want, engine) => {
    expect(referenceForSource(ref, source)).toEqual({ ref: want, engine });
  });

  it('refuses a reference whose prefix says another source', () => {
    expect(referenceForSource('oci:dir', 'docker')).toEqual({ error: '--source docker does not go with the reference "oci:dir" (its oci: prefix says otherwise)' });
  });
});
