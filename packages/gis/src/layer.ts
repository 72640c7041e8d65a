import type { Position } from "@picterra/core";
import type { CrsDefinition } from "./crs/epsg";
import { type Target, targetFor } from "./crs/reproject";
import { GisInputError, shown } from "./errors";
import { checkRings } from "./objects";
import type { CoordinateSpace, Field, FieldType, FieldValue, LayerFeature, LayerGeometry } from "./types";

/** How a layer is written, whatever its format. */
export interface LayerOptions {
  /** The CRS to write in, `EPSG:NNNN`. Default: WGS 84 (EPSG:4326) for lon/lat; none for pixels. */
  crs?: string | number;
  /** The layer's name (a GeoPackage table, a FlatGeobuf title). Default "objects". */
  layer?: string;
  /**
   * Where the features' coordinates live. Default: "pixels" when the first feature carries `area_px` (as
   * `pixelResultObjects` makes them), else "lonlat".
   */
  space?: CoordinateSpace;
  /** The attributes, in order. Default: the first feature's properties (numbers real, strings text). */
  fields?: readonly Field[];
  /** Default: the first feature's; Polygons are written as one-part MultiPolygons in a MultiPolygon layer. */
  geometryType?: "Polygon" | "MultiPolygon";
}

/** What every layer writer knows once the first feature is in. */
export interface LayerSpec {
  /** The layer's name (a GeoPackage table's, a FlatGeobuf header's). */
  name: string;
  /** The attributes, in the order they are written. */
  fields: readonly Field[];
  /** The geometry type the layer declares. */
  geometryType: "Polygon" | "MultiPolygon";
  /** null: no CRS (pixels). */
  crs: CrsDefinition | null;
}

/** A feature ready for a format: coordinates in the target CRS, values in field order, its bounding box. */
export interface PreparedFeature {
  /** Polygons, each a list of rings, in the target CRS. One for a Polygon layer. */
  polygons: Position[][][];
  values: FieldValue[];
  /** [minX, minY, maxX, maxY]. */
  bbox: [number, number, number, number];
}

/** A format's writer of one layer: takes prepared features, then gives the file's content. */
export interface FormatSink<Out> {
  add(feature: PreparedFeature): void;
  finish(extent: [number, number, number, number] | null, count: number): Out;
  /** Frees what the sink holds (a GeoPackage's database) when the layer is dropped unfinished. */
  abort?(): void;
}

const LAYER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const FIELD_TYPES = new Set<FieldType>(["text", "real", "integer", "boolean"]);

/**
 * One layer being written: features go in (checked, reprojected) with `add`, the format's bytes come out of
 * `finish`. Nothing is written anywhere: a bad feature throws from `add` and the layer is simply dropped.
 */
export class Layer<Out> {
  #spec: LayerSpec | undefined;
  #sink: FormatSink<Out> | undefined;
  #count = 0;
  #extent: [number, number, number, number] | null = null;
  #finished = false;
  #target: Target;

  constructor(
    target: Target,
    private readonly options: LayerOptions,
    private readonly makeSink: (spec: LayerSpec) => FormatSink<Out>,
  ) {
    this.#target = target;
  }

  /** How many features are in. */
  get count(): number {
    return this.#count;
  }

  /** The layer's name, fields, geometry type and CRS (known once the first feature is in, or at `finish`). */
  get spec(): LayerSpec | undefined {
    return this.#spec;
  }

  /** Adds features: each is checked and reprojected now, so that a bad one fails before anything is written. */
  add(features: Iterable<LayerFeature>): void {
    if (this.#finished) throw new GisInputError("this layer is finished: no feature can be added");
    for (const feature of features) {
      const where = `feature ${this.#count}`;
      if (feature?.type !== "Feature" || typeof feature.properties !== "object") {
        throw new GisInputError(`${where} is ${shown(feature)}; expected a GeoJSON Feature with properties`);
      }
      if (!this.#spec) this.#start(feature);
      const prepared = this.#prepare(feature, where);
      this.#sink!.add(prepared);
      this.#count++;
      const b = prepared.bbox;
      const e = this.#extent;
      this.#extent = e
        ? [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])]
        : [...b];
    }
  }

  /** The format's content. An empty layer keeps the fields and geometry type given in the options. */
  finish(): Out {
    if (this.#finished) throw new GisInputError("this layer is already finished");
    if (!this.#spec) this.#start(null);
    this.#finished = true;
    return this.#sink!.finish(this.#extent, this.#count);
  }

  /** Drops the layer unfinished, freeing what its format holds. */
  abort(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#sink?.abort?.();
  }

  #start(first: LayerFeature | null): void {
    const name = this.options.layer ?? "objects";
    if (!LAYER_NAME.test(name)) {
      throw new GisInputError(
        `layer name ${shown(name)} must be 1 to 63 letters, digits or underscores, not starting with a digit`,
      );
    }
    const space =
      this.options.space ?? (first && "area_px" in (first.properties ?? {}) ? "pixels" : "lonlat");
    if (space === "pixels") {
      if (this.options.crs !== undefined) {
        throw new GisInputError(
          `crs ${shown(this.options.crs)} cannot be applied to pixel coordinates of a non-georeferenced image: they have no CRS to reproject from`,
        );
      }
      this.#target = { crs: null };
    }
    const fields = checkFields(this.options.fields ?? inferFields(first));
    const geometryType =
      this.options.geometryType ?? (first?.geometry?.type === "MultiPolygon" ? "MultiPolygon" : "Polygon");
    this.#spec = { name, fields, geometryType, crs: this.#target.crs };
    this.#sink = this.makeSink(this.#spec);
  }

  #prepare(feature: LayerFeature, where: string): PreparedFeature {
    const spec = this.#spec!;
    const space = spec.crs === null ? "pixels" : "lonlat";
    const geometry = feature.geometry as LayerGeometry | null;
    let polygons: Position[][][];
    if (geometry?.type === "Polygon") polygons = [checkRings(geometry.coordinates, space, where)];
    else if (geometry?.type === "MultiPolygon" && Array.isArray(geometry.coordinates)) {
      if (spec.geometryType === "Polygon") {
        throw new GisInputError(
          `${where} is a MultiPolygon in a Polygon layer: pass geometryType: "MultiPolygon" to write both`,
        );
      }
      polygons = geometry.coordinates.map((p, k) => checkRings(p, space, `${where}, polygon ${k}`));
    } else {
      throw new GisInputError(
        `${where} has the geometry ${shown(geometry?.type ?? geometry)}; a layer holds Polygons and MultiPolygons`,
      );
    }
    const forward = this.#target.forward;
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    // Without a reprojection the positions are kept as they are (no copy: a large layer's memory is its coordinates).
    const out = forward
      ? polygons.map((rings) => rings.map((ring) => ring.map((p) => forward(p, where))))
      : polygons;
    for (const rings of out) {
      for (const ring of rings) {
        for (const p of ring) {
          const x = p[0]!;
          const y = p[1]!;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
    }
    return {
      polygons: out,
      values: valuesOf(feature.properties, spec.fields, where),
      bbox: [minX, minY, maxX, maxY],
    };
  }
}

/** The fields of a layer from its first feature: numbers real, strings and nulls text, booleans boolean. */
function inferFields(first: LayerFeature | null): Field[] {
  return Object.entries(first?.properties ?? {}).map(([name, value]) => ({
    name,
    type: typeof value === "number" ? "real" : typeof value === "boolean" ? "boolean" : "text",
  }));
}

/** Whether text holds a C0 control character or DEL: no format's field name should. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function checkFields(fields: readonly Field[]): readonly Field[] {
  const seen = new Set<string>();
  for (const field of fields) {
    if (typeof field?.name !== "string" || field.name === "" || hasControlCharacter(field.name)) {
      throw new GisInputError(
        `field name ${shown(field?.name)} must be non-empty text without control characters`,
      );
    }
    if (!FIELD_TYPES.has(field.type)) {
      throw new GisInputError(
        `field ${shown(field.name)} has the type ${shown(field.type)}; expected text, real, integer or boolean`,
      );
    }
    // SQLite, dBase and most GIS tools compare column names without case.
    const key = field.name.toLowerCase();
    if (seen.has(key))
      throw new GisInputError(`field ${shown(field.name)} appears twice (names ignore case)`);
    seen.add(key);
  }
  return fields;
}

function valuesOf(
  properties: Record<string, FieldValue>,
  fields: readonly Field[],
  where: string,
): FieldValue[] {
  for (const key of Object.keys(properties)) {
    if (!fields.some((f) => f.name === key)) {
      throw new GisInputError(
        `${where} has the attribute ${shown(key)}, which is not one of the layer's fields`,
      );
    }
  }
  return fields.map(({ name, type }) => {
    const value = properties[name] ?? null;
    if (value === null) return null;
    const ok =
      type === "text"
        ? typeof value === "string"
        : type === "boolean"
          ? typeof value === "boolean"
          : typeof value === "number" &&
            Number.isFinite(value) &&
            (type === "real" || Number.isSafeInteger(value));
    if (!ok) throw new GisInputError(`${where}: ${name} is ${shown(value)}, which is not a ${type} value`);
    return value;
  });
}

/** A layer of `format` over the sink `makeSink`, its CRS resolved (the EPSG table and proj4 loaded if needed). */
export async function openSink<Out>(
  options: LayerOptions,
  makeSink: (spec: LayerSpec) => FormatSink<Out>,
): Promise<Layer<Out>> {
  const space = options.space ?? (options.crs !== undefined ? "lonlat" : undefined);
  // Without a space, the first feature decides; lon/lat is resolved now, the check comes with that feature.
  const target = await targetFor(options.crs, space ?? "lonlat");
  return new Layer(space === "pixels" ? { crs: null } : target, options, makeSink);
}
