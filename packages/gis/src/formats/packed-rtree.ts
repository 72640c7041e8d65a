import { NODE_ITEM_BYTE_LEN, calcTreeSize, generateLevelBounds } from "flatgeobuf/lib/mjs/packedrtree.js";

/** The node size FlatGeobuf's writers use by default (GDAL's too). */
export const NODE_SIZE = 16;
const HILBERT_MAX = (1 << 16) - 1;

/**
 * The Hilbert index of a cell of a 2^16 × 2^16 grid (the bit-twiddling of flatbush and FlatGeobuf's writers):
 * near cells get near numbers, so features sorted by it are stored near each other.
 */
export function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}

/** The order in which to store boxes ([minX, minY, maxX, maxY]) so that the tree's nodes stay tight. */
export function hilbertOrder(boxes: readonly (readonly number[])[], extent: readonly number[]): number[] {
  const [minX, minY, maxX, maxY] = extent as [number, number, number, number];
  const w = maxX - minX || 1;
  const h = maxY - minY || 1;
  const keys = boxes.map((b) =>
    hilbert(
      Math.floor((HILBERT_MAX * ((b[0]! + b[2]!) / 2 - minX)) / w),
      Math.floor((HILBERT_MAX * ((b[1]! + b[3]!) / 2 - minY)) / h),
    ),
  );
  return boxes.map((_, i) => i).sort((p, q) => keys[p]! - keys[q]! || p - q);
}

/**
 * FlatGeobuf's packed Hilbert R-tree over boxes already in Hilbert order: the root first, the leaves last, each
 * node 40 bytes (minX, minY, maxX, maxY as doubles, then an offset). A leaf's offset is its feature's byte
 * offset in the features section (`offsets`); an inner node's is the index of its first child.
 */
export function packedRTree(boxes: readonly (readonly number[])[], offsets: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(calcTreeSize(boxes.length, NODE_SIZE));
  const view = new DataView(bytes.buffer);
  const levels = generateLevelBounds(boxes.length, NODE_SIZE);
  const nodes = bytes.length / NODE_ITEM_BYTE_LEN;
  const box = new Float64Array(nodes * 4);
  const offset = new Array<number>(nodes);
  const leafStart = levels[0]![0]!;
  boxes.forEach((b, i) => {
    box.set(b.slice(0, 4), (leafStart + i) * 4);
    offset[leafStart + i] = offsets[i]!;
  });
  for (let level = 0; level + 1 < levels.length; level++) {
    const [start, end] = levels[level]! as [number, number];
    let parent = levels[level + 1]![0]!;
    for (let first = start; first < end; first += NODE_SIZE, parent++) {
      let [x0, y0, x1, y1] = [
        Number.POSITIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ];
      for (let child = first; child < Math.min(first + NODE_SIZE, end); child++) {
        x0 = Math.min(x0, box[child * 4]!);
        y0 = Math.min(y0, box[child * 4 + 1]!);
        x1 = Math.max(x1, box[child * 4 + 2]!);
        y1 = Math.max(y1, box[child * 4 + 3]!);
      }
      box.set([x0, y0, x1, y1], parent * 4);
      offset[parent] = first;
    }
  }
  for (let n = 0; n < nodes; n++) {
    const at = n * NODE_ITEM_BYTE_LEN;
    view.setFloat64(at, box[n * 4]!, true);
    view.setFloat64(at + 8, box[n * 4 + 1]!, true);
    view.setFloat64(at + 16, box[n * 4 + 2]!, true);
    view.setFloat64(at + 24, box[n * 4 + 3]!, true);
    view.setBigUint64(at + 32, BigInt(offset[n]!), true);
  }
  return bytes;
}
