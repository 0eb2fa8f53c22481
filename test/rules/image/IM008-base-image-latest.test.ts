import { describe } from 'vitest';
import rule from '../../../src/rules/image/IM008-base-image-latest.js';
import { imageRuleTester } from './harness.js';

const t = imageRuleTester(rule);
const NAME = 'org.opencontainers.image.base.name';
const DIGEST = 'org.opencontainers.image.base.digest';

describe('IM008 base-image-latest', () => {
  t.catches('the base annotation says :latest', { annotations: { [NAME]: 'docker.io/library/alpine:latest', [DIGEST]: 'sha256:95df25d94fee430a62290a5184875572c58c571dcf7447be97a4e22e014a1191' } }, [
    { messageId: 'latest', configKey: `manifest.annotations["${NAME}"]`, message: 'is the `latest` tag: rebuilds take whatever that tag points to then (this build used sha256:95df25d94fee…)' },
  ]);
  t.catches('no tag in the base annotation', { annotations: { [NAME]: 'alpine' } }, [{ messageId: 'latest', message: 'has no tag' }]);
  t.catches('the base as a label', { config: { Labels: { [NAME]: 'ghcr.io/acme/base' } } }, [{ messageId: 'latest', configKey: `config.Labels["${NAME}"]` }]);
  t.catches('buildah\'s FROM comment in the history', {
    history: [{ created_by: '/bin/sh -c #(nop) ADD file:0a1b in / ' }, { created_by: '/bin/sh -c #(nop) ENV A=b', comment: 'FROM debian', empty_layer: true }],
  }, [{ messageId: 'latest', configKey: 'history[1].comment', historyIndex: 1 }]);

  t.leavesAlone('a version tag', { annotations: { [NAME]: 'docker.io/library/alpine:3.20' } });
  t.leavesAlone('a digest', { annotations: { [NAME]: 'alpine@sha256:95df25d94fee430a62290a5184875572c58c571dcf7447be97a4e22e014a1191' } });
  t.leavesAlone('a tag that only contains "latest"', { annotations: { [NAME]: 'acme/app:latest-2024' } });
  t.leavesAlone('no record of the base', {});
  t.leavesAlone('buildah comments that name intermediate images by ID', { history: [{ created_by: '/bin/sh -c #(nop) ADD file:0a1b in / ' }, { created_by: '/bin/sh -c #(nop) ENV A=b', comment: 'FROM 5d9592c23a3b', empty_layer: true }] });
  t.leavesAlone('FROM scratch', { history: [{ created_by: '/bin/sh -c #(nop) COPY file:0a1b in / ', comment: 'FROM scratch' }] });
});
