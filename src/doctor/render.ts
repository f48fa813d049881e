// doctor's output: text for people (one ✓/✗ line per link, then the fix), JSON for tools (the
// report as is; schema in docs/doctor.md, formatVersion 1).
import type { Fix } from './fix.js';
import type { DoctorReport, ImageReport } from './report.js';
import type { LinkStatus } from './types.js';

const MARK: Record<LinkStatus, string> = { ok: '✓', broken: '✗', unreadable: '?', warning: '!' };
const VERDICT_TEXT = { pullable: 'pullable', 'not-acr': 'not an ACR image', 'not-pullable': 'NOT PULLABLE', unreadable: 'UNKNOWN (a link could not be read)' };

export function renderDoctorJson(report: DoctorReport, write: (text: string) => void): void {
  write(`${JSON.stringify(report, null, 2)}\n`);
}

export function renderDoctorText(report: DoctorReport, write: (text: string) => void): void {
  write(`ECI account ${report.eciAccountId}, region ${report.regionId}; AcrRegistryInfo: ${entriesText(report)}\n`);
  if (report.cache) write(`image cache ${report.cache.imageCacheId}: ${report.cache.status}${report.cache.latestEvent ? `; latest event: ${report.cache.latestEvent}` : ''}\n`);
  for (const image of report.images) write(`\n${imageText(image)}`);
}

function entriesText(report: DoctorReport): string {
  if (report.entries.length === 0) return 'none';
  return report.entries
    .map((e, i) => {
      const fields = Object.entries(e).filter(([k, v]) => v !== undefined && !(k === 'domains' && (v as string[]).length === 0));
      return `#${i + 1} {${fields.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}}`;
    })
    .join(' ');
}

function imageText(image: ImageReport): string {
  const head = `${image.image}: ${VERDICT_TEXT[image.verdict]}${image.firstBroken ? ` (first broken link: ${image.firstBroken})` : ''}`;
  const width = Math.max(...image.links.map((l) => l.link.length));
  const links = image.links.map((l) => `  ${MARK[l.status]} ${l.link.padEnd(width)}  ${l.detail}`);
  return [head, ...links, ...(image.fix ? fixText(image.fix) : []), ''].join('\n');
}

function fixText(fix: Fix): string[] {
  const lines = ['', `  fix: ${fix.summary}`];
  if (fix.manifest) lines.push('', '  manifest:', ...indent(fix.manifest.trimEnd(), 4));
  if (fix.parameters && Object.keys(fix.parameters).length > 0) {
    lines.push('', '  OpenAPI parameters (CreateImageCache, CreateContainerGroup):', ...Object.entries(fix.parameters).map(([k, v]) => `    ${k}=${v}`));
  }
  if (fix.annotations && Object.keys(fix.annotations).length > 0) {
    lines.push('', '  ACK pod annotations:', ...Object.entries(fix.annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`));
  }
  return lines;
}

const indent = (text: string, n: number): string[] => text.split('\n').map((l) => `${' '.repeat(n)}${l}`);
