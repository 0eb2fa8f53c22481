import { child, isScalar, isSeq, isUnresolved } from '../../compose/model.js';
import { defineComposeRule } from './types.js';

/** Devices that give raw access to memory or disks: reading them reads everything on the host. */
const RAW_DEVICE = /^\/dev\/(?:mem|kmem|port|sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|dm-\d+|mapper\/.+|loop\d+|disk\/.+)$/;

export default defineComposeRule({
  meta: {
    id: 'CO014',
    name: 'device-mapped',
    aliases: [],
    family: 'CO',
    shortDescription: 'Review host devices mapped into containers',
    fullDescription:
      '`devices:` hands a host device to the container, past the device cgroup that normally keeps it out. A serial adapter or a GPU (`/dev/ttyUSB0`, `/dev/dri`) is usually what the service is for; a disk (`/dev/sda`, `/dev/nvme0n1`), `/dev/mem` or the whole `/dev` is raw access to everything on the host. `device_cgroup_rules` that allow every device (`a *:* rwm`) are reported too. A note: check that each device is needed.',
    defaultLevel: 'note',
    tags: ['security'],
    securitySeverity: 5.0,
    precision: 'high',
    messages: {
      device: 'Service "{{service}}" gets host device {{device}}; make sure it needs it',
      raw: 'Service "{{service}}" gets host device {{device}}, raw access to {{what}}: whatever runs in it can read and change all of it',
      allDevices: 'Service "{{service}}" may create and use every host device (device_cgroup_rules "{{rule}}")',
    },
  },
  check(compose, ctx) {
    for (const service of compose.services) {
      for (const d of service.devices) {
        if (isUnresolved(d.node) || !d.value) continue;
        const host = hostDevice(d.value);
        const raw = host === '/dev' || RAW_DEVICE.test(host);
        ctx.report({
          messageId: raw ? 'raw' : 'device',
          data: { device: host, what: /^\/dev\/(?:mem|kmem|port)$/.test(host) ? 'host memory' : host === '/dev' ? 'every host device' : 'a host disk' },
          node: d.node,
          service,
          facts: { device: host },
          fingerprintKey: host,
        });
      }
      const rules = child(service.node, 'device_cgroup_rules');
      for (const item of isSeq(rules) ? rules.items : []) {
        if (!isScalar(item) || isUnresolved(item)) continue;
        const [type, numbers] = item.text.trim().split(/\s+/);
        if (type === 'a' || numbers === '*:*') ctx.report({ messageId: 'allDevices', data: { rule: item.text.trim() }, node: item, service });
      }
    }
  },
});

/** `HOST[:CONTAINER[:PERMS]]` (or a CDI name `vendor.com/class=name`) -> the host part. */
function hostDevice(spec: string): string {
  if (!spec.startsWith('/')) return spec;
  return spec.split(':')[0].replace(/\/+$/, '') || '/';
}
