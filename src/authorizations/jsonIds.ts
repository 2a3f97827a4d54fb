// Image IDs in a JSON value: arrays of IDs, objects with an ImageId (and
// their SizeKey), and arrays under keys naming image IDs.
import { Collector, Extraction, HAS_ALNUM } from './idCollector';
import { isImageId } from './imageIdShape';

/**
 * A value in an ID position as an ID string, or undefined when it is not a
 * scalar at all (null, booleans: ignored silently). Only safe integers are
 * accepted as numbers: String(12345678901234567890) would be a different ID.
 */
function scalarCandidate(value: unknown, out: Collector): string | undefined {
  if (typeof value === 'string') {
    const id = value.trim();
    if (isImageId(id)) {
      return id;
    }
    if (HAS_ALNUM.test(id)) {
      out.skip(value);
    }
  } else if (typeof value === 'number') {
    const id = String(value);
    if (Number.isSafeInteger(value) && isImageId(id)) {
      return id;
    }
    out.skip(id);
  }
  return undefined;
}

/**
 * A parsed JSON value (or any plain data). Finds IDs in:
 *  - arrays of IDs at the top level (nested arrays too),
 *  - any object with an `ImageId` key, at any depth, with that object's `SizeKey`,
 *  - arrays under keys containing "imageid" (`ImageIds: [...]`).
 * Key names are matched without case. Other strings (titles, captions...) are ignored.
 *
 * The walk uses an explicit stack, so nesting depth is bounded by memory, not
 * by the call stack; shared or cyclic references are visited once.
 */
export function extractFromJson(value: unknown): Extraction {
  return walkJson(value, true);
}

/**
 * `guardCycles` is off for values fresh from readJson, which cannot contain
 * cycles or shared references; remembering 100,000 visited objects costs as
 * much as the rest of the walk.
 */
export function walkJson(value: unknown, guardCycles: boolean): Extraction {
  const out = new Collector();
  const visited = guardCycles ? new Set<object>() : undefined;
  // Two parallel stacks (node, "bare scalars here are IDs") rather than one
  // of small objects: this loop runs once per value of a possibly huge file.
  // Children are pushed in reverse so they pop in document order.
  const nodes: unknown[] = [value];
  const idContexts: boolean[] = [true];

  while (nodes.length > 0) {
    const node = nodes.pop();
    const idContext = idContexts.pop()!;

    if (typeof node !== 'object' || node === null) {
      if (idContext) {
        const id = scalarCandidate(node, out);
        if (id !== undefined) {
          out.add(id, undefined);
        }
      }
      continue;
    }
    if (visited !== undefined) {
      if (visited.has(node)) {
        continue;
      }
      visited.add(node);
    }

    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        nodes.push(node[i]);
        idContexts.push(idContext);
      }
    } else {
      visitObject(node as Record<string, unknown>, out, nodes, idContexts);
    }
  }
  return out.result('json');
}

/** Case-insensitive key test; the length check skips the lower-casing for most keys. */
function keyIs(key: string, lowerName: string): boolean {
  return key.length === lowerName.length && key.toLowerCase() === lowerName;
}

function visitObject(node: Record<string, unknown>, out: Collector, nodes: unknown[], idContexts: boolean[]): void {
  const keys = Object.keys(node);
  let imageIdKey: string | undefined;
  let sizeKeyKey: string | undefined;
  for (const key of keys) {
    if (imageIdKey === undefined && keyIs(key, 'imageid')) {
      imageIdKey = key;
    } else if (sizeKeyKey === undefined && keyIs(key, 'sizekey')) {
      sizeKeyKey = key;
    }
  }

  if (imageIdKey !== undefined) {
    const id = scalarCandidate(node[imageIdKey], out);
    if (id !== undefined) {
      const size = sizeKeyKey === undefined ? undefined : node[sizeKeyKey];
      const sizeKey = typeof size === 'string' && size.trim() !== '' ? size.trim() : undefined;
      out.add(id, sizeKey);
    }
  }

  for (let k = keys.length - 1; k >= 0; k--) {
    const child = node[keys[k]];
    // Scalars of an object are never bare IDs (ImageId was handled above).
    if (typeof child === 'object' && child !== null) {
      nodes.push(child);
      // `ImageIds: [...]`: bare values in that array are IDs; elsewhere they are not.
      idContexts.push(Array.isArray(child) && keys[k].toLowerCase().includes('imageid'));
    }
  }
}
