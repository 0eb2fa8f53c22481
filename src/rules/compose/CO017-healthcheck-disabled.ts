import { pairRange } from './support.js';
import { defineComposeRule } from './types.js';

export default defineComposeRule({
  meta: {
    id: 'CO017',
    name: 'healthcheck-disabled',
    aliases: [],
    family: 'CO',
    shortDescription: 'Do not disable the image\'s healthcheck',
    fullDescription:
      '`healthcheck: {disable: true}` or `test: ["NONE"]` turns off the HEALTHCHECK the image defines: `depends_on: {condition: service_healthy}`, orchestrators and monitoring then see a hung service as healthy. A service with no `healthcheck` key keeps the image\'s and is left alone.',
    defaultLevel: 'note',
    tags: ['reliability'],
    precision: 'very-high',
    messages: {
      disabled: 'Service "{{service}}" disables its healthcheck, so a hung service still looks healthy; keep the image\'s or write one',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      const by = service.healthcheck?.disabledBy;
      if (!by) continue;
      ctx.report({ messageId: 'disabled', node: by, at: pairRange(by), service });
    }
  },
});
