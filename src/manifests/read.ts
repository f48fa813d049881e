// Discovered files → texts, within the size limits, strictly decoded. A file that cannot be read
// whole and decoded exactly is an error diagnostic: never a partial text, never U+FFFD written to
// the cloud as a role description.
import type { Diagnostic } from './diagnostics.js';
import { errorCode, fileDiagnostic, type DiscoveredFile } from './discover.js';
import { FileTooLargeError, NotRegularFileError, type ManifestFs } from './fs.js';
import type { LoadLimits } from './limits.js';

export interface Text {
  file: string;
  text: string;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Reads the files in order; stops at the first one that would pass the total limit. */
export function* readFiles(files: readonly DiscoveredFile[], fs: ManifestFs, limits: LoadLimits, diagnostics: Diagnostic[]): Generator<void, Text[]> {
  const texts: Text[] = [];
  let total = 0;
  for (const f of files) {
    if (f.size > limits.maxFileBytes) {
      diagnostics.push(tooLarge(f.path, f.size, limits.maxFileBytes));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = fs.readFile(f.path, limits.maxFileBytes);
    } catch (error) {
      diagnostics.push(readFailure(f.path, error, limits.maxFileBytes));
      continue;
    }
    total += bytes.length;
    if (total > limits.maxTotalBytes) {
      diagnostics.push(
        fileDiagnostic(f.path, 'INPUT_TOO_LARGE', `the manifests exceed ${limits.maxTotalBytes} bytes in total at ${f.path}; raise --max-total-size to read them`),
      );
      return texts;
    }
    const text = decode(f.path, bytes, diagnostics);
    if (text !== undefined) texts.push({ file: f.path, text });
    yield;
  }
  return texts;
}

function tooLarge(path: string, size: number | undefined, limit: number): Diagnostic {
  const what = size === undefined ? `more than ${limit} bytes` : `${size} bytes, more than the limit of ${limit}`;
  return fileDiagnostic(path, 'FILE_TOO_LARGE', `${path} is ${what}; raise --max-file-size to read it`);
}

function readFailure(path: string, error: unknown, limit: number): Diagnostic {
  if (error instanceof FileTooLargeError) return tooLarge(path, undefined, limit);
  if (error instanceof NotRegularFileError) return fileDiagnostic(path, 'NOT_A_REGULAR_FILE', `${path} is ${error.kind}, not a regular file; it is never read`);
  return fileDiagnostic(path, 'FILE_UNREADABLE', `cannot read ${path}: ${errorCode(error)}`);
}

/** The text, or undefined with a NOT_UTF8 diagnostic at the first invalid byte. */
export function decode(path: string, bytes: Uint8Array, diagnostics: Diagnostic[]): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    // (lastIndexOf with a negative start would search from the end.)
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i += 1) if (bytes[i] === 0x0a) line += 1;
    const column = lenient.decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    diagnostics.push(fileDiagnostic(path, 'NOT_UTF8', `${path} is not valid UTF-8 (byte 0x${byte} at offset ${offset}); manifests must be UTF-8 text`, line, column));
    return undefined;
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const extra = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k += 1) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += extra + 1;
  }
  return b.length;
}
